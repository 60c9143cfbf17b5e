/**
 * Signed webhooks, against a real receiver on loopback (an Express app inside the test): signature
 * and headers, retries after a 500 with the same X-Webhook-Id, per-comment order, email opt-in,
 * dead-lettering, and the moderator's delivery list and redelivery.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { startTestStack, type TestStack } from '../support/harness.ts';
import { addSite, sitesCli, type CreatedSite } from '../support/sites.ts';
import { verifyWebhook } from '../../src/webhooks/webhook-signature.ts';

interface Received {
  id: string;
  timestamp: string;
  signatureOk: boolean;
  event: { id: string; type: string; createdAt: string; siteId: string; comment: Record<string, unknown> };
}

let stack: TestStack;
let receiver: Server;
let hookBase: string;
const secrets: Record<string, string> = {};
/** Every request the receiver got, in arrival order, per path. */
const received: Record<string, Received[]> = {};
/** Per path: answer 500 to the first N requests for each event id. */
const failFirst: Record<string, number> = {};
/** Per path: always answer 500. */
const alwaysFail = new Set<string>();
const seenAttempts = new Map<string, number>();

const reply = { threadId: 'post-1', name: 'Ann Reader', email: 'ann@example.com', comment: 'A thoughtful piece, thank you.' };
const auth = () => `Bearer ${stack.moderatorToken}`;

function startReceiver(): Promise<Server> {
  const app = express();
  // The raw body is what was signed: verify it before parsing.
  app.post('/hooks/:name', express.text({ type: 'application/json' }), (req, res) => {
    const name = req.params.name;
    const raw = req.body as string;
    const id = req.get('x-webhook-id')!;
    const rec: Received = {
      id,
      timestamp: req.get('x-webhook-timestamp')!,
      signatureOk: verifyWebhook(secrets[name] ?? '', { timestamp: req.get('x-webhook-timestamp'), signature: req.get('x-webhook-signature') }, raw),
      event: JSON.parse(raw),
    };
    (received[name] ??= []).push(rec);
    const attempt = (seenAttempts.get(id) ?? 0) + 1;
    seenAttempts.set(id, attempt);
    if (alwaysFail.has(name) || attempt <= (failFirst[name] ?? 0)) return res.status(500).send('try again');
    res.status(204).end();
  });
  return new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
}

/** Delivered (2xx-answered) events for a path: the last request per event id whose answer was a success. */
function delivered(name: string): Received[] {
  const all = received[name] ?? [];
  return all.filter((r, i) => {
    const attemptNo = all.slice(0, i + 1).filter((x) => x.id === r.id).length;
    return !alwaysFail.has(name) && attemptNo > (failFirst[name] ?? 0);
  });
}

async function site(name: string, extra: string[] = []): Promise<CreatedSite> {
  const s = await addSite(stack, name, ['--webhook-url', `${hookBase}/hooks/${name}`, ...extra]);
  secrets[name] = s.webhookSecret;
  return s;
}

