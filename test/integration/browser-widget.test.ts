/**
 * Browser tests of the embeddable widget on the demo page (issue 5, tests 1–5), in Debian's chromium via
 * playwright-core against the real stack (API + in-process worker + Redis). Everything is flagged in this
 * stack (flagThreshold 0), so a comment only becomes public when a moderator approves it.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestStack } from '../support/harness.ts';
import {
  SKIP_REASON,
  baseOf,
  artifactPath,
  closeBrowser, launchBrowser,
  moderation,
  publishComment,
  signInWithToken,
  waitForStatus,
  waitForWidget,
  widgetDom,
} from '../support/browser.ts';

type Stack = Awaited<ReturnType<typeof startTestStack>>;

const THREAD = 'japan-eu-security';

describe('widget in a real browser', { skip: SKIP_REASON }, () => {
  let stack: Stack;
  let browser: Browser;
  let base: string;

  before(async () => {
    [stack, browser] = await Promise.all([startTestStack({ flagThreshold: 0, rejectThreshold: 1.01, env: { DEMO_PAGE: '1' } }), launchBrowser()]);
    base = baseOf(stack);
  });
  after(async () => {
    await closeBrowser(browser);
    await stack?.stop();
  });

  async function openDemo(): Promise<{ page: Page; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: { width: 900, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await waitForWidget(page);
    return { page, close: () => context.close() };
  }

  const comment = (page: Page, text: string) => page.locator('#comments article.comment-body', { hasText: text });

  test('1. post through the widget, see "awaiting moderation", approve in the dashboard, see it published after reload', async () => {
    const { page, close } = await openDemo();
    try {
      assert.equal(await page.title(), 'Historic Security Partnership: Japan and the EU Strengthen Ties Amid Rising Tensions');
      await page.getByRole('heading', { name: 'Leave a Reply' }).waitFor();
      const text = 'The maritime cooperation is the most concrete part of this.\nThe cable protection study matters too: https://example.org/undersea-cables';
      await page.getByRole('textbox', { name: 'Name' }).fill('Aiko Tanaka');
      await page.getByRole('textbox', { name: 'Email' }).fill('aiko.tanaka@example.jp');
      await page.getByRole('textbox', { name: 'Website' }).fill('https://aiko.example.jp');
      await page.getByRole('textbox', { name: 'Comment' }).fill(text);
      const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/comments') && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Post Comment' }).click();
      const res = await posted;
      assert.equal(res.status(), 202);
      const { id } = (await res.json()) as { id: string };

      const firstLine = text.split('\n')[0]!;
      const mine = comment(page, firstLine);
      await mine.getByText('Your comment is awaiting moderation.').waitFor();
      await page.getByRole('status').filter({ hasText: 'Thank you' }).waitFor();

      // Persists across reloads until published; strangers never see it.
      await page.reload();
      await waitForWidget(page);
      await comment(page, firstLine).getByText('Your comment is awaiting moderation.').waitFor();
      const stranger = await openDemo();
      assert.equal(await comment(stranger.page, firstLine).count(), 0, 'another visitor must not see a pending comment');
      await stranger.close();

      await waitForStatus(stack, id, ['flagged']);
      const dash = await page.context().newPage();
      await dash.goto(`${base}/moderation`);
      await signInWithToken(dash, stack.moderatorToken);
      const row = dash.locator(`.item[data-id="${id}"]`);
      await row.waitFor();
      await row.getByRole('button', { name: 'Approve' }).click();
      await row.waitFor({ state: 'detached' });
      assert.equal((await waitForStatus(stack, id, ['published'])).decidedBy, 'moderator');
      await dash.close();

      await page.reload();
      await waitForWidget(page);
      const published = comment(page, firstLine);
      await published.waitFor();
      // Line breaks are kept and the URL became a nofollow link.
      assert.equal(await published.locator('.text br').count(), 1);
      const link = published.locator('.text a');
      assert.equal(await link.getAttribute('href'), 'https://example.org/undersea-cables');
      assert.equal(await link.getAttribute('rel'), 'nofollow ugc noopener');
      assert.equal(await published.getByText('awaiting moderation').count(), 0);
      assert.equal(await published.locator('a.author').getAttribute('href'), 'https://aiko.example.jp/');
      const stored = await page.evaluate(() => localStorage.getItem('cmw:pending:v1'));
      assert.ok(!stored || !stored.includes(id), 'published comment is dropped from localStorage');
    } finally {
      await close();
    }
  });

  test('2. reply to a published comment; the reply nests under it', async () => {
    const parentText = 'Without a mutual defence clause this is mostly symbolic.';
    const parentId = await publishComment(stack, { threadId: THREAD, name: 'Pieter de Vries', email: 'pieter@example.nl', comment: parentText });
    const { page, close } = await openDemo();
    try {
      const parent = comment(page, parentText);
      await parent.getByRole('link', { name: /Reply/ }).click();
      await page.getByText('Cancel reply').waitFor();
      // The form moves under the comment being answered, and focus lands in the comment box.
      assert.equal(await page.evaluate(() => document.getElementById('comments')!.shadowRoot!.activeElement?.id), 'cmw-comment');
      const replyText = 'Symbolic steps add up, Pieter. Habits of cooperation matter.';
      await page.getByRole('textbox', { name: 'Name' }).fill('Marta Kowalska');
      await page.getByRole('textbox', { name: 'Email' }).fill('marta@example.pl');
      await page.getByRole('textbox', { name: 'Comment' }).fill(replyText);
      const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/comments') && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Post Comment' }).click();
      const res = await posted;
      assert.equal(res.status(), 202);
      assert.equal(JSON.parse(res.request().postData() ?? '{}').parentId, parentId);
      const { id } = (await res.json()) as { id: string };

      const nestedSel = `li[data-id="${parentId}"] > ol.children > li[data-id="${id}"]`;
      await page.locator(`#comments ${nestedSel}`).getByText('Your comment is awaiting moderation.').waitFor();

      await waitForStatus(stack, id, ['flagged']);
      await moderation(stack, 'POST', `/comments/${id}/approve`);
      await page.reload();
      await waitForWidget(page);
      const nested = page.locator(`#comments ${nestedSel}`);
      await nested.getByText(replyText).waitFor();
      assert.equal(await page.locator(`#comments #comment-${parentId} .children #comment-${id}`).count(), 1, 'WordPress-like ids and nesting');
      assert.equal(await nested.getByText('awaiting moderation').count(), 0);

      // Cancel reply puts the form back at the end of the thread and clears the parent.
      await comment(page, parentText).getByRole('link', { name: /Reply/ }).click();
      await page.getByRole('link', { name: 'Cancel reply' }).click();
      await page.getByText('Cancel reply').waitFor({ state: 'hidden' });
      assert.equal(await page.locator('#comments input[name="parentId"]').inputValue(), '');

      const n = await page.locator('#comments .count').getAttribute('data-count');
      assert.ok(Number(n) >= 2);
      await page.locator('#comments').screenshot({ path: artifactPath('widget.png') });
    } finally {
      await close();
    }
  });

  test('3. an empty form and an invalid email show errors at their fields and post nothing', async () => {
    const { page, close } = await openDemo();
    try {
      let posts = 0;
      page.on('request', (r) => {
        if (r.method() === 'POST') posts++;
      });
      await page.getByRole('button', { name: 'Post Comment' }).click();
      const err = (field: string) => page.locator(`#comments #cmw-${field}-error`);
      for (const f of ['name', 'email', 'comment']) {
        assert.notEqual((await err(f).textContent())?.trim(), '', `${f} has an error`);
        assert.equal(await page.locator(`#comments #cmw-${f}`).getAttribute('aria-invalid'), 'true');
      }
      assert.equal((await err('website').textContent())?.trim(), '', 'website is optional');
      assert.equal(await page.evaluate(() => document.getElementById('comments')!.shadowRoot!.activeElement?.id), 'cmw-name', 'focus moves to the first invalid field');

      await page.getByRole('textbox', { name: 'Name' }).fill('Someone');
      await page.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
      await page.getByRole('textbox', { name: 'Comment' }).fill('Hello');
      await page.getByRole('button', { name: 'Post Comment' }).click();
      assert.match((await err('email').textContent()) ?? '', /valid email/i);
      assert.equal((await err('name').textContent())?.trim(), '');
      assert.equal(await page.evaluate(() => document.getElementById('comments')!.shadowRoot!.activeElement?.id), 'cmw-email');
      assert.equal(posts, 0, 'nothing was posted');
      assert.equal(await page.locator('#comments [aria-live]').count(), 1);
    } finally {
      await close();
    }
  });

  test('3b. server-side field errors appear next to their field', async () => {
    const { page, close } = await openDemo();
    try {
      // Rules only the server knows (here: a stubbed answer) still land at the right field.
      await page.route('**/api/v1/comments', (route) =>
        route.fulfill({
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({ error: 'validation_failed', message: 'Please check the marked fields.', fields: { website: 'Server says this website is not allowed' } }),
        }),
      );
      await page.getByRole('textbox', { name: 'Name' }).fill('Someone');
      await page.getByRole('textbox', { name: 'Email' }).fill('someone@example.com');
      await page.getByRole('textbox', { name: 'Comment' }).fill('Hello');
      await page.getByRole('button', { name: 'Post Comment' }).click();
      await page.locator('#comments #cmw-website-error', { hasText: 'Server says this website is not allowed' }).waitFor();
      assert.equal(await page.evaluate(() => document.getElementById('comments')!.shadowRoot!.activeElement?.id), 'cmw-website');
    } finally {
      await close();
    }
  });

  test('4. XSS payloads are shown as literal text in the widget and the dashboard, and no script runs', async () => {
    const payloads = [
      `<img src=x onerror="window.__xss=1;alert(1)">`,
      `<script>window.__xss=2;alert(2)</script>`,
      `<a href="javascript:window.__xss=3;alert(3)">click me</a> javascript:window.__xss=4`,
      `"><svg onload="window.__xss=5;alert(5)">`,
    ];
    const stamp = Date.now();
    const ids: string[] = [];
    for (const [i, p] of payloads.entries()) {
      ids.push(await publishComment(stack, { threadId: THREAD, name: i === 3 ? `"><svg onload=window.__xss=6>` : `Tester ${i}`, email: `xss${i}@example.com`, comment: `${p} #${stamp}-${i}` }));
    }

    const { page, close } = await openDemo();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      // One more through the widget form itself: it is shown to its author while pending.
      const own = `<img src=y onerror="window.__xss=7;alert(7)"> #${stamp}-own`;
      await page.getByRole('textbox', { name: 'Name' }).fill('<b onmouseover=alert(8)>Eve</b>');
      await page.getByRole('textbox', { name: 'Email' }).fill('eve@example.com');
      await page.getByRole('textbox', { name: 'Comment' }).fill(own);
      await page.getByRole('button', { name: 'Post Comment' }).click();
      await comment(page, own).getByText('Your comment is awaiting moderation.').waitFor();

      for (const [i, p] of payloads.entries()) {
        const text = await comment(page, `#${stamp}-${i}`).locator('.text').innerText();
        assert.equal(text.trim(), `${p} #${stamp}-${i}`, 'payload shows literally');
      }
      assert.equal((await comment(page, own).locator('.text').innerText()).trim(), own);
      await comment(page, `#${stamp}-3`).getByText(`"><svg onload=window.__xss=6>`).waitFor();
      const dom = await page.evaluate(() => {
        const root = document.getElementById('comments')!.shadowRoot!;
        return {
          dangerous: root.querySelectorAll('.comment-list img, .comment-list script, .comment-list svg, .comment-list iframe, .comment-list [onerror], .comment-list [onload]').length,
          badLinks: Array.from(root.querySelectorAll('a[href]')).filter((a) => !/^(https?:|#)/.test(a.getAttribute('href') ?? '') && !(a.getAttribute('href') ?? '').startsWith('#')).length,
          xss: (window as any).__xss,
        };
      });
      assert.deepEqual(dom, { dangerous: 0, badLinks: 0, xss: undefined });

      const dash = await page.context().newPage();
      dash.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await dash.goto(`${base}/moderation`);
      await signInWithToken(dash, stack.moderatorToken);
      await dash.getByRole('tab', { name: /Published/ }).click();
      for (const [i, p] of payloads.entries()) {
        const row = dash.locator(`.item[data-id="${ids[i]}"]`);
        await row.waitFor();
        assert.equal((await row.locator('.text').innerText()).trim(), `${p} #${stamp}-${i}`);
      }
      assert.equal(await dash.locator('#list img, #list script, #list svg, #list [onerror], #list [onload]').count(), 0);
      assert.equal(await dash.evaluate(() => (window as any).__xss), undefined);
      await dash.close();
      assert.deepEqual(dialogs, [], 'no dialog opened');
    } finally {
      await close();
    }
  });

  test('5. no submitter email appears in the widget DOM or in public API responses', async () => {
    const emails = [`hidden.one.${Date.now()}@example.org`, `hidden.two.${Date.now()}@example.org`];
    const first = await publishComment(stack, { threadId: THREAD, name: 'Private Person', email: emails[0]!, comment: 'I would rather my address stayed private.', website: 'https://private.example.org' });
    await publishComment(stack, { threadId: THREAD, name: 'Another Reader', email: emails[1]!, comment: 'Same here.', parentId: first });

    const { page, close } = await openDemo();
    const bodies: string[] = [];
    page.on('response', async (r) => {
      if (r.url().includes('/api/v1/') && !r.url().includes('/moderation')) bodies.push(await r.text().catch(() => ''));
    });
    try {
      // Post one of our own too: its pending rendering and localStorage must not hold the email either.
      const ownEmail = `own.${Date.now()}@example.org`;
      await page.getByRole('textbox', { name: 'Name' }).fill('Careful Poster');
      await page.getByRole('textbox', { name: 'Email' }).fill(ownEmail);
      await page.getByRole('textbox', { name: 'Comment' }).fill('Does the pending copy keep my email?');
      await page.getByRole('button', { name: 'Post Comment' }).click();
      await comment(page, 'Does the pending copy keep my email?').getByText('Your comment is awaiting moderation.').waitFor();
      await page.reload();
      await waitForWidget(page);
      await comment(page, 'Same here.').waitFor();
      await comment(page, 'Does the pending copy keep my email?').waitFor();

      const dom = await widgetDom(page);
      const html = await page.content();
      const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }));
      for (const e of [...emails, ownEmail]) {
        assert.ok(!dom.includes(e), `widget DOM leaks ${e}`);
        assert.ok(!html.includes(e), `page HTML leaks ${e}`);
      }
      assert.ok(!storage.includes(ownEmail), 'the email is not stored unless "Save my name…" is ticked');
      assert.ok(bodies.length >= 2, 'public API responses were seen');
      for (const b of bodies) for (const e of [...emails, ownEmail]) assert.ok(!b.includes(e), `public API response leaks ${e}`);
      assert.ok(!bodies.some((b) => b.includes('"email"')), 'no email field in public responses');

      // Direct public API calls too.
      const list = await (await fetch(`${base}/api/v1/threads/${THREAD}/comments?limit=100`)).text();
      const one = await (await fetch(`${base}/api/v1/comments/${first}`)).text();
      for (const e of emails) assert.ok(!list.includes(e) && !one.includes(e));
    } finally {
      await close();
    }
  });

  test('"Save my name, email, and website" uses localStorage only, never cookies', async () => {
    const { page, close } = await openDemo();
    try {
      const box = page.getByLabel('Save my name, email, and website in this browser for the next time I comment.');
      assert.equal(await box.isChecked(), false);
      await page.getByRole('textbox', { name: 'Name' }).fill('Remembered Reader');
      await page.getByRole('textbox', { name: 'Email' }).fill('remember@example.com');
      await page.getByRole('textbox', { name: 'Website' }).fill('https://remember.example.com');
      await page.getByRole('textbox', { name: 'Comment' }).fill('Please remember me.');
      await box.check();
      await page.getByRole('button', { name: 'Post Comment' }).click();
      await comment(page, 'Please remember me.').waitFor();
      await page.reload();
      await waitForWidget(page);
      assert.equal(await page.getByRole('textbox', { name: 'Name' }).inputValue(), 'Remembered Reader');
      assert.equal(await page.getByRole('textbox', { name: 'Email' }).inputValue(), 'remember@example.com');
      assert.equal(await page.getByRole('textbox', { name: 'Website' }).inputValue(), 'https://remember.example.com');
      assert.equal(await page.getByLabel('Save my name, email, and website in this browser for the next time I comment.').isChecked(), true);
      assert.deepEqual(await page.context().cookies(), []);
      assert.equal(await page.evaluate(() => document.cookie), '');
    } finally {
      await close();
    }
  });

  test('embedding on another site: API base from the script origin or data-api-base, thread from the canonical URL, no CSS leaks', async () => {
    await publishComment(stack, { threadId: '/2024/11/story', name: 'Elsewhere Reader', email: 'elsewhere@example.com', comment: 'Commenting on another site.' });
    const widgetJs = await (await fetch(`${base}/widget.js`)).text();
    const hostPage = (script: string, apiBase?: string) => `<!doctype html><html><head><title>Another site</title>
<link rel="canonical" href="http://news.example/2024/11/story?utm_source=x">
<style>button { background: rgb(255, 0, 0) !important; } h2 { color: rgb(1, 2, 3); } .count, .text { display: none; }</style></head>
<body><h2 id="site-heading">Site heading</h2><div id="comments"${apiBase ? ` data-api-base="${apiBase}/"` : ''}></div><script src="${script}" async></script></body></html>`;
    // Another site on another loopback origin (Chromium blocks public pages from reaching loopback servers).
    const site = createServer((req, res) => {
      if (req.url === '/cdn/widget.js') {
        res.writeHead(200, { 'Content-Type': 'application/javascript' }).end(widgetJs);
        return;
      }
      const viaCdn = req.url?.startsWith('/cdn-page/');
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(viaCdn ? hostPage('/cdn/widget.js', base) : hostPage(`${base}/widget.js`));
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      for (const url of [`${siteOrigin}/2024/11/story`, `${siteOrigin}/cdn-page/2024/11/story`]) {
        await page.goto(url);
        await waitForWidget(page);
        const c = comment(page, 'Commenting on another site.');
        await c.waitFor();
        assert.equal(await c.locator('.text').isVisible(), true, 'host page styles do not reach into the widget');
        assert.equal(await page.locator('#comments form').getAttribute('action'), `${base}/api/v1/comments`);
        assert.equal(await page.locator('#comments input[name="threadId"]').inputValue(), '/2024/11/story');
        const styles = await page.evaluate(() => ({
          button: getComputedStyle(document.getElementById('comments')!.shadowRoot!.querySelector('button[type=submit]')!).backgroundColor,
          heading: getComputedStyle(document.getElementById('site-heading')!).color,
        }));
        assert.deepEqual(styles, { button: 'rgb(11, 87, 208)', heading: 'rgb(1, 2, 3)' });
      }
    } finally {
      await context.close();
      site.closeAllConnections();
      await new Promise((resolve) => site.close(resolve));
    }
  });
});
