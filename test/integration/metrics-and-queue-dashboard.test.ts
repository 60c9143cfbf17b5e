/**
 * Operations surface: /metrics on the API and on the worker's own port expose every named series after real
 * traffic (submission → classifier → webhook → moderator), refuse without METRICS_TOKEN when it is set, and the
 * queue dashboard needs the admin credential.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { startTestStack, type TestStack } from '../support/harness.ts';
import { addSite, type CreatedSite } from '../support/sites.ts';
import { moderatorsCli } from '../support/moderators.ts';

const METRICS_TOKEN = 'metrics-token-0123456789';
let stack: TestStack;
let receiver: Server;
let site: CreatedSite;
let delivered = 0;

before(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      delivered++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  stack = await startTestStack({ env: { WORKER_METRICS_PORT: '0', METRICS_TOKEN, WEBHOOK_ALLOW_PRIVATE: '1' } });
  site = await addSite(stack, 'Metrics Daily', ['--webhook-url', hook]);
});

after(async () => {
  await stack.stop();
  await new Promise<void>((r) => receiver.close(() => r()));
});

const scrape = async (base: string) =>
  (await request(base).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).text;

test('GET /metrics without the token → 401, with a wrong one → 403, on the API and on the worker port', async () => {
  assert.ok(stack.worker?.httpUrl, 'the worker serves HTTP when WORKER_METRICS_PORT is set');
  for (const base of [stack.origin, stack.worker.httpUrl.replace(/\/$/, '')]) {
    await request(base).get('/metrics').expect(401);
    await request(base).get('/metrics').set('Authorization', 'Bearer wrong-token-wrong-token').expect(403);
  }
  await request(stack.worker.httpUrl.replace(/\/$/, '')).get('/healthz').expect(200);
});

test('after traffic, every named series is exposed with its labels', async () => {
  const res = await request(stack.origin)
    .post('/api/v1/comments')
    .set('Authorization', `Bearer ${site.apiKey}`)
    .send({ threadId: 'metrics-1', name: 'Jo Reader', email: 'jo@example.com', comment: 'The second chart contradicts the headline, I think.' })
    .expect(202);
  const id = res.body.id as string;
  const decided = await stack.waitFor(async () => {
    const c = await request(stack.origin).get(`/api/v1/moderation/comments/${id}`).set('Authorization', `Bearer ${stack.moderatorToken}`);
    return c.body.status !== 'pending' ? c.body : undefined;
  });
  await stack.waitFor(async () => delivered > 0, 10_000);
  await request(stack.origin).post(`/api/v1/moderation/comments/${id}/spam`).set('Authorization', `Bearer ${stack.moderatorToken}`).expect(200);

  const api = await scrape(stack.origin);
  assert.match(api, /http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/comments"[^}]*status="202"/);
  assert.match(api, /http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/moderation\/comments\/:id"/, 'route patterns, not raw ids');
  assert.doesNotMatch(api, new RegExp(`route="[^"]*${id}`));
  assert.match(api, new RegExp(`comments_accepted_total\\{[^}]*site="${site.id}"[^}]*\\} 1`));
  assert.match(api, /comment_decisions_total\{[^}]*verdict="spam"[^}]*decider="moderator"[^}]*\} 1/);
  assert.match(api, /queue_jobs\{[^}]*queue="moderate"[^}]*state="waiting"[^}]*\} \d+/);
  assert.match(api, /queue_jobs\{[^}]*queue="webhook"[^}]*state="failed"[^}]*\} \d+/);
  assert.match(api, /process_resident_memory_bytes/);

  const worker = await scrape(stack.worker!.httpUrl!.replace(/\/$/, ''));
  assert.match(worker, new RegExp(`comment_decisions_total\\{[^}]*verdict="${decided.status}"[^}]*decider="classifier"[^}]*\\} 1`));
  assert.match(worker, /classifier_duration_seconds_count\{[^}]*\} 1/);
  assert.match(worker, /comment_decision_latency_seconds_count\{[^}]*\} 1/);
  assert.match(worker, /webhook_deliveries_total\{[^}]*outcome="delivered"[^}]*\} [1-9]/);
  assert.match(worker, /queue_jobs\{[^}]*queue="moderate"/);
});

test('the queue dashboard needs the admin credential (Bearer, or Basic with the token as password)', async () => {
  const denied = await request(stack.origin).get('/admin/queues').expect(401);
  assert.match(denied.headers['www-authenticate'] ?? '', /Basic/);
  await request(stack.origin).get('/admin/queues').set('Authorization', 'Bearer not-the-token-at-all').expect(403);
  await request(stack.origin).get('/admin/queues/api/queues').auth('admin', 'not-the-token').expect(403);
  const page = await request(stack.origin).get('/admin/queues').set('Authorization', `Bearer ${stack.moderatorToken}`).expect(200);
  assert.match(page.text, /<html/i);
  const queues = await request(stack.origin).get('/admin/queues/api/queues').auth('admin', stack.moderatorToken).expect(200);
  const names = (queues.body.queues as Array<{ name: string }>).map((q) => q.name).sort();
  assert.deepEqual(names, ['moderate', 'webhook']);
});

test('the queue dashboard also opens for admins (session cookie or personal token), never for plain moderators', async () => {
  const password = 'a long enough password';
  await moderatorsCli(stack, ['add', '--name', 'qa-admin', '--role', 'admin', '--password-stdin'], password);
  await moderatorsCli(stack, ['add', '--name', 'qa-mod', '--role', 'moderator', '--sites', site.id, '--password-stdin'], password);
  const token = async (name: string) => ((await moderatorsCli(stack, ['token', '--name', name])) as { token: string }).token;
  const session = async (name: string) => {
    const res = await request(stack.origin).post('/api/v1/session').send({ name, password }).expect(200);
    return { cookie: String(res.headers['set-cookie']?.[0]).split(';')[0]!, csrf: res.body.csrfToken as string };
  };
  const adminToken = await token('qa-admin');
  const modToken = await token('qa-mod');
  const admin = await session('qa-admin');
  const mod = await session('qa-mod');

  await request(stack.origin).get('/admin/queues/api/queues').set('Authorization', `Bearer ${adminToken}`).expect(200);
  await request(stack.origin).get('/admin/queues/api/queues').auth('qa-admin', adminToken).expect(200);
  const page = await request(stack.origin).get('/admin/queues').set('Cookie', admin.cookie).expect(200);
  assert.match(page.text, /<html/i);
  await request(stack.origin).get('/admin/queues/api/queues').set('Cookie', admin.cookie).expect(200);

  for (const denied of [
    request(stack.origin).get('/admin/queues').set('Authorization', `Bearer ${modToken}`),
    request(stack.origin).get('/admin/queues/api/queues').auth('qa-mod', modToken),
    request(stack.origin).get('/admin/queues').set('Cookie', mod.cookie),
  ]) {
    const res = await denied;
    assert.equal(res.status, 403);
    assert.equal(res.body.error, 'forbidden');
  }

  // Changes with the cookie: bull-board's own page sends no X-CSRF-Token, so it must come from this origin.
  const retry = '/admin/queues/api/queues/webhook/retry/failed';
  const crossSite = await request(stack.origin).put(retry).set('Cookie', admin.cookie).set('Origin', 'https://evil.example');
  assert.equal(crossSite.status, 403);
  assert.equal(crossSite.body.error, 'csrf_failed');
  await request(stack.origin).put(retry).set('Cookie', admin.cookie).expect(403);
  const sameOrigin = await request(stack.origin).put(retry).set('Cookie', admin.cookie).set('Origin', stack.origin);
  assert.notEqual(sameOrigin.status, 403);
  const withCsrf = await request(stack.origin).put(retry).set('Cookie', admin.cookie).set('X-CSRF-Token', admin.csrf);
  assert.notEqual(withCsrf.status, 403);

  // Disabling the admin closes the page to its cookie and its token at once.
  await moderatorsCli(stack, ['disable', '--name', 'qa-admin']);
  await request(stack.origin).get('/admin/queues').set('Cookie', admin.cookie).expect(401);
  await request(stack.origin).get('/admin/queues').set('Authorization', `Bearer ${adminToken}`).expect(403);
});

test('X-Request-Id is echoed when sane and generated otherwise', async () => {
  const given = await request(stack.origin).get('/healthz').set('X-Request-Id', 'edge-1234.abc').expect(200);
  assert.equal(given.headers['x-request-id'], 'edge-1234.abc');
  const odd = await request(stack.origin).get('/healthz').set('X-Request-Id', 'x'.repeat(500)).expect(200);
  assert.match(odd.headers['x-request-id'] ?? '', /^[0-9a-f-]{36}$/);
});
