/** Sites and keyed server-to-server submission: the sites CLI, key auth (none, wrong, rotated), per-site data, per-key limits. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startTestStack, type TestStack } from './support/harness.ts';
import { addSite, sitesCli, type CreatedSite } from './support/sites.ts';

let stack: TestStack;
let blog: CreatedSite;
const reply = { threadId: 'post-1', name: 'Ann Reader', email: 'ann@example.com', comment: 'A thoughtful piece, thank you.' };

async function storedComments(): Promise<number> {
  return (await stack.redis.keys(`${stack.prefix}:c:*`)).length;
}

before(async () => {
  // No worker: comments stay pending, so the test sees exactly what was stored.
  stack = await startTestStack({ worker: false, env: { SITE_RATE_LIMIT_PER_MINUTE: '5', WEBHOOK_ALLOW_PRIVATE: '1' } });
  blog = await addSite(stack, 'Ann’s Blog', ['--origins', 'https://blog.example.com,https://www.blog.example.com']);
});
after(() => stack.stop());

describe('sites CLI', () => {
  test('add --json prints exactly one JSON object {id, apiKey, webhookSecret}', async () => {
    const { stdout, stderr } = await sitesCli(stack, ['add', '--name', 'Shop', '--webhook-url', 'http://127.0.0.1:9/hook', '--json']);
    assert.equal(stderr, '');
    assert.equal(stdout.trim().split('\n').length, 1);
    const created = JSON.parse(stdout) as Record<string, string>;
    assert.deepEqual(Object.keys(created).sort(), ['apiKey', 'id', 'webhookSecret']);
    assert.match(created.apiKey!, /^[a-z0-9]{20,63}$/, 'usable as a DNS label (Akismet key-in-host)');
  });

  test('keys are stored hashed: the key never appears in Redis', async () => {
    const keys = await stack.redis.keys(`${stack.prefix}:sites:*`);
    for (const k of keys) {
      assert.ok(!k.includes(blog.apiKey));
      if ((await stack.redis.type(k)) === 'string') assert.ok(!(await stack.redis.get(k))!.includes(blog.apiKey));
    }
  });

  test('list shows sites without their keys; --help documents every command', async () => {
    const { stdout } = await sitesCli(stack, ['list', '--json']);
    const sites = JSON.parse(stdout) as Array<{ id: string }>;
    assert.ok(sites.some((s) => s.id === blog.id));
    assert.ok(!stdout.includes(blog.apiKey) && !stdout.includes(blog.webhookSecret));
    const help = await sitesCli(stack, ['--help']);
    for (const cmd of ['add', 'list', 'rotate-key', 'remove', 'set']) assert.match(help.stdout, new RegExp(`\\b${cmd}\\b`));
    assert.match((await sitesCli(stack, ['add', '--help'])).stdout, /--webhook-url/);
  });

  test('an unknown command or a missing --name exits non-zero with one line on stderr', async () => {
    await assert.rejects(sitesCli(stack, ['frobnicate']), (err: { code: number; stderr: string }) => err.code === 2 && /unknown command/.test(err.stderr));
    await assert.rejects(sitesCli(stack, ['add', '--json']), (err: { code: number; stderr: string }) => err.code === 2 && /--name/.test(err.stderr));
  });
});

describe('POST /api/v1/comments with a site key', () => {
  test('a keyed call → 202, stored under the key’s site with the backend’s userIp, userAgent and context', async () => {
    const res = await request(stack.origin)
      .post('/api/v1/comments')
      .set('Authorization', `Bearer ${blog.apiKey}`)
      .send({ ...reply, userIp: '203.0.113.7', userAgent: 'Reader Browser/1.0', referrer: 'https://news.example.org/', permalink: 'https://blog.example.com/post-1', commentType: 'reply' })
      .expect(202);
    const full = await request(stack.origin).get(`/api/v1/moderation/comments/${res.body.id}`).set('Authorization', `Bearer ${stack.moderatorToken}`).expect(200);
    assert.equal(full.body.siteId, blog.id);
    assert.equal(full.body.ip, '203.0.113.7');
    assert.equal(full.body.userAgent, 'Reader Browser/1.0');
    const signals = JSON.parse((await stack.redis.hget(`${stack.prefix}:c:${res.body.id}`, 'signals'))!);
    assert.deepEqual(signals, { referrer: 'https://news.example.org/', permalink: 'https://blog.example.com/post-1', commentType: 'reply' });
  });

  test('without a key, userIp and userAgent can’t be set: the connection’s are used, on the default site', async () => {
    const res = await request(stack.origin).post('/api/v1/comments').set('User-Agent', 'real-ua').send({ ...reply, userIp: '203.0.113.9', userAgent: 'forged' }).expect(202);
    const full = await request(stack.origin).get(`/api/v1/moderation/comments/${res.body.id}`).set('Authorization', `Bearer ${stack.moderatorToken}`).expect(200);
    assert.equal(full.body.siteId, 'default');
    assert.notEqual(full.body.ip, '203.0.113.9');
    assert.equal(full.body.userAgent, 'real-ua');
  });

  test('a wrong key → 401, nothing stored', async () => {
    const before = await storedComments();
    const res = await request(stack.origin).post('/api/v1/comments').set('Authorization', 'Bearer ck0000000000000000000000000000000000000000').send(reply).expect(401);
    assert.equal(res.body.error, 'unauthorized');
    await request(stack.origin).post('/api/v1/comments').set('Authorization', 'Basic abc').send(reply).expect(401);
    assert.equal(await storedComments(), before);
  });

  test('a keyed call with a bad userIp → 400 naming the field', async () => {
    const res = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${blog.apiKey}`).send({ ...reply, userIp: 'not-an-ip' }).expect(400);
    assert.ok(res.body.fields.userIp);
  });

  test('rotate-key: the old key → 401 at once, the new key works', async () => {
    const site = await addSite(stack, 'Rotating');
    await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${site.apiKey}`).send(reply).expect(202);
    const { stdout } = await sitesCli(stack, ['rotate-key', site.id, '--json']);
    const { apiKey } = JSON.parse(stdout) as { apiKey: string };
    await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${site.apiKey}`).send(reply).expect(401);
    await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${apiKey}`).send(reply).expect(202);
    await sitesCli(stack, ['remove', site.id]);
    await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${apiKey}`).send(reply).expect(401);
  });

  test('keyed calls are limited per key, not per IP: a 6th call in a minute → 429, another key still passes', async () => {
    const a = await addSite(stack, 'Limited A');
    const b = await addSite(stack, 'Limited B');
    for (let i = 0; i < 5; i++) await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${a.apiKey}`).send(reply).expect(202);
    const limited = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${a.apiKey}`).send(reply).expect(429);
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${b.apiKey}`).send(reply).expect(202);
  });
});

describe('multi-site: widget requests, threads and moderation filters', () => {
  test('a site added while the service runs is live within 5 s: widget posts from its origin belong to it', async () => {
    const started = Date.now();
    const site = await addSite(stack, 'Late Arrival', ['--origins', 'https://late.example.net']);
    const id = await stack.waitFor(async () => {
      const res = await request(stack.origin).post('/api/v1/comments').set('Origin', 'https://late.example.net').send(reply).expect(202);
      const full = await request(stack.origin).get(`/api/v1/moderation/comments/${res.body.id}`).set('Authorization', `Bearer ${stack.moderatorToken}`);
      return full.body.siteId === site.id ? res.body.id : undefined;
    }, 5000);
    assert.ok(id);
    assert.ok(Date.now() - started < 5000 + 2000);
  });

  test('threads are per site: the same thread id on two sites lists each site’s own comments', async () => {
    const threadId = `shared-${Date.now()}`;
    const mine = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${blog.apiKey}`).send({ ...reply, threadId }).expect(202);
    const theirs = await request(stack.origin).post('/api/v1/comments').send({ ...reply, threadId }).expect(202);
    const auth = `Bearer ${stack.moderatorToken}`;
    await request(stack.origin).post(`/api/v1/moderation/comments/${mine.body.id}/approve`).set('Authorization', auth).expect(200);
    await request(stack.origin).post(`/api/v1/moderation/comments/${theirs.body.id}/approve`).set('Authorization', auth).expect(200);
    const fromBlog = await request(stack.origin).get(`/api/v1/threads/${threadId}/comments`).set('Origin', 'https://blog.example.com').expect(200);
    assert.deepEqual(fromBlog.body.comments.map((c: { id: string }) => c.id), [mine.body.id]);
    const fromDefault = await request(stack.origin).get(`/api/v1/threads/${threadId}/comments`).expect(200);
    assert.deepEqual(fromDefault.body.comments.map((c: { id: string }) => c.id), [theirs.body.id]);
  });

  test('moderation lists filter by ?siteId=', async () => {
    const auth = `Bearer ${stack.moderatorToken}`;
    const res = await request(stack.origin).get(`/api/v1/moderation/comments?status=pending&siteId=${blog.id}&limit=100`).set('Authorization', auth).expect(200);
    assert.ok(res.body.comments.length > 0);
    assert.ok(res.body.comments.every((c: { siteId: string }) => c.siteId === blog.id));
  });

  test('a plain form post from a site’s page redirects back to that site’s origin', async () => {
    const res = await request(stack.origin)
      .post('/api/v1/comments')
      .type('form')
      .set('Referer', 'https://blog.example.com/post-1')
      .send(reply)
      .expect(303);
    assert.match(res.headers.location!, /^https:\/\/blog\.example\.com\/post-1#comment-/);
  });
});
