/**
 * Shadow mode end to end on the real stack (Redis, worker) and in Debian's chromium: `sites set default --mode shadow`
 * publishes comments the filter would hold (flagThreshold 0 here), a moderator's later decision lands in the
 * shadow report, and the dashboard shows the mode badge and the would-have table.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sitesCli } from '../support/sites.ts';
import { SKIP_REASON, artifactPath, baseOf, signInWithToken, stackAndBrowserForSuite, moderation, postComment, waitForStatus } from '../support/browser.ts';

describe('shadow mode on the real stack and in the dashboard', { skip: SKIP_REASON }, () => {
  const env = stackAndBrowserForSuite({ flagThreshold: 0, rejectThreshold: 1.01, env: { SITE_REFRESH_MS: '100' } });

  test('shadow: held-by-the-filter comments are published by the worker; the dashboard shows the badge and the would-have table', async () => {
    const set = await sitesCli(env.stack, ['set', 'default', '--mode', 'shadow', '--json']);
    assert.equal(JSON.parse(set.stdout).moderationMode, 'shadow');
    // The worker process sees the mode within SITE_REFRESH_MS.
    await new Promise((r) => setTimeout(r, env.stack.config.siteRefreshMs + 300));
    const ids: string[] = [];
    for (const name of ['Ann Keller', 'Tom Hale']) {
      ids.push(await postComment(env.stack, { threadId: 'shadow', name, email: `${name.split(' ')[0]!.toLowerCase()}@example.com`, comment: `${name} finds the article convincing and well sourced.` }));
    }
    for (const id of ids) {
      const c = await waitForStatus(env.stack, id, ['published', 'flagged']);
      assert.equal(c.status, 'published');
      assert.equal(c.wouldHave.verdict, 'flag');
    }
    assert.equal((await moderation(env.stack, 'POST', `/comments/${ids[0]}/spam`)).status, 200);
    const stats = await moderation(env.stack, 'GET', '/stats?siteId=default');
    assert.deepEqual(stats.json.shadow[0].wouldHave.flag, { published: 0, spam: 1, unreviewed: 1 });

    const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(`${baseOf(env.stack)}/moderation`);
      await signInWithToken(page, env.stack.moderatorToken);
      const badge = page.locator('.mode-badge[data-site="default"]');
      await badge.waitFor();
      assert.match(await badge.innerText(), /shadow mode/i);
      const row = page.locator('.shadow-site[data-site="default"] tr[data-verdict="flag"]');
      assert.equal(await row.locator('td[data-later="spam"]').innerText(), '1');
      assert.equal(await row.locator('td[data-later="unreviewed"]').innerText(), '1');
      await page.screenshot({ path: artifactPath('dashboard-shadow-report.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
