/**
 * The Akismet-compatible protocol, driven by an unmodified Akismet client from npm (akismet-api) whose
 * host is pointed at the test service. The client puts the key in the host name (`<key>.localhost`),
 * which the test resolves to loopback, as RFC 6761 reserves *.localhost for.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import dns from 'node:dns';
import request from 'supertest';
import { AkismetClient } from 'akismet-api';
import { startMemoryStack, type MemoryStack, type CreatedSite } from '../support/memory-app.ts';

let stack: MemoryStack;
let site: CreatedSite;
let client: AkismetClient;
const originalLookup = dns.lookup;
const blog = 'https://blog.example.com';
const ham = { user_ip: '198.51.100.7', user_agent: 'Mozilla/5.0', comment_type: 'comment', comment_author: 'Jo', comment_author_email: 'jo@example.com', comment_content: 'I disagree with the second point; the data from 2019 shows the opposite trend.' };
const spam = { user_ip: '203.0.113.66', user_agent: 'curl/8', comment_type: 'comment', comment_author: 'cheap pills', comment_author_url: 'http://pills.example.ru', comment_content: 'BUY CHEAP VIAGRA NOW!!! cheap pills online casino bonus http://pills.example.ru http://casino.example.ru click here free money' };

function akismet(path: string, form: Record<string, string>) {
  return request(stack.origin).post(path).type('form').send(form);
}

before(async () => {
  // *.localhost → 127.0.0.1 for this process only, so the client's `<key>.<host>` URLs reach the test service.
  dns.lookup = function (this: unknown, host: string, opts: unknown, cb?: unknown) {
    const callback = (typeof opts === 'function' ? opts : cb) as (...a: unknown[]) => void;
    const options = (typeof opts === 'object' && opts !== null ? opts : {}) as { all?: boolean };
    if (host === 'localhost' || host.endsWith('.localhost')) {
      return options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4);
    }
    return (originalLookup as (...a: unknown[]) => void).call(this, host, opts, cb);
  } as typeof dns.lookup;
  stack = await startMemoryStack();
  site = await stack.addSite('Akismet Blog', ['--origins', blog]);
  const port = new URL(stack.baseUrl).port;
  client = new AkismetClient({ key: site.apiKey, blog, host: `localhost:${port}`, protocol: 'http' });
});
after(async () => {
  dns.lookup = originalLookup;
  await stack.stop();
});

describe('Akismet protocol through the akismet-api client', () => {
  test('verify-key → valid for the site key, invalid for another', async () => {
    assert.equal(await client.verifyKey(), true);
    const port = new URL(stack.baseUrl).port;
    const wrong = new AkismetClient({ key: 'ck1234567890abcdef', blog, host: `localhost:${port}`, protocol: 'http' });
    assert.equal(await wrong.verifyKey(), false);
  });

  test('comment-check → false for ordinary discussion, true for spam', async () => {
    assert.equal(await client.checkSpam(ham), false);
    assert.equal(await client.checkSpam(spam), true);
  });

  test('test values: akismet-guaranteed-spam is spam, user_role=administrator is ham', async () => {
    assert.equal(await client.checkSpam({ ...ham, comment_author: 'akismet-guaranteed-spam', is_test: true }), true);
    assert.equal(await client.checkSpam({ ...spam, user_role: 'administrator', is_test: true }), false);
  });

  test('a bad key in the host → the client reports an invalid key', async () => {
    const port = new URL(stack.baseUrl).port;
    const wrong = new AkismetClient({ key: 'ck1234567890abcdef', blog, host: `localhost:${port}`, protocol: 'http' });
    await assert.rejects(wrong.checkSpam(ham), /Invalid API key/);
  });

  test('submit-spam teaches the site: the same kind of text then scores higher; is_test never teaches', async () => {
    const text = 'Join my crypto trading academy today, DM me for the secret signals group.';
    const score = async () => (await request(stack.origin).post('/api/v1/check').set('Authorization', `Bearer ${site.apiKey}`).send({ comment: text }).expect(200)).body.spamScore as number;
    const before = await score();
    await client.submitSpam({ ...ham, comment_content: text, is_test: true });
    assert.equal(await score(), before, 'is_test requests never teach');
    for (let i = 0; i < 5; i++) await client.submitSpam({ ...ham, comment_content: `${text} ${i}` });
    assert.ok((await score()) > before);
  });
});

describe('Akismet protocol on the wire', () => {
  test('plain-text answers: valid / false / Thanks…, with no debug header on success', async () => {
    const v = await akismet('/1.1/verify-key', { key: site.apiKey, blog }).expect(200);
    assert.equal(v.text, 'valid');
    assert.match(v.headers['content-type']!, /^text\/plain/);
    assert.equal(v.headers['x-akismet-debug-help'], undefined);
    const c = await akismet('/1.1/comment-check', { api_key: site.apiKey, blog, ...ham }).expect(200);
    assert.equal(c.text, 'false');
    assert.equal(c.headers['x-akismet-debug-help'], undefined);
    const s = await akismet('/1.1/submit-ham', { api_key: site.apiKey, blog, ...ham }).expect(200);
    assert.equal(s.text, 'Thanks for making the web a better place.');
    const sp = await akismet('/1.1/submit-spam', { api_key: site.apiKey, blog, ...spam, is_test: '1' }).expect(200);
    assert.equal(sp.text, 'Thanks for making the web a better place.');
  });

  test('blatant spam → true with X-akismet-pro-tip: discard', async () => {
    const res = await akismet('/1.1/comment-check', { api_key: site.apiKey, blog, ...spam, honeypot_field_name: 'hp', hp: 'filled by a bot' }).expect(200);
    assert.equal(res.text, 'true');
    assert.equal(res.headers['x-akismet-pro-tip'], 'discard');
  });

  test('a missing parameter or a bad key → invalid with X-akismet-debug-help saying what is wrong', async () => {
    const noBlog = await akismet('/1.1/comment-check', { api_key: site.apiKey, user_ip: '1.2.3.4' }).expect(200);
    assert.equal(noBlog.text, 'invalid');
    assert.match(noBlog.headers['x-akismet-debug-help']!, /blog/);
    const noIp = await akismet('/1.1/submit-spam', { api_key: site.apiKey, blog }).expect(200);
    assert.equal(noIp.text, 'invalid');
    assert.match(noIp.headers['x-akismet-debug-help']!, /user_ip/);
    const badKey = await akismet('/1.1/comment-check', { api_key: 'ckdeadbeefdeadbeef', blog, ...ham }).expect(200);
    assert.equal(badKey.text, 'invalid');
    assert.match(badKey.headers['x-akismet-debug-help']!, /key/i);
    const noKey = await akismet('/1.1/verify-key', { blog }).expect(200);
    assert.equal(noKey.text, 'invalid');
    assert.ok(noKey.headers['x-akismet-debug-help']);
  });

  test('comment-check stores nothing', async () => {
    const keys = async () => ({
      comments: await stack.store.countByStatus(),
      queued: stack.queue.waiting(),
      learned: await stack.learning.stats(),
      webhooks: (await stack.webhooks.store.list({ limit: 1000 })).length,
    });
    const before = await keys();
    await akismet('/1.1/comment-check', { api_key: site.apiKey, blog, ...ham }).expect(200);
    await akismet('/1.1/comment-check', { api_key: site.apiKey, blog, ...spam }).expect(200);
    assert.deepEqual(await keys(), before);
  });
});
