/**
 * The demo article read without JavaScript: its form post's 303 keeps the documented Location and sets a short-lived
 * cookie naming the comment, so GET / can show the reader "Your comment is awaiting moderation." for it while it is
 * not published (pending, flagged and spam alike), and list it marked as such; a published one just appears.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startMemoryStack, type MemoryStack } from '../support/memory-app.ts';
import { POSTED_COMMENTS_COOKIE } from '../../src/http/posted-comments-cookie.ts';
import { AWAITING_MODERATION } from '../../src/browser/shared/awaiting-moderation.ts';

let demo: MemoryStack;
let api: MemoryStack;
const THREAD = 'japan-eu-security';
const NOTE = '<p class="nojs-status nojs-awaiting" role="status">Your comment is awaiting moderation.</p>';
const form = { threadId: THREAD, name: 'No Script <Reader>', email: 'noscript@example.com', comment: 'Posted with JavaScript off & <b>no</b> markup.' };

before(async () => {
  [demo, api] = await Promise.all([startMemoryStack({ env: { DEMO_PAGE: '1' } }), startMemoryStack()]);
});
after(async () => {
  await Promise.all([demo.stop(), api.stop()]);
});

/** Posts the demo form as a browser would; returns the 303's Location, the new id and the cookie pair it set. */
async function postForm(stack: MemoryStack, cookie?: string) {
  const page = `${stack.origin}/`;
  const req = request(stack.origin).post('/api/v1/comments').set('Accept', 'text/html,*/*;q=0.8').set('Referer', page);
  if (cookie) req.set('Cookie', cookie);
  const res = await req.type('form').send({ ...form, redirect_to: page }).expect(303);
  const location = String(res.headers.location);
  const id = /#comment-([\w-]+)$/.exec(location)?.[1] ?? '';
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return { location, id, setCookie, pair: setCookie[0]?.split(';')[0] ?? '' };
}

async function demoPage(cookie?: string) {
  const req = request(demo.origin).get('/');
  if (cookie) req.set('Cookie', cookie);
  return req.expect(200);
}

async function moderate(id: string, decision: 'approve' | 'spam') {
  await request(demo.origin).post(`/api/v1/moderation/comments/${id}/${decision}`).set('Authorization', `Bearer ${demo.moderatorToken}`).expect(200);
}

