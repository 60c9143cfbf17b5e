/**
 * Browser tests of the moderator dashboard (issue 5, test 6, plus polling, shortcuts and single actions),
 * in Debian's chromium via playwright-core against the real stack. Every comment is flagged here
 * (flagThreshold 0), so the Flagged tab is the moderator's queue.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestStack } from '../support/harness.ts';
import { SKIP_REASON, artifactPath, baseOf, closeBrowser, launchBrowser, moderation, postComment, signInWithToken, waitForStatus } from '../support/browser.ts';

type Stack = Awaited<ReturnType<typeof startTestStack>>;

const THREAD = 'japan-eu-security';

describe('moderator dashboard in a real browser', { skip: SKIP_REASON }, () => {
  let stack: Stack;
  let browser: Browser;
  let base: string;

  before(async () => {
    [stack, browser] = await Promise.all([startTestStack({ flagThreshold: 0, rejectThreshold: 1.01 }), launchBrowser()]);
    base = baseOf(stack);
  });
  after(async () => {
    await closeBrowser(browser);
    await stack?.stop();
  });

  async function flagged(name: string, comment: string, extra: { website?: string } = {}): Promise<string> {
    const id = await postComment(stack, { threadId: THREAD, name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`, comment, ...extra });
    await waitForStatus(stack, id, ['flagged']);
    return id;
  }

  async function openDashboard(query = ''): Promise<{ page: Page; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/moderation${query}`);
    return { page, close: () => context.close() };
  }

  /** Submits a token without waiting for the outcome: for tokens the page must refuse. */
  async function signIn(page: Page, token: string): Promise<void> {
    await page.getByLabel('Moderator token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  const count = (page: Page, status: string) => page.locator(`[data-count="${status}"]`);

  test('6. the dashboard refuses a wrong token; bulk approve works', async () => {
    const ids = [
      await flagged('Lena Fischer', 'Good to see the EU finally looking beyond its own neighbourhood.\nThe undersea cable part deserves more attention.'),
      await flagged('Yuki Sato', 'As someone in Yokohama, the joint exercises are the news here. Semiconductors are the real story though.'),
      await flagged('Cheap Followers', 'Get 10000 followers FREE!!! Buy now, limited offer, click here http://followers-cheap.example/buy and subscribe today, best price guaranteed', {
        website: 'http://followers-cheap.example',
      }),
    ];
    const { page, close } = await openDashboard();
    try {
      await signIn(page, 'definitely-not-the-token');
      await page.getByRole('alert').filter({ hasText: /refused/ }).waitFor();
      assert.equal(await page.locator('#app').isVisible(), false, 'nothing is shown with a wrong token');
      assert.equal(await page.evaluate(() => sessionStorage.getItem('cmw:moderatorToken')), null);

      await signInWithToken(page, stack.moderatorToken);
      for (const id of ids) await page.locator(`.item[data-id="${id}"]`).waitFor();
      assert.equal(await count(page, 'flagged').textContent(), '3');
      assert.equal(await page.evaluate(() => sessionStorage.getItem('cmw:moderatorToken')), stack.moderatorToken);
      assert.deepEqual(await page.context().cookies(), []);

      // Each row shows thread, name, email, website, text, score bar and reasons.
      const spam = page.locator(`.item[data-id="${ids[2]}"]`);
      assert.match((await spam.locator('.meta').innerText()), /japan-eu-security/);
      assert.match((await spam.locator('.meta').innerText()), /cheap\.followers@example\.com/);
      assert.equal(await spam.locator('a.website').getAttribute('href'), 'http://followers-cheap.example/');
      assert.equal(await spam.getByRole('meter').count(), 1);
      assert.ok((await spam.locator('.reasons li').count()) > 0, 'reasons are listed');
      await page.screenshot({ path: artifactPath('dashboard.png'), fullPage: true });

      // Bulk approve the first two.
      await page.getByRole('checkbox', { name: 'Select comment by Lena Fischer' }).check();
      await page.getByRole('checkbox', { name: 'Select comment by Yuki Sato' }).check();
      await page.getByText('2 selected').waitFor();
      await page.getByRole('button', { name: 'Approve selected' }).click();
      await page.locator(`.item[data-id="${ids[0]}"]`).waitFor({ state: 'detached' });
      await page.locator(`.item[data-id="${ids[1]}"]`).waitFor({ state: 'detached' });
      await page.getByRole('status').filter({ hasText: 'Approved 2 comments' }).waitFor();
      for (const id of ids.slice(0, 2)) assert.equal((await waitForStatus(stack, id, ['published'])).decidedBy, 'moderator');
      assert.equal((await moderation(stack, 'GET', `/comments/${ids[2]}`)).json.status, 'flagged');
      assert.equal(await count(page, 'flagged').textContent(), '1');
      assert.equal(await count(page, 'published').textContent(), '2');

      // The token survives a reload of the tab (sessionStorage).
      await page.reload();
      await page.locator(`.item[data-id="${ids[2]}"]`).waitFor();
      assert.equal(await page.locator('#login').isVisible(), false);

      await page.getByRole('tab', { name: /Published/ }).click();
      await page.locator(`.item[data-id="${ids[0]}"]`).waitFor();

      // Bulk spam from the Published tab with "Select all".
      await page.getByLabel('Select all').check();
      await page.getByRole('button', { name: 'Mark selected as spam' }).click();
      await page.getByRole('status').filter({ hasText: 'Marked as spam 2 comments' }).waitFor();
      for (const id of ids.slice(0, 2)) await waitForStatus(stack, id, ['spam']);
      await page.locator('#empty').waitFor();
    } finally {
      await close();
    }
  });

  test('missing token is refused and the moderation API never allows another origin', async () => {
    const { page, close } = await openDashboard();
    try {
      const noAuth = await page.evaluate(async () => (await fetch('/api/v1/moderation/stats')).status);
      assert.equal(noAuth, 401);
      const res = await fetch(`${base}/api/v1/moderation/stats`, { headers: { Origin: 'http://evil.example', Authorization: `Bearer ${stack.moderatorToken}` } });
      assert.equal(res.headers.get('access-control-allow-origin'), null);
      const headers = (await page.goto(`${base}/moderation`))!.headers();
      assert.match(headers['content-security-policy'] ?? '', /frame-ancestors 'none'/);
      assert.equal(headers['cache-control'], 'no-store');
    } finally {
      await close();
    }
  });

  test('newly flagged comments appear without a reload (polling)', async () => {
    const { page, close } = await openDashboard('?poll=500');
    try {
      await signInWithToken(page, stack.moderatorToken);
      await page.locator('#app').waitFor();
      const before = Number(await count(page, 'flagged').textContent());
      const id = await flagged('Late Arrival', 'This arrived after the moderator opened the dashboard.');
      await page.locator(`.item[data-id="${id}"]`).waitFor({ timeout: 5000 });
      await page.waitForFunction((n) => document.querySelector('[data-count="flagged"]')?.textContent === String(n), before + 1);
    } finally {
      await close();
    }
  });

  test('keyboard shortcuts: j/k move, a approves, s marks spam; Delete removes', async () => {
    const a = await flagged('Keyboard One', 'First comment for the keyboard test.');
    const b = await flagged('Keyboard Two', 'Second comment for the keyboard test.');
    const c = await flagged('Keyboard Three', 'Third comment for the keyboard test.');
    // Delete waits out its undo time before the comment goes; ?undo= shortens it.
    const { page, close } = await openDashboard('?undo=500');
    try {
      await signInWithToken(page, stack.moderatorToken);
      for (const id of [a, b, c]) await page.locator(`.item[data-id="${id}"]`).waitFor();
      const order = await page.locator('.item').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!));
      const mine = order.filter((id) => [a, b, c].includes(id));
      const current = () => page.locator('.item.current').getAttribute('data-id');

      await page.locator('body').press('j');
      assert.equal(await current(), order[0]);
      await page.locator('body').press('j');
      assert.equal(await current(), order[1]);
      await page.locator('body').press('k');
      assert.equal(await current(), order[0]);

      // Move to our first comment and approve it with "a".
      while ((await current()) !== mine[0]) await page.keyboard.press('j');
      await page.keyboard.press('a');
      await page.locator(`.item[data-id="${mine[0]}"]`).waitFor({ state: 'detached' });
      assert.equal((await waitForStatus(stack, mine[0], ['published'])).decidedBy, 'moderator');

      // The next one slides into place; mark it spam with "s".
      await page.waitForFunction(() => document.activeElement?.classList.contains('current'));
      while ((await current()) !== mine[1]) await page.keyboard.press('j');
      await page.keyboard.press('s');
      await page.locator(`.item[data-id="${mine[1]}"]`).waitFor({ state: 'detached' });
      await waitForStatus(stack, mine[1], ['spam']);

      await page.locator(`.item[data-id="${mine[2]}"]`).getByRole('button', { name: 'Delete' }).click();
      await page.locator(`.item[data-id="${mine[2]}"]`).waitFor({ state: 'detached' });
      await page.getByRole('status').filter({ hasText: 'Deleted 1 comment.' }).waitFor();
      assert.equal((await moderation(stack, 'GET', `/comments/${mine[2]}`)).status, 404);
    } finally {
      await close();
    }
  });
});
