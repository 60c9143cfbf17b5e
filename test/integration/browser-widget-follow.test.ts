/**
 * Browser tests of what a comment's author sees after posting, in Debian's chromium via playwright-core: the
 * widget follows its own pending comments, shows one the worker published as published, and keeps the same
 * "awaiting moderation" note for a held comment and for one sent to spam, so the author cannot tell them apart.
 * Three stacks whose thresholds make the worker publish, hold or reject everything.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestStack, type TestStack } from '../support/harness.ts';
import { SKIP_REASON, baseOf, closeBrowser, launchBrowser, waitForStatus, waitForWidget } from '../support/browser.ts';

const AWAITING = 'Your comment is awaiting moderation.';

describe('the author follows their own comment in the widget', { skip: SKIP_REASON }, () => {
  let publishing: TestStack;
  let holding: TestStack;
  let rejecting: TestStack;
  let browser: Browser;

  before(async () => {
    const env = { DEMO_PAGE: '1' };
    [publishing, holding, rejecting, browser] = await Promise.all([
      startTestStack({ flagThreshold: 1.01, rejectThreshold: 1.01, env }),
      startTestStack({ flagThreshold: 0, rejectThreshold: 1.01, env }),
      startTestStack({ flagThreshold: 0, rejectThreshold: 0, env }),
      launchBrowser(),
    ]);
  });
  after(async () => {
    await closeBrowser(browser);
    await Promise.all([publishing?.stop(), holding?.stop(), rejecting?.stop()]);
  });

  /** Opens the demo article, posts `text` through the widget and returns the page and the comment id. */
  async function post(stack: TestStack, text: string): Promise<{ page: Page; id: string; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: { width: 900, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${baseOf(stack)}/`);
    await waitForWidget(page);
    await page.getByRole('textbox', { name: 'Name' }).fill('Sofia Rossi');
    await page.getByRole('textbox', { name: 'Email' }).fill('sofia.rossi@example.it');
    await page.getByRole('textbox', { name: 'Comment' }).fill(text);
    const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/comments') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Post Comment' }).click();
    const res = await posted;
    assert.equal(res.status(), 202);
    const { id } = (await res.json()) as { id: string };
    return { page, id, close: () => context.close() };
  }

  /**
   * Resolves once the widget has asked for comment `id` `n` more times. It asks again only after handling the
   * previous answer, so from the second request on, an answer given after this call has been acted on.
   */
  async function nextPolls(page: Page, id: string, n: number): Promise<void> {
    for (let i = 0; i < n; i++) await page.waitForRequest((r) => r.method() === 'GET' && new URL(r.url()).pathname === `/api/v1/comments/${id}`);
  }

  /** What the author sees of their own comment, without its id and text. */
  async function ownView(page: Page, id: string) {
    const li = page.locator(`#comments li[data-id="${id}"]`);
    await li.waitFor();
    return {
      classes: await li.getAttribute('class'),
      note: (await li.locator('.awaiting').allInnerTexts()).join('|'),
      replyLinks: await li.getByRole('link', { name: /Reply/ }).count(),
      status: (await page.locator('#comments p.status').innerText()).trim(),
      count: await page.locator('#comments .count').getAttribute('data-count'),
    };
  }

  const stored = (page: Page) => page.evaluate(() => localStorage.getItem('cmw:pending:v1') ?? '');

  test('a comment the worker publishes shows as published within 5 s, with no "awaiting moderation"', async () => {
    const text = 'Undersea cables are the least glamorous and most important part of this pact.';
    const { page, id, close } = await post(publishing, text);
    try {
      const postedAt = Date.now();
      const li = page.locator(`#comments li.comment:not(.pending)[data-id="${id}"]`);
      await li.waitFor({ timeout: 5000 });
      assert.ok(Date.now() - postedAt <= 5000);
      assert.equal((await waitForStatus(publishing, id, ['published'])).decidedBy, 'classifier', 'published by the worker, not a moderator');
      assert.equal(await li.getByText('awaiting moderation').count(), 0);
      assert.equal(await li.getByRole('link', { name: /Reply/ }).count(), 1, 'a published comment can be answered');
      await page.locator('#comments p.status', { hasText: 'Your comment is published.' }).waitFor();
      assert.ok(!(await stored(page)).includes(id), 'no longer kept as pending');

      await page.reload();
      await waitForWidget(page);
      assert.equal(await page.locator(`#comments li.comment:not(.pending)[data-id="${id}"]`).getByText(text).count(), 1);
    } finally {
      await close();
    }
  });

  test('a held comment and a spam one keep the same "awaiting moderation" note for their author', async () => {
    const held = await post(holding, 'I would like to see the cyber defence part in more detail before judging.');
    const spam = await post(rejecting, 'I would like to see the maritime part in more detail before judging.');
    try {
      await waitForStatus(holding, held.id, ['flagged']);
      await waitForStatus(rejecting, spam.id, ['spam']);
      // The public endpoint answers differently (pending vs 404); the widget must not show it.
      assert.equal((await fetch(`${baseOf(holding)}/api/v1/comments/${held.id}`)).status, 200);
      assert.equal((await fetch(`${baseOf(rejecting)}/api/v1/comments/${spam.id}`)).status, 404);
      // Let the widget poll after the decision: by its second request from now, it has handled the first answer.
      await Promise.all([nextPolls(held.page, held.id, 2), nextPolls(spam.page, spam.id, 2)]);

      const heldView = await ownView(held.page, held.id);
      assert.deepEqual(heldView, {
        classes: 'comment pending',
        note: AWAITING,
        replyLinks: 0,
        status: 'Thank you! Your comment was submitted.',
        count: '0',
      });
      assert.deepEqual(await ownView(spam.page, spam.id), heldView);

      // Across a reload too: both stay as pending comments of their author.
      for (const { page, id } of [held, spam]) {
        await page.reload();
        await waitForWidget(page);
        await page.locator(`#comments li.pending[data-id="${id}"]`).getByText(AWAITING).waitFor();
        await nextPolls(page, id, 2);
        assert.equal(await page.locator(`#comments li.pending[data-id="${id}"]`).getByText(AWAITING).count(), 1);
        assert.ok((await stored(page)).includes(id));
      }
    } finally {
      await held.close();
      await spam.close();
    }
  });
});