describe('the demo page without JavaScript, after posting', () => {
  test('the widget and the page use the same words → one shared constant', () => {
    assert.equal(AWAITING_MODERATION, 'Your comment is awaiting moderation.');
  });

  test('a demo form post → 303 with the Location unchanged, and an HttpOnly SameSite=Lax cookie naming the comment', async () => {
    const { location, id, setCookie } = await postForm(demo);
    assert.equal(location, `${demo.origin}/#comment-${id}`);
    assert.match(id, /^c[\w-]{15}$/);
    assert.equal(setCookie.length, 1);
    const [pair, ...attrs] = setCookie[0]!.split(/;\s*/);
    assert.equal(pair, `${POSTED_COMMENTS_COOKIE}=${id}`);
    const lower = attrs.map((a) => a.toLowerCase());
    assert.ok(lower.includes('httponly'), setCookie[0]);
    assert.ok(lower.includes('samesite=lax'), setCookie[0]);
    assert.ok(lower.includes('path=/'), setCookie[0]);
    assert.ok(lower.includes('max-age=600'), setCookie[0]);
    assert.ok(!lower.includes('secure'), 'plain http: no Secure flag');
  });

  test('GET / with the cookie of a pending comment → the note, and the comment listed as awaiting moderation, escaped, not counted', async () => {
    const before = await demoPage();
    const count = /<h2 class="comments-title">(\d+) Comments?<\/h2>/.exec(before.text)?.[1];
    const { id, pair } = await postForm(demo);
    assert.equal((await demo.store.get(id))?.status, 'pending');
    const res = await demoPage(pair);
    assert.ok(res.text.includes(NOTE), 'the status line');
    assert.equal(res.headers['cache-control'], 'private, no-store');
    const li = new RegExp(`<li id="comment-${id}" class="comment pending"><article id="div-comment-${id}" class="comment-body pending"[^>]*>.*?</footer><em class="awaiting">Your comment is awaiting moderation\\.</em>`);
    assert.match(res.text, li);
    assert.ok(res.text.includes('No Script &#60;Reader&#62;'), 'the name escaped');
    assert.ok(res.text.includes('Posted with JavaScript off &#38; &#60;b&#62;no&#60;/b&#62; markup.'), 'the text escaped');
    assert.ok(!res.text.includes('<b>no</b>'));
    assert.ok(res.text.includes(`<h2 class="comments-title">${count} Comment`), 'the count is of published comments only');
    // Another reader's page is unchanged.
    const other = await demoPage();
    assert.ok(!other.text.includes(id));
    assert.ok(!other.text.includes('awaiting moderation'));
    assert.equal(other.headers['cache-control'], 'no-cache');
  });

  test('a flagged or spam comment → the same note as a pending one, never the verdict', async () => {
    const flagged = await postForm(demo);
    await demo.store.transition(flagged.id, { from: ['pending'], to: 'flagged', by: 'classifier', spamScore: 0.7, reasons: [] });
    const spam = await postForm(demo);
    await moderate(spam.id, 'spam');
    assert.equal((await demo.store.get(spam.id))?.status, 'spam');
    for (const { id, pair } of [flagged, spam]) {
      const res = await demoPage(pair);
      assert.ok(res.text.includes(NOTE));
      assert.match(res.text, new RegExp(`<li id="comment-${id}" class="comment pending">`));
      assert.doesNotMatch(res.text, /spam|flagged/i);
    }
  });

  test('a published comment → listed as any other, no note', async () => {
    const { id, pair } = await postForm(demo);
    await moderate(id, 'approve');
    const res = await demoPage(pair);
    assert.ok(!res.text.includes('awaiting moderation'));
    assert.match(res.text, new RegExp(`<li id="comment-${id}" class="comment"><article id="div-comment-${id}" class="comment-body"`));
    assert.equal(res.headers['cache-control'], 'no-cache');
  });

  test('a second post → the cookie keeps both ids, at most three, and the page shows both', async () => {
    let posted = await postForm(demo);
    const first = posted.id;
    posted = await postForm(demo, posted.pair);
    assert.equal(posted.pair, `${POSTED_COMMENTS_COOKIE}=${first}.${posted.id}`);
    const res = await demoPage(posted.pair);
    assert.equal(res.text.split(NOTE).length, 2, 'one status line');
    assert.match(res.text, new RegExp(`id="comment-${first}" class="comment pending"`));
    assert.match(res.text, new RegExp(`id="comment-${posted.id}" class="comment pending"`));
    for (let i = 0; i < 3; i++) posted = await postForm(demo, posted.pair);
    assert.equal(posted.pair.split('=')[1]!.split('.').length, 3);
    assert.ok(!posted.pair.includes(first));
  });

  test('a bogus cookie value → ignored: no note, and a comment of another thread is not shown', async () => {
    const elsewhere = await request(demo.origin).post('/api/v1/comments').send({ ...form, threadId: 'other-article' }).expect(202);
    for (const value of ['<script>', 'c' + 'x'.repeat(40), 'cAAAAAAAAAAAAAAA', `${elsewhere.body.id as string}`, '%00;;=', '']) {
      const res = await demoPage(`${POSTED_COMMENTS_COOKIE}=${value}`);
      assert.ok(!res.text.includes('awaiting moderation'), value);
      assert.ok(!res.text.includes('<script>'), value);
      assert.equal(res.headers['cache-control'], 'no-cache');
    }
  });

  test('an error from the round trip → its alert, not the note, in the one status line', async () => {
    const { pair } = await postForm(demo);
    const res = await request(demo.origin).get('/?comment_error=rate_limited').set('Cookie', pair).expect(200);
    assert.match(res.text, /role="alert">You are posting too quickly/);
    assert.ok(!res.text.includes(NOTE));
  });

  test('a JSON post, or a form post back to another origin → no cookie', async () => {
    const json = await request(demo.origin).post('/api/v1/comments').set('Referer', `${demo.origin}/`).send(form).expect(202);
    assert.equal(json.headers['set-cookie'], undefined);
    const viaForm = await request(demo.origin)
      .post('/api/v1/comments')
      .set('Accept', 'application/json')
      .type('form')
      .send({ ...form, redirect_to: `${demo.origin}/` })
      .expect(202);
    assert.equal(viaForm.headers['set-cookie'], undefined);
    const embedded = await request(demo.origin)
      .post('/api/v1/comments')
      .set('Referer', 'https://blog.example/post')
      .type('form')
      .send({ ...form, redirect_to: 'https://blog.example/post' })
      .expect(303);
    assert.match(String(embedded.headers.location), /^https:\/\/blog\.example\/post#comment-c/);
    assert.equal(embedded.headers['set-cookie'], undefined);
  });

  test('without the demo page (npm run api) → a form post back to the service gets no cookie', async () => {
    const { setCookie } = await postForm(api);
    assert.deepEqual(setCookie, []);
  });
});
