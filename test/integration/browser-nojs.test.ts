/**
 * Browser tests without JavaScript (issue 5, test 7): the demo page's server-rendered form posts as a plain
 * HTML form and comes back with a 303, and a WordPress-style comment form on another allowed origin
 * (served by request interception) posts a comment that reaches the service; the demo page lists the published
 * comments server-side, and the reader's own one marked as awaiting moderation until it is published.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestStack } from '../support/harness.ts';
import { SKIP_REASON, baseOf, closeBrowser, launchBrowser, moderation, postComment, publishComment, waitForStatus } from '../support/browser.ts';

type Stack = Awaited<ReturnType<typeof startTestStack>>;

const WP_ORIGIN = 'http://blog.wp.test';

function wordpressPage(action: string, postId: string, parent = '0'): string {
  return `<!doctype html><html><head><title>A WordPress post</title></head><body>
<article><h1>A WordPress post</h1><p>Some text.</p></article>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form action="${action}" method="post" id="commentform" class="comment-form">
<p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span></label><textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>
<p class="comment-form-author"><label for="author">Name <span class="required">*</span></label><input id="author" name="author" type="text" value="" size="30" maxlength="245" autocomplete="name" required></p>
<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label><input id="email" name="email" type="email" value="" size="30" maxlength="100" autocomplete="email" required></p>
<p class="comment-form-url"><label for="url">Website</label><input id="url" name="url" type="url" value="" size="30" maxlength="200" autocomplete="url"></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment"><input type="hidden" name="comment_post_ID" value="${postId}" id="comment_post_ID"><input type="hidden" name="comment_parent" id="comment_parent" value="${parent}"></p>
</form></div></body></html>`;
}

describe('forms without JavaScript', { skip: SKIP_REASON }, () => {
  let stack: Stack;
  let browser: Browser;
  let base: string;

  before(async () => {
    [stack, browser] = await Promise.all([startTestStack({ env: { CORS_ORIGINS: WP_ORIGIN, DEMO_PAGE: '1' } }), launchBrowser()]);
    base = baseOf(stack);
  });
  after(async () => {
    await closeBrowser(browser);
    await stack?.stop();
  });

  test('7a. with JavaScript off, the demo form posts and comes back to the article with a 303', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/`);
      await page.getByRole('textbox', { name: 'Name' }).fill('No Script Reader');
      await page.getByRole('textbox', { name: 'Email' }).fill('noscript@example.com');
      await page.getByRole('textbox', { name: 'Website' }).fill('https://noscript.example.com');
      await page.getByRole('textbox', { name: 'Comment' }).fill('I read the news with JavaScript turned off.\nIt still works.');
      const response = page.waitForResponse((r) => r.url() === `${base}/api/v1/comments` && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Post Comment' }).click();
      const res = await response;
      assert.equal(res.status(), 303);
      assert.equal(res.request().headers()['content-type'], 'application/x-www-form-urlencoded');
      const location = res.headers()['location'] ?? '';
      const m = /^(.*)#comment-([\w-]+)$/.exec(location);
      assert.ok(m, `303 to the article with #comment-<id>, got ${location}`);
      assert.equal(m[1], `${base}/`);
      await page.waitForURL(location);
      // waitForURL can return as the new document commits, before its head is parsed (seen on a loaded machine).
      await page.getByRole('heading', { level: 1 }).waitFor();
      assert.equal(await page.title(), 'Historic Security Partnership: Japan and the EU Strengthen Ties Amid Rising Tensions');
      // The page knows the comment is this reader's (the 303's cookie): listed, marked until it is published.
      const mine = page.locator(`#comments li#comment-${m[2]}`);
      await mine.waitFor();
      if ((await mine.getAttribute('class'))?.includes('pending')) {
        assert.equal(await mine.locator('em.awaiting').innerText(), 'Your comment is awaiting moderation.');
        await page.getByRole('status').filter({ hasText: 'Your comment is awaiting moderation.' }).waitFor();
      }

      const stored = await moderation(stack, 'GET', `/comments/${m[2]}`);
      assert.equal(stored.status, 200);
      assert.equal(stored.json.threadId, 'japan-eu-security');
      assert.equal(stored.json.name, 'No Script Reader');
      assert.equal(stored.json.website, 'https://noscript.example.com');
      assert.equal(stored.json.comment, 'I read the news with JavaScript turned off.\nIt still works.');

      // A validation error comes back as a query the page shows, and nothing is stored.
      await page.goto(`${base}/`);
      await page.getByRole('textbox', { name: 'Name' }).fill('No Script Reader');
      await page.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
      await page.getByRole('textbox', { name: 'Comment' }).fill('Oops.');
      // Let the server, not the browser's built-in check, judge the email.
      await page.locator('form.comment-form').evaluate((f) => f.setAttribute('novalidate', ''));
      const bad = page.waitForResponse((r) => r.url() === `${base}/api/v1/comments` && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Post Comment' }).click();
      assert.equal((await bad).status(), 303);
      await page.waitForURL(/comment_error=validation_failed/);
      assert.match(page.url(), /comment_fields=[^&#]*email/);
      await page.getByRole('alert').filter({ hasText: /not posted.*Email/ }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('7c. with JavaScript off, the demo page lists the published comments, escaped, with replies nested', async () => {
    const thread = 'japan-eu-security';
    const stamp = Date.now();
    const parentText = `<img src=x onerror="window.__xss=1"> Patrols first, #${stamp}\n\nThen the cables: https://example.org/cables.`;
    const parentId = await publishComment(stack, { threadId: thread, name: '<b>Ines</b> & Co', email: 'ines@example.pt', comment: parentText, website: 'https://ines.example.pt' });
    const replyId = await publishComment(stack, { threadId: thread, name: 'Tomas Novak', email: 'tomas@example.cz', comment: `Agreed, #${stamp}-reply`, parentId });
    const hiddenId = await postComment(stack, { threadId: thread, name: 'Not Public', email: 'hidden@example.com', comment: `Not for readers #${stamp}-hidden` });
    await waitForStatus(stack, hiddenId, ['flagged', 'published', 'spam']);
    await moderation(stack, 'POST', `/comments/${hiddenId}/spam`);

    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/`);
      const parent = page.locator(`#comments ol.comment-list > li#comment-${parentId}`);
      await parent.waitFor();
      const text = parent.locator(`#div-comment-${parentId} .text`);
      assert.equal(await text.locator('p').count(), 2, 'paragraphs are kept');
      assert.equal((await text.locator('p').first().innerText()).trim(), `<img src=x onerror="window.__xss=1"> Patrols first, #${stamp}`);
      assert.equal(await text.locator('a').getAttribute('href'), 'https://example.org/cables');
      assert.equal(await text.locator('a').getAttribute('rel'), 'nofollow ugc noopener');
      const author = parent.locator(`#div-comment-${parentId} a.author`);
      assert.equal(await author.innerText(), '<b>Ines</b> & Co');
      assert.equal(await author.getAttribute('href'), 'https://ines.example.pt/');
      await parent.locator(`ol.children > li#comment-${replyId}`).getByText(`Agreed, #${stamp}-reply`).waitFor();
      assert.equal(await page.locator('#comments img, #comments b').count(), 0, 'no markup from comments');
      assert.equal(await page.getByText(`#${stamp}-hidden`).count(), 0, 'only published comments are listed');
      const n = Number((await page.locator('#comments .comments-title').innerText()).split(' ')[0]);
      assert.ok(n >= 2, 'the count heading counts them');
      // The form is still there below the list.
      await page.getByRole('button', { name: 'Post Comment' }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('7b. a WordPress-style form on an allowed origin posts a comment that reaches the service', async () => {
    const parentId = await publishComment(stack, { threadId: '42', name: 'Post Author', email: 'author@example.com', comment: 'Thanks for reading.' });
    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.route(`${WP_ORIGIN}/**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: wordpressPage(`${base}/api/v1/comments`, '42', parentId) }),
    );
    const page = await context.newPage();
    try {
      await page.goto(`${WP_ORIGIN}/2024/11/a-wordpress-post/`);
      await page.locator('#author').fill('Wordpress Reader');
      await page.locator('#email').fill('wp.reader@example.com');
      await page.locator('#url').fill('https://wp-reader.example.com');
      await page.locator('#comment').fill('Posted from an unchanged theme form; only its action was changed.');
      const response = page.waitForResponse((r) => r.url() === `${base}/api/v1/comments` && r.request().method() === 'POST');
      await page.locator('#submit').click();
      const res = await response;
      assert.equal(res.status(), 303);
      const location = res.headers()['location'] ?? '';
      const m = /#comment-([\w-]+)$/.exec(location);
      assert.ok(m && location.startsWith(`${WP_ORIGIN}/`), `303 back to the WordPress page, got ${location}`);
      await page.waitForURL(location);

      const stored = await moderation(stack, 'GET', `/comments/${m[1]}`);
      assert.equal(stored.status, 200);
      assert.equal(stored.json.threadId, '42');
      assert.equal(stored.json.parentId, parentId);
      assert.equal(stored.json.name, 'Wordpress Reader');
      assert.equal(stored.json.email, 'wp.reader@example.com');
      assert.equal(stored.json.website, 'https://wp-reader.example.com');
    } finally {
      await context.close();
    }
  });
});
