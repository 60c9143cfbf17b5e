/**
 * The dashboard's Clusters view in Debian's chromium against the real stack: a spam wave of near-duplicate
 * comments is listed as one cluster with its size and an example, and "Mark all spam", once confirmed,
 * moves exactly that wave; cancelling does nothing. Every comment is flagged here (flagThreshold 0).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { moderatorsCli } from '../support/moderators.ts';
import { SKIP_REASON, artifactPath, baseOf, stackAndBrowserForSuite, moderation, postComment, signInWithPassword, signInWithToken, waitForStatus } from '../support/browser.ts';

describe('dashboard clusters in a real browser', { skip: SKIP_REASON }, () => {
  const env = stackAndBrowserForSuite({ flagThreshold: 0, rejectThreshold: 1.01 });

  async function flagged(name: string, comment: string): Promise<string> {
    const id = await postComment(env.stack, { threadId: 'clusters', name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`, comment });
    await waitForStatus(env.stack, id, ['flagged']);
    return id;
  }

  test('a near-duplicate wave is one cluster; "Mark all spam", confirmed, marks exactly its comments; Cancel does nothing', async () => {
    const wave: string[] = [];
    for (const [i, name] of ['Anna', 'Boris', 'Chen', 'Dana'].entries()) {
      wave.push(await flagged(`Promo ${name}`, `Hello ${name}! I earn ${400 + i} dollars a day from home with this one simple trick, read how at https://earn-${i}.example/${name} and start today.`));
    }
    const others = [
      await flagged('Ruth Keller', 'The council meeting minutes are worth reading, especially the part about the new cycle lanes.'),
      await flagged('Tom Ansel', 'My grandfather worked at that shipyard for thirty years; thank you for the photographs.'),
    ];
    const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${baseOf(env.stack)}/moderation`);
      await signInWithToken(page, env.stack.moderatorToken);
      await page.locator(`.item[data-id="${wave[0]}"]`).waitFor();

      await page.locator('#clusters-view summary').click();
      const near = page.locator('.cluster[data-kind="near-duplicate"]');
      await near.waitFor();
      assert.equal(await near.count(), 1);
      assert.match(await near.locator('.cluster-count').innerText(), /^4 comments$/);
      assert.match(await near.locator('.text').innerText(), /Promo Anna: Hello Anna! I earn 400 dollars/);
      // Every comment here came from the loopback address: one network cluster with all six.
      const net = page.locator('.cluster[data-kind="ip"]');
      assert.match(await net.locator('.cluster-count').innerText(), /^6 comments$/);
      await page.screenshot({ path: artifactPath('dashboard-clusters.png'), fullPage: true });

      // Asked first; Cancel leaves everything as it was.
      await net.getByRole('button', { name: 'Approve all' }).click();
      await net.getByText('Approve all 6 comments?').waitFor();
      await net.getByRole('button', { name: 'Cancel' }).click();
      await net.getByRole('button', { name: 'Approve all' }).waitFor();
      for (const id of [...wave, ...others]) assert.equal((await moderation(env.stack, 'GET', `/comments/${id}`)).json.status, 'flagged');

      await near.getByRole('button', { name: 'Mark all spam' }).click();
      await near.getByText('Mark all 4 comments as spam?').waitFor();
      await near.getByRole('button', { name: 'Yes, mark all spam' }).click();
      await page.getByRole('status').filter({ hasText: 'Marked 4 comments as spam.' }).waitFor();
      for (const id of wave) assert.equal((await waitForStatus(env.stack, id, ['spam'])).decidedBy, 'moderator');
      for (const id of others) assert.equal((await moderation(env.stack, 'GET', `/comments/${id}`)).json.status, 'flagged');

      // The view reloads: the wave is gone from the queue, and the dashboard's list and counts follow.
      await near.waitFor({ state: 'detached' });
      await page.locator(`.item[data-id="${wave[0]}"]`).waitFor({ state: 'detached' });
      await page.waitForFunction(() => document.querySelector('[data-count="flagged"]')?.textContent === '2');
      assert.match(await page.locator('.cluster[data-kind="ip"] .cluster-count').innerText(), /^2 comments$/);
    } finally {
      await context.close();
    }
  });

  test('signed in with a name and password (session cookie, CSRF token): "Approve all" publishes the cluster, decided by that moderator', async () => {
    const password = 'a long enough password';
    await moderatorsCli(env.stack, ['add', '--name', 'clara', '--role', 'admin', '--password-stdin'], password);
    const pair = [
      await flagged('Pair One', 'Does the new timetable apply on public holidays as well, or only on weekdays?'),
      await flagged('Pair Two', 'Does the new timetable apply on public holidays as well, or only on weekdays??'),
    ];
    const context = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    try {
      await page.goto(`${baseOf(env.stack)}/moderation`);
      await signInWithPassword(page, 'clara', password);
      await page.locator(`.item[data-id="${pair[0]}"]`).waitFor();
      await page.locator('#clusters-view summary').click();
      const near = page.locator('.cluster[data-kind="near-duplicate"]');
      await near.waitFor();
      assert.match(await near.locator('.cluster-count').innerText(), /^2 comments$/);
      await near.getByRole('button', { name: 'Approve all' }).click();
      await near.getByRole('button', { name: 'Yes, approve all' }).click();
      await page.getByRole('status').filter({ hasText: 'Approved 2 comments.' }).waitFor();
      for (const id of pair) assert.equal((await waitForStatus(env.stack, id, ['published'])).decidedBy, 'clara');
    } finally {
      await context.close();
    }
  });
});