async function submit(s: CreatedSite, body = reply): Promise<string> {
  const res = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${s.apiKey}`).send(body).expect(202);
  return res.body.id as string;
}

before(async () => {
  receiver = await startReceiver();
  hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  // Everything is flagged (0 ≤ score < 1), so each test drives the later moves itself.
  stack = await startTestStack({
    flagThreshold: 0,
    rejectThreshold: 1,
    // The receiver listens on loopback, which webhook targets may only be with WEBHOOK_ALLOW_PRIVATE=1.
    env: { WEBHOOK_BACKOFF_BASE_MS: '50', WEBHOOK_BACKOFF_MAX_MS: '200', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_ALLOW_PRIVATE: '1' },
  });
});
after(async () => {
  await stack.stop();
  await new Promise((r) => receiver.close(r));
});

describe('webhooks', () => {
  test('a decision POSTs a signed event: X-Webhook-Id = event id, fresh timestamp, valid sha256 signature, full record without email', async () => {
    const s = await site('signed');
    const id = await submit(s);
    const [got] = await stack.waitFor(async () => (delivered('signed').length ? delivered('signed') : undefined));
    assert.ok(got);
    assert.equal(got.signatureOk, true);
    assert.equal(got.id, got.event.id);
    assert.ok(Math.abs(Number(got.timestamp) - Date.now() / 1000) < 30);
    assert.equal(got.event.type, 'comment.flagged');
    assert.equal(got.event.siteId, s.id);
    assert.ok(!Number.isNaN(Date.parse(got.event.createdAt)));
    assert.equal(got.event.comment.id, id);
    assert.equal(got.event.comment.status, 'flagged');
    assert.equal(typeof got.event.comment.spamScore, 'number');
    assert.equal('email' in got.event.comment, false, 'email only with opt-in');
    assert.equal('ip' in got.event.comment, false, 'IP address only with opt-in');
    assert.equal('userAgent' in got.event.comment, false, 'user agent only with opt-in');
  });

  test('a site that opts in to client info gets the IP address and user agent', async () => {
    const s = await site('with-client-info', ['--webhook-include-client-info', 'true']);
    await request(stack.origin)
      .post('/api/v1/comments')
      .set('Authorization', `Bearer ${s.apiKey}`)
      .send({ ...reply, userIp: '203.0.113.7', userAgent: 'Mozilla/5.0 (test)' })
      .expect(202);
    const [got] = await stack.waitFor(async () => (delivered('with-client-info').length ? delivered('with-client-info') : undefined));
    assert.equal(got!.event.comment.ip, '203.0.113.7');
    assert.equal(got!.event.comment.userAgent, 'Mozilla/5.0 (test)');
    assert.equal('email' in got!.event.comment, false);
  });

  test('a site that opts in gets the email', async () => {
    const s = await site('with-email', ['--webhook-include-email']);
    await submit(s);
    const [got] = await stack.waitFor(async () => (delivered('with-email').length ? delivered('with-email') : undefined));
    assert.equal(got!.event.comment.email, 'ann@example.com');
  });

  test('after a 500 the same event is retried with the same X-Webhook-Id, and events of one comment arrive in order', async () => {
    failFirst.ordered = 2;
    const s = await site('ordered');
    const id = await submit(s);
    // Let the classifier's event be queued (and fail) before the moderator acts, to force the ordering question.
    await stack.waitFor(async () => (received.ordered?.length ?? 0) >= 1);
    await request(stack.origin).post(`/api/v1/moderation/comments/${id}/approve`).set('Authorization', auth()).expect(200);
    await request(stack.origin).post(`/api/v1/moderation/comments/${id}/spam`).set('Authorization', auth()).expect(200);
    await request(stack.origin).delete(`/api/v1/moderation/comments/${id}`).set('Authorization', auth()).expect(204);
    const got = await stack.waitFor(async () => (delivered('ordered').length >= 4 ? delivered('ordered') : undefined), 10_000);
    assert.deepEqual(got.map((r) => r.event.type), ['comment.flagged', 'comment.approved', 'comment.spam', 'comment.deleted']);
    const first = received.ordered!.filter((r) => r.event.type === 'comment.flagged');
    assert.equal(first.length, 3, 'two 500s, then success');
    assert.equal(new Set(first.map((r) => r.id)).size, 1, 'same X-Webhook-Id on every retry');
    assert.ok(received.ordered!.every((r) => r.signatureOk));
    // Every attempt of event n came before any attempt of event n+1.
    const order = received.ordered!.map((r) => r.event.type);
    assert.deepEqual([...new Set(order)], ['comment.flagged', 'comment.approved', 'comment.spam', 'comment.deleted']);
  });

  test('a receiver that keeps failing → dead-lettered after the last attempt, listed for moderators, later events still flow, redelivery works', async () => {
    alwaysFail.add('down');
    const s = await site('down');
    const id = await submit(s);
    const dead = await stack.waitFor(async () => {
      const res = await request(stack.origin).get(`/api/v1/moderation/webhooks/deliveries?siteId=${s.id}&status=dead`).set('Authorization', auth()).expect(200);
      return res.body.deliveries.length ? res.body.deliveries : undefined;
    }, 10_000);
    assert.equal(dead[0].commentId, id);
    assert.equal(dead[0].attempts, 3);
    assert.equal(dead[0].lastStatusCode, 500);
    assert.equal(received.down!.length, 3);

    alwaysFail.delete('down');
    const redo = await request(stack.origin).post(`/api/v1/moderation/webhooks/deliveries/${dead[0].id}/redeliver`).set('Authorization', auth()).expect(202);
    assert.equal(redo.body.status, 'pending');
    await stack.waitFor(async () => {
      const res = await request(stack.origin).get(`/api/v1/moderation/webhooks/deliveries?siteId=${s.id}`).set('Authorization', auth()).expect(200);
      return res.body.deliveries.find((d: { id: string; status: string }) => d.id === dead[0].id && d.status === 'delivered');
    }, 10_000);
    await request(stack.origin).post(`/api/v1/moderation/comments/${id}/approve`).set('Authorization', auth()).expect(200);
    await stack.waitFor(async () => received.down!.some((r) => r.event.type === 'comment.approved'), 10_000);
  });

  test('delivery endpoints need the moderator token; an unknown delivery → 404', async () => {
    await request(stack.origin).get('/api/v1/moderation/webhooks/deliveries').expect(401);
    await request(stack.origin).post('/api/v1/moderation/webhooks/deliveries/evt_nope/redeliver').set('Authorization', auth()).expect(404);
  });

  test('sites without a webhook URL produce no events; delivery jobs carry the event id only', async () => {
    const before = await stack.redis.keys(`${stack.keys.data}wh:e:*`);
    const id = await submit(await addSite(stack, 'quiet'));
    // An event is stored in the same atomic step as the worker's decision: once decided, it would be there.
    await stack.waitFor(async () => {
      const res = await request(stack.origin).get(`/api/v1/moderation/comments/${id}`).set('Authorization', auth());
      return res.status === 200 && res.body.status !== 'pending';
    });
    assert.equal((await stack.redis.keys(`${stack.keys.data}wh:e:*`)).length, before.length);
    const jobs = (await stack.redis.keys(`${stack.keys.bull}:webhook:wh-*`)).filter((k) => /:wh-evt_[A-Za-z0-9_-]+(-r[a-z0-9]+)?$/.test(k));
    assert.ok(jobs.length > 0);
    for (const k of jobs) assert.deepEqual(Object.keys(JSON.parse((await stack.redis.hget(k, 'data'))!)), ['eventId']);
  });

  test('after `sites set --rotate-webhook-secret`, deliveries are signed with the new secret', async () => {
    const s = await site('rotating');
    const { stdout } = await sitesCli(stack, ['set', s.id, '--rotate-webhook-secret', '--json']);
    const fresh = (JSON.parse(stdout) as { webhookSecret: string }).webhookSecret;
    assert.notEqual(fresh, s.webhookSecret);
    secrets.rotating = fresh;
    await submit(s);
    const [got] = await stack.waitFor(async () => (delivered('rotating').length ? delivered('rotating') : undefined));
    assert.equal(got!.signatureOk, true);
  });
});
