/**
 * Browser test of the dashboard's Site rules panel in Debian's chromium: an admin loads a site's rules,
 * adds a hold word and saves (with the session's CSRF token); an invalid entry shows the API's message
 * and stores nothing; the worker then holds a comment with the word under `rule:hold-words`. A moderator
 * who is not an admin does not see the panel.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestStack } from '../support/harness.ts';
import { moderatorsCli } from '../support/moderators.ts';
import { SKIP_REASON, baseOf, closeBrowser, launchBrowser, postComment, signInWithPassword, waitForStatus } from '../support/browser.ts';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
const PASSWORD = 'a long enough password';

describe('dashboard Site rules panel', { skip: SKIP_REASON }, () => {
  let stack: Stack;
  let browser: Browser;

  before(async () => {
    [stack, browser] = await Promise.all([startTestStack({ flagThreshold: 0.99, rejectThreshold: 1.01, env: { SITE_RULES_CHECK_MS: '200' } }), launchBrowser()]);
    await moderatorsCli(stack, ['add', '--name', 'root', '--role', 'admin', '--password-stdin'], PASSWORD);
    await moderatorsCli(stack, ['add', '--name', 'mo', '--role', 'moderator', '--sites', 'default', '--password-stdin'], PASSWORD);
  });
  after(async () => {
    await closeBrowser(browser);
    await stack?.stop();
  });

  async function signIn(page: Page, name: string): Promise<void> {
    await page.goto(`${baseOf(stack)}/moderation`);
    await signInWithPassword(page, name, PASSWORD);
  }

  test('an admin adds a hold word; a bad IP is refused with its field named; the worker holds a matching comment', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    try {
      await signIn(page, 'root');
      await page.locator('.site-rules summary').click();
      await page.locator('#rules-message').filter({ hasText: 'No rules yet' }).waitFor();

      await page.locator('#rules-blockIps').fill('300.1.1.1');
      await page.getByRole('button', { name: 'Save rules' }).click();
      await page.locator('#rules-message').filter({ hasText: 'blockIps.0: An IP address or CIDR range' }).waitFor();
      const none = await fetch(`${stack.origin}/api/v1/sites/default/rules`, { headers: { Authorization: `Bearer ${stack.moderatorToken}` } });
      assert.equal(((await none.json()) as { revision: number }).revision, 0, 'nothing stored');

      await page.locator('#rules-blockIps').fill('');
      await page.locator('#rules-holdWords').fill('casino\nfree money');
      await page.locator('#rules-max-links').fill('4');
      await page.getByRole('button', { name: 'Save rules' }).click();
      await page.locator('#rules-message').filter({ hasText: 'Saved.' }).waitFor();
      const saved = await fetch(`${stack.origin}/api/v1/sites/default/rules`, { headers: { Authorization: `Bearer ${stack.moderatorToken}` } });
      const view = (await saved.json()) as { rules: { holdWords: string[]; maxLinks: number | null } };
      assert.deepEqual([view.rules.holdWords, view.rules.maxLinks], [['casino', 'free money'], 4]);

      // The worker stands for another process: it sees the change within its check (SITE_RULES_CHECK_MS, 200 ms here).
      await new Promise((r) => setTimeout(r, stack.config.siteRulesCheckMs + 200));
      const id = await postComment(stack, { threadId: 'rules', name: 'Ann', email: 'ann@example.com', comment: 'Is the new Casíno going to pay for the bridge?' });
      const held = await waitForStatus(stack, id, ['flagged', 'published', 'spam']);
      assert.deepEqual([held.status, held.decidedBy, held.reasons], ['flagged', 'rule:hold-words', ['rule:hold-words "casino"']]);
    } finally {
      await context.close();
    }
  });

  test('a moderator who is not an admin does not see the panel', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    try {
      await signIn(page, 'mo');
      assert.equal(await page.locator('#site-rules').isVisible(), false);
    } finally {
      await context.close();
    }
  });
});
