/**
 * Browser test of the dashboard's Moderators panel in Debian's chromium: an admin signed in with a name and
 * password opens the panel, adds a moderator with a password and a site, sees it listed, issues it a token
 * (shown once, and working), and disables it; a plain moderator is never offered the panel.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestStack } from '../support/harness.ts';
import { moderatorsCli } from '../support/moderators.ts';
import { SKIP_REASON, artifactPath, baseOf, closeBrowser, launchBrowser, signInWithPassword } from '../support/browser.ts';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
const PASSWORD = 'a long enough password';

describe('dashboard Moderators panel', { skip: SKIP_REASON }, () => {
  let stack: Stack;
  let browser: Browser;

  before(async () => {
    [stack, browser] = await Promise.all([startTestStack({ worker: false }), launchBrowser()]);
    await moderatorsCli(stack, ['add', '--name', 'ada', '--role', 'admin', '--password-stdin'], PASSWORD);
  });
  after(async () => {
    await closeBrowser(browser);
    await stack?.stop();
  });

  async function signIn(page: Page, name: string, password: string): Promise<void> {
    await page.goto(`${baseOf(stack)}/moderation`);
    await signInWithPassword(page, name, password);
  }

  test('an admin adds a moderator and sees it listed; a new token works once shown; disabling refuses it', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    try {
      await signIn(page, 'ada', PASSWORD);
      await page.getByRole('button', { name: 'Moderators' }).click();
      const panel = page.locator('#moderators-panel');
      await panel.locator('tr[data-moderator="ada"]').waitFor();

      await panel.getByLabel('Name').fill('mia');
      await panel.getByLabel('Role').selectOption('moderator');
      await panel.getByLabel('Sites (comma-separated ids)').fill('default');
      await panel.getByLabel(/^Password/).fill(PASSWORD);
      await panel.getByRole('button', { name: 'Add moderator' }).click();
      const mia = panel.locator('tr[data-moderator="mia"]');
      await mia.waitFor();
      assert.deepEqual(await mia.locator('td').allTextContents().then((t) => t.slice(0, 3)), ['moderator', 'default', 'active']);
      await panel.getByRole('status').filter({ hasText: 'Added moderator mia.' }).waitFor();

      // The same name again: the server's refusal is shown, nothing added.
      await panel.getByLabel('Name').fill('MIA');
      await panel.getByRole('button', { name: 'Add moderator' }).click();
      await panel.getByRole('status').filter({ hasText: /already exists/ }).waitFor();
      assert.equal(await panel.locator('tr[data-moderator]').count(), 2);

      await mia.getByRole('button', { name: 'New token: mia' }).click();
      const tokenBox = panel.getByLabel('Personal API token for mia');
      await tokenBox.waitFor();
      const token = await tokenBox.inputValue();
      assert.match(token, /^cmt_/);
      const stats = await fetch(`${stack.origin}/api/v1/moderation/stats`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(stats.status, 200);

      // A second token; the list shows both by their first characters; revoking the first leaves the second working.
      await mia.getByRole('button', { name: 'New token: mia' }).click();
      await panel.getByLabel('Personal API token for mia').and(page.locator(`:not([value="${token}"])`)).waitFor();
      const second = await panel.getByLabel('Personal API token for mia').inputValue();
      await mia.getByRole('button', { name: 'Tokens: mia', exact: true }).click();
      await panel.locator('li[data-token]').nth(1).waitFor();
      assert.deepEqual((await panel.locator('li[data-token] code').allTextContents()).sort(), [`${token.slice(0, 8)}…`, `${second.slice(0, 8)}…`].sort());
      assert.doesNotMatch(await panel.locator('#moderators-token').innerText(), new RegExp(`${token.slice(8)}|${second.slice(8)}`));
      await page.screenshot({ path: artifactPath('dashboard-moderators-panel.png'), fullPage: true });
      await panel.getByRole('button', { name: `Revoke token ${token.slice(0, 8)} of mia` }).click();
      await panel.getByRole('status').filter({ hasText: `Revoked token ${token.slice(0, 8)}…` }).waitFor();
      await panel.locator('li[data-token]').nth(1).waitFor({ state: 'detached' });
      const statusOf = async (t: string) => (await fetch(`${stack.origin}/api/v1/moderation/stats`, { headers: { Authorization: `Bearer ${t}` } })).status;
      assert.deepEqual([await statusOf(token), await statusOf(second)], [403, 200]);

      await mia.getByRole('button', { name: 'Disable: mia' }).click();
      await panel.locator('tr[data-moderator="mia"].disabled').waitFor();
      assert.equal(await statusOf(second), 403);
      assert.equal(await panel.locator('tr[data-moderator="ada"]').getByRole('button', { name: 'Disable: ada' }).count(), 0, 'no way to lock yourself out');

      await mia.getByRole('button', { name: 'Enable: mia' }).click();
      await panel.locator('tr[data-moderator="mia"]:not(.disabled)').waitFor();
    } finally {
      await context.close();
    }
  });

  test('a plain moderator signed in is not offered the panel', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    try {
      await signIn(page, 'mia', PASSWORD);
      assert.equal(await page.locator('#moderators-toggle').isVisible(), false);
      assert.equal(await page.locator('#moderators-panel').isVisible(), false);
    } finally {
      await context.close();
    }
  });
});
