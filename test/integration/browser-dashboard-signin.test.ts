/**
 * Browser test of the dashboard's name-and-password sign-in in Debian's chromium: a wrong password is
 * refused, the moderator's name shows in the header, decisions carry the session's CSRF token and
 * name the moderator, a reload resumes the session, and sign-out ends it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestStack } from '../support/harness.ts';
import { moderatorsCli } from '../support/moderators.ts';
import { SKIP_REASON, artifactPath, baseOf, closeBrowser, launchBrowser, postComment, signInWithPassword, waitForStatus } from '../support/browser.ts';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
const PASSWORD = 'a long enough password';

describe('dashboard sign-in with a name and password', { skip: SKIP_REASON }, () => {
  let stack: Stack;
  let browser: Browser;

  before(async () => {
    [stack, browser] = await Promise.all([startTestStack({ flagThreshold: 0, rejectThreshold: 1.01 }), launchBrowser()]);
    await moderatorsCli(stack, ['add', '--name', 'bob', '--role', 'admin', '--password-stdin'], PASSWORD);
  });
  after(async () => {
    await closeBrowser(browser);
    await stack?.stop();
  });

  test('wrong password refused; signed in as bob with a cookie; approve names bob; reload resumes; sign-out ends the session', async () => {
    const id = await postComment(stack, { threadId: 'signin', name: 'Ann', email: 'ann@example.com', comment: 'A comment for bob to approve.' });
    await waitForStatus(stack, id, ['flagged']);
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${baseOf(stack)}/moderation`);
      await page.getByLabel('Name', { exact: true }).fill('bob');
      await page.getByLabel('Password', { exact: true }).fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'Wrong name or password' }).waitFor();
      assert.equal(await page.locator('#app').isVisible(), false);

      await signInWithPassword(page, 'bob', PASSWORD);
      await page.locator('#who').filter({ hasText: 'Signed in as bob (admin)' }).waitFor();
      const cookies = await context.cookies();
      assert.equal(cookies.length, 1);
      assert.equal(cookies[0]!.name, 'cm_session');
      assert.equal(cookies[0]!.httpOnly, true);
      assert.equal(cookies[0]!.sameSite, 'Strict');
      assert.equal(await page.evaluate(() => sessionStorage.getItem('cmw:moderatorToken')), null, 'no token kept in the page');

      const row = page.locator(`.item[data-id="${id}"]`);
      await row.waitFor();
      await row.getByRole('button', { name: /approve/i }).first().click();
      const decided = await waitForStatus(stack, id, ['published']);
      assert.equal(decided.decidedBy, 'bob');
      await page.screenshot({ path: artifactPath('dashboard-signed-in.png'), fullPage: true });

      await page.reload();
      await page.locator('#who').filter({ hasText: 'Signed in as bob' }).waitFor();
      assert.equal(await page.locator('#app').isVisible(), true);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.locator('#login').waitFor();
      const cookie = cookies[0]!;
      const after = await fetch(`${stack.origin}/api/v1/session`, { headers: { Cookie: `${cookie.name}=${cookie.value}` } });
      assert.equal(after.status, 401, 'the session ended on the server');
    } finally {
      await context.close();
    }
  });
});
