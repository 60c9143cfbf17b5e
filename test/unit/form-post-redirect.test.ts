/**
 * Plain HTML form posts (no JavaScript, or a WordPress theme's form): 303 back to the page with
 * #comment-<id>, or with an error query; never an open redirect; API clients keep getting JSON.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startMemoryStack, type MemoryStack } from '../support/memory-app.ts';

let stack: MemoryStack;
let listed: MemoryStack;
const form = { threadId: 'article', name: 'Form User', email: 'form@example.com', comment: 'Posted without JavaScript.' };

before(async () => {
  stack = await startMemoryStack();
  listed = await startMemoryStack({ env: { CORS_ORIGINS: 'https://news.example,https://blog.example' } });
});
after(async () => {
  await stack.stop();
  await listed.stop();
});

describe('browser form posts', () => {
  test('a form post from the service’s own page → 303 to redirect_to#comment-<id>', async () => {
    const page = `${stack.origin}/?x=1`;
    const res = await request(stack.origin)
      .post('/api/v1/comments')
      .set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8')
      .set('Referer', page)
      .type('form')
      .send({ ...form, redirect_to: page })
      .expect(303);
    const loc = new URL(res.headers.location!);
    assert.equal(loc.origin + loc.pathname, `${stack.origin}/`);
    assert.match(loc.hash, /^#comment-c[\w-]+$/);
    const id = loc.hash.slice('#comment-'.length);
    assert.equal((await stack.store.get(id))?.status, 'pending');
  });

  test('a WordPress-style form from an allowed origin → 303 back to the Referer, comment stored', async () => {
    const res = await request(listed.origin)
      .post('/api/v1/comments')
      .set('Referer', 'https://news.example/2026/11/japan-eu/')
      .type('form')
      .send({ author: 'WP', email: 'wp@example.com', url: '', comment: 'From a theme form', comment_post_ID: '1234', comment_parent: '0' })
      .expect(303);
    assert.match(res.headers.location!, /^https:\/\/news\.example\/2026\/11\/japan-eu\/#comment-c/);
    assert.equal((await listed.store.countByStatus()).pending, 1);
  });

  test('validation errors → 303 with comment_error and comment_fields, nothing stored', async () => {
    const before = (await listed.store.countByStatus()).pending;
    const res = await request(listed.origin)
      .post('/api/v1/comments')
      .set('Referer', 'https://blog.example/post')
      .type('form')
      .send({ threadId: 'post', name: '', email: 'bad', comment: 'x' })
      .expect(303);
    const loc = new URL(res.headers.location!);
    assert.equal(loc.origin, 'https://blog.example');
    assert.equal(loc.searchParams.get('comment_error'), 'validation_failed');
    assert.deepEqual(loc.searchParams.get('comment_fields')!.split(',').sort(), ['email', 'name']);
    assert.equal(loc.hash, '#respond');
    assert.equal((await listed.store.countByStatus()).pending, before);
  });

  test('redirect_to on a foreign origin is never followed: JSON instead of an open redirect', async () => {
    const res = await request(listed.origin)
      .post('/api/v1/comments')
      .set('Referer', 'https://news.example/a')
      .type('form')
      .send({ ...form, redirect_to: 'https://evil.example/phish' });
    assert.equal(res.status, 202);
    assert.equal(res.headers.location, undefined);
  });

  test('with CORS_ORIGINS=* a redirect goes only back to the origin that posted', async () => {
    const bad = await request(stack.origin)
      .post('/api/v1/comments')
      .set('Referer', 'https://attacker.example/form')
      .type('form')
      .send({ ...form, redirect_to: 'https://victim-bank.example/' });
    assert.equal(bad.status, 202);
    const ok = await request(stack.origin)
      .post('/api/v1/comments')
      .set('Referer', 'https://any-blog.example/post')
      .type('form')
      .send({ ...form, redirect_to: 'https://any-blog.example/post' })
      .expect(303);
    assert.match(ok.headers.location!, /^https:\/\/any-blog\.example\/post#comment-/);
  });

  test('a form post over the rate limit → 303 back with comment_error=rate_limited and Retry-After; a JSON client still gets 429', async () => {
    const limited = await startMemoryStack({ rateLimitPerMinute: 1 });
    try {
      const page = `${limited.origin}/article`;
      await request(limited.origin).post('/api/v1/comments').set('Referer', page).type('form').send(form).expect(303);
      const res = await request(limited.origin).post('/api/v1/comments').set('Referer', page).type('form').send(form).expect(303);
      const loc = new URL(res.headers.location!);
      assert.equal(loc.origin + loc.pathname, page);
      assert.equal(loc.searchParams.get('comment_error'), 'rate_limited');
      assert.equal(loc.hash, '#respond');
      assert.match(res.headers['retry-after'] ?? '', /^\d+$/);
      const json = await request(limited.origin).post('/api/v1/comments').set('Referer', page).send(form).expect(429);
      assert.equal(json.body.error, 'rate_limited');
      assert.equal((await limited.store.countByStatus()).pending, 1);
    } finally {
      await limited.stop();
    }
  });

  test('a form post over 32 KB → 303 back with comment_error=payload_too_large, nothing stored', async () => {
    const before = (await stack.store.countByStatus()).pending;
    const page = `${stack.origin}/article`;
    const res = await request(stack.origin)
      .post('/api/v1/comments')
      .set('Referer', page)
      .type('form')
      .send({ ...form, comment: 'x'.repeat(40_000) })
      .expect(303);
    const loc = new URL(res.headers.location!);
    assert.equal(loc.searchParams.get('comment_error'), 'payload_too_large');
    assert.equal((await stack.store.countByStatus()).pending, before);
  });

  test('a refused form post from a page it may not go back to keeps the JSON answer', async () => {
    const res = await request(listed.origin)
      .post('/api/v1/comments')
      .set('Referer', 'https://evil.example/x')
      .type('form')
      .send({ ...form, comment: 'x'.repeat(40_000) });
    assert.equal(res.status, 413);
    assert.equal(res.body.error, 'payload_too_large');
  });

  test('a JSON body or Accept: application/json keeps the JSON answers', async () => {
    await request(stack.origin).post('/api/v1/comments').set('Referer', `${stack.origin}/`).send(form).expect(202);
    await request(stack.origin)
      .post('/api/v1/comments')
      .set('Referer', `${stack.origin}/`)
      .set('Accept', 'application/json')
      .type('form')
      .send({ ...form, redirect_to: `${stack.origin}/` })
      .expect(202);
  });
});
