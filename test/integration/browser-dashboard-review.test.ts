/**
 * Browser tests of the dashboard's review tools in Debian's chromium against the real stack: the
 * moderator's name in the header, the site picker and site column, newest first with a toggle, search,
 * the thread link and the parent's excerpt, the full record with its history, deletion with undo, the
 * plain model summary, and the layout at 390 px. Every comment is flagged here (flagThreshold 0).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestStack } from '../support/harness.ts';
import { moderatorsCli } from '../support/moderators.ts';
import { redisKeys } from '../../src/store/redis-keys.ts';
import { patchStoredFields } from '../support/comment-records.ts';
import { addSite, type CreatedSite } from '../support/sites.ts';
import { SKIP_REASON, artifactPath, baseOf, closeBrowser, launchBrowser, moderation, signInWithPassword, waitForStatus } from '../support/browser.ts';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
const PASSWORD = 'a long enough password';

describe('dashboard review tools in a real browser', { skip: SKIP_REASON }, () => {
  let stack: Stack;
  let browser: Browser;
  let base: string;
  let news: CreatedSite;
  let sport: CreatedSite;

  before(async () => {
    [stack, browser] = await Promise.all([startTestStack({ flagThreshold: 0, rejectThreshold: 1.01, env: { SITE_REFRESH_MS: '100' } }), launchBrowser()]);
    base = baseOf(stack);
    news = await addSite(stack, 'News', ['--id', 'news', '--origins', 'https://news.example']);
    sport = await addSite(stack, 'Sport', ['--id', 'sport']);
    await moderatorsCli(stack, ['add', '--name', 'ada', '--role', 'admin', '--password-stdin'], PASSWORD);
    await moderatorsCli(stack, ['add', '--name', 'nina', '--role', 'moderator', '--sites', 'news', '--password-stdin'], PASSWORD);
  });
  after(async () => {
    await closeBrowser(browser);
    await stack?.stop();
  });

  async function post(site: CreatedSite, body: Record<string, string>, status = 'flagged'): Promise<string> {
    const res = await fetch(`${base}/api/v1/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${site.apiKey}`, 'User-Agent': 'ReviewTest/1.0' },
      body: JSON.stringify({ threadId: 'review', name: 'Reader', email: 'reader@example.com', ...body }),
    });
    const json = (await res.json()) as { id?: string };
    if (res.status !== 202 || !json.id) throw new Error(`POST → ${res.status} ${JSON.stringify(json)}`);
    await waitForStatus(stack, json.id, [status]);
    return json.id;
  }

  async function open(viewport = { width: 1200, height: 900 }, query = ''): Promise<{ page: Page; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${base}/moderation${query}`);
    return { page, close: () => context.close() };
  }

  async function signIn(page: Page, name: string): Promise<void> {
    await signInWithPassword(page, name, PASSWORD);
    await page.locator('#app').waitFor();
  }

  const rowIds = (page: Page) => page.locator('.item').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!));

  test('name in the header; site picker filters with a site column; newest first and the toggle; search; thread link; parent excerpt; full record and history', async () => {
    const sportOne = await post(sport, { name: 'Sam Sport', email: 'sam@sport.example', comment: 'What a match that was last night.' });
    const parent = await post(news, { name: 'Paula Parent', threadId: '/2026/harbour', comment: 'The harbour plan ignores the fishermen who work there every day.' });
    await moderation(stack, 'POST', `/comments/${parent}/approve`);
    await waitForStatus(stack, parent, ['published']);
    const reply = await post(news, { name: 'Rick Reply', email: 'rick.reply@example.net', threadId: '/2026/harbour', parentId: parent, comment: 'The fishermen were consulted twice, though.' });
    const newsNewest = await post(news, { name: 'Nora Newest', email: 'nora@example.com', threadId: '/2026/harbour', comment: 'The newest news comment of all.' });

    const { page, close } = await open();
    try {
      await signIn(page, 'ada');
      await page.locator('#who').filter({ hasText: 'Signed in as ada (admin)' }).waitFor();
      const model = await page.locator('#model').innerText();
      assert.match(model, /^Spam model trained on [\d,]+ comments; (learned from [\d,]+ of your decisions|learned from 1 decision of yours|no decisions of yours learned from yet)$/);
      assert.doesNotMatch(model, /\+learned|version/i);

      // Newest first by default, across sites, each row naming its site.
      for (const id of [sportOne, reply, newsNewest]) await page.locator(`.item[data-id="${id}"]`).waitFor();
      const order = await rowIds(page);
      assert.ok(order.indexOf(newsNewest) < order.indexOf(reply) && order.indexOf(reply) < order.indexOf(sportOne), `newest first: ${order.join(',')}`);
      assert.equal(await page.locator(`.item[data-id="${sportOne}"] .site`).innerText(), 'Sport');
      assert.equal(await page.locator(`.item[data-id="${reply}"] .site`).innerText(), 'News');

      await page.locator('#order').selectOption('oldest');
      await page.waitForFunction(([a, b]) => {
        const ids = Array.from(document.querySelectorAll('.item')).map((e) => e.getAttribute('data-id'));
        return ids.includes(a!) && ids.indexOf(a!) < ids.indexOf(b!);
      }, [sportOne, newsNewest]);
      await page.locator('#order').selectOption('newest');

      // The site picker lists every site for an admin and filters the list.
      const options = await page.locator('#site option').allInnerTexts();
      assert.deepEqual(options, ['All sites', 'Default site (default)', 'News (news)', 'Sport (sport)']);
      await page.locator('#site').selectOption('news');
      await page.locator(`.item[data-id="${sportOne}"]`).waitFor({ state: 'detached' });
      await page.locator(`.item[data-id="${reply}"]`).waitFor();
      assert.ok((await page.locator('.item .site').allInnerTexts()).every((s) => s === 'News'));
      assert.equal(await page.locator('[data-count="flagged"]').innerText(), String((await rowIds(page)).length), 'counts follow the site');

      // The reply: a thread link on the site's origin and its parent's words instead of an id.
      const row = page.locator(`.item[data-id="${reply}"]`);
      assert.equal(await row.locator('a.thread').getAttribute('href'), 'https://news.example/2026/harbour');
      assert.match(await row.locator('.parent').innerText(), /^Reply to Paula Parent: The harbour plan ignores the fishermen/);
      assert.doesNotMatch(await row.locator('.meta').innerText(), new RegExp(parent));

      // The full record: IP address and user agent; the history: the spam filter's move.
      await row.getByText('Full record and history').click();
      const record = row.locator('.record-fields');
      assert.match(await record.innerText(), /IP address\s+127\.0\.0\.1/);
      assert.match(await record.innerText(), /User agent\s+ReviewTest\/1\.0/);
      await row.locator('.history-entry').first().waitFor();
      assert.match(await row.locator('.history-entry').first().innerText(), /the spam filter: pending → flagged/);
      await page.screenshot({ path: artifactPath('dashboard-review.png'), fullPage: true });

      // Search by e-mail, then by text; clearing it shows everything again.
      await page.getByLabel('Search by e-mail, IP address or text').fill('rick.reply@');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForFunction((id) => {
        const ids = Array.from(document.querySelectorAll('.item')).map((e) => e.getAttribute('data-id'));
        return ids.length === 1 && ids[0] === id;
      }, reply);
      await page.getByLabel('Search by e-mail, IP address or text').fill('NEWEST NEWS');
      await page.keyboard.press('Enter');
      await page.waitForFunction((id) => {
        const ids = Array.from(document.querySelectorAll('.item')).map((e) => e.getAttribute('data-id'));
        return ids.length === 1 && ids[0] === id;
      }, newsNewest);
      await page.getByLabel('Search by e-mail, IP address or text').fill('');
      await page.locator(`.item[data-id="${reply}"]`).waitFor();
    } finally {
      await close();
    }
  });

  test('a moderator of one site sees only that site and no picker; erased IP and user agent say so; sign-out ends the session', async () => {
    const mine = await post(news, { name: 'For Nina', comment: 'A news comment for nina.' });
    const notMine = await post(sport, { name: 'Not For Nina', comment: 'A sport comment nina must not see.' });
    // As the retention job leaves a comment once its IP address and user agent are erased.
    await patchStoredFields(stack.redis, redisKeys(stack.prefix).comment(mine), { ip: '', userAgent: '' });
    const { page, close } = await open();
    try {
      await signIn(page, 'nina');
      await page.locator('#who').filter({ hasText: 'Signed in as nina' }).waitFor();
      await page.locator(`.item[data-id="${mine}"]`).waitFor();
      assert.equal(await page.locator(`.item[data-id="${notMine}"]`).count(), 0);
      const row = page.locator(`.item[data-id="${mine}"]`);
      await row.getByText('Full record and history').click();
      assert.match(await row.locator('.record-fields').innerText(), /IP address\s+erased\s+User agent\s+erased/);
      await page.waitForFunction(() => document.querySelectorAll('#site option').length === 2, undefined, { timeout: 5000 });
      assert.deepEqual(await page.locator('#site option').allInnerTexts(), ['All my sites', 'News (news)']);
      assert.equal(await page.locator('#site-picker').isVisible(), false, 'one site: nothing to pick');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.locator('#login').waitFor();
      assert.equal(await page.locator('#who').innerText(), '');
      assert.equal((await page.evaluate(async () => (await fetch('/api/v1/session')).status)), 401);
    } finally {
      await close();
    }
  });

  test('Delete offers Undo: undone, the comment stays; left alone, it is deleted when the time is up', async () => {
    const kept = await post(sport, { name: 'Undo Me', comment: 'Deleted by mistake, then kept.' });
    const gone = await post(sport, { name: 'Delete Me', comment: 'Deleted for good.' });
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    try {
      // The page's timers run on a clock this test moves: the undo time (the default 10 s) runs out when the test
      // moves the clock on, never early because a loaded machine was slow between two steps, and without a wait.
      // Paused from the start, before the page is loaded: nothing the page does depends on its timers but the undo.
      const start = Date.now();
      await page.clock.install({ time: start });
      await page.clock.pauseAt(start + 60_000);
      await page.goto(`${base}/moderation`);
      await signIn(page, 'ada');
      await page.locator(`.item[data-id="${kept}"]`).getByRole('button', { name: 'Delete' }).click();
      await page.locator(`.item[data-id="${kept}"]`).waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Undo' }).click();
      await page.locator(`.item[data-id="${kept}"]`).waitFor();
      await page.getByRole('status').filter({ hasText: 'Deletion undone' }).waitFor();

      await page.locator(`.item[data-id="${gone}"]`).getByRole('button', { name: 'Delete' }).click();
      await page.locator(`.item[data-id="${gone}"]`).waitFor({ state: 'detached' });
      assert.equal(await page.locator('#undo').isVisible(), true);
      assert.equal((await moderation(stack, 'GET', `/comments/${gone}`)).status, 200, 'not deleted while it can be undone');
      await page.clock.runFor(10_000);
      await page.getByRole('status').filter({ hasText: 'Deleted 1 comment.' }).waitFor();
      assert.equal((await moderation(stack, 'GET', `/comments/${gone}`)).status, 404);
      // The undone deletion was held first, for as long: had Undo not cancelled it, it would be carried out by now.
      assert.equal((await moderation(stack, 'GET', `/comments/${kept}`)).status, 200, 'an undone deletion never reaches the service');
      assert.equal(await page.locator('#undo').isVisible(), false);
      assert.equal(await page.locator(`.item[data-id="${gone}"]`).count(), 0, 'it does not come back');
    } finally {
      await context.close();
    }
  });

  test('at 390 × 844 every tab is visible and clickable and nothing scrolls sideways', async () => {
    await post(news, { name: 'A Rather Long Name For A Narrow Screen', email: 'a.very.long.email.address.for.testing@subdomain.example.com', comment: `${'Longwordwithoutanybreaks'.repeat(6)} and a link https://example.com/${'x'.repeat(80)}` });
    const { page, close } = await open({ width: 390, height: 844 });
    try {
      await signIn(page, 'ada');
      await page.locator('.item').first().waitFor();
      const tabs = page.getByRole('tab');
      const n = await tabs.count();
      assert.ok(n >= 4);
      for (let i = 0; i < n; i++) {
        const tab = tabs.nth(i);
        const box = (await tab.boundingBox())!;
        assert.ok(box.x >= 0 && box.x + box.width <= 390, `tab ${i} within the screen: ${JSON.stringify(box)}`);
        await tab.click();
        assert.equal(await tab.getAttribute('aria-selected'), 'true');
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `no sideways scroll with tab ${i}: scrollWidth ${width}`);
      }
      await page.getByRole('tab', { name: /Flagged/ }).click();
      await page.locator('.item').first().waitFor();
      await page.locator('.item .record summary').first().click();
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390);
      await page.screenshot({ path: artifactPath('dashboard-390.png'), fullPage: true });
    } finally {
      await close();
    }
  });
});
