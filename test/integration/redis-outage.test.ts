/**
 * Redis outages: while Redis is down, POST answers 503 within 2 s (never a hang, never a 202) and
 * /readyz says so; a comment accepted before a Redis restart with AOF still reaches a decision.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import pino from 'pino';
import { startEmbeddedRedis, findOnPath, type EmbeddedRedis } from '../../src/runtime/embedded-redis.ts';
import { loadConfig } from '../../src/config.ts';
import { startApi, type ApiHandle } from '../../src/server.ts';
import { startWorker } from '../../workers/moderation-worker.ts';

const hasRedisServer = Boolean(findOnPath('redis-server'));
const dir = mkdtempSync(join(tmpdir(), 'cm-outage-'));
let redis: EmbeddedRedis;
let api: ApiHandle;
let port: number;
const logger = pino({ level: 'silent' });

function config(url: string, env: Record<string, string> = {}) {
  const c = loadConfig({ REDIS_URL: url, MODERATOR_TOKEN: 'outage-test-token-123456', PORT: '0', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'silent', ...env });
  return { ...c, redisUrl: url, moderatorToken: 'outage-test-token-123456' };
}

const body = { threadId: 'outage', name: 'R', email: 'r@example.com', comment: 'Written just before the outage.' };

describe('Redis outage', { skip: !hasRedisServer && 'redis-server is not on PATH' }, () => {
  before(async () => {
    redis = await startEmbeddedRedis(dir);
    port = Number(new URL(redis.url).port);
    api = await startApi(config(redis.url), logger);
  });
  after(async () => {
    await api?.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a comment accepted before Redis restarts (AOF) is still there afterwards and gets decided', async () => {
    const res = await request(api.url.replace(/\/$/, '')).post('/api/v1/comments').send(body).expect(202);
    await redis.stop();
    redis = await startEmbeddedRedis(dir, port);
    const worker = await startWorker(config(redis.url), logger);
    try {
      const deadline = Date.now() + 10_000;
      let status = 'pending';
      while (Date.now() < deadline) {
        const r = await request(api.url.replace(/\/$/, '')).get(`/api/v1/comments/${res.body.id}`);
        if (r.status === 200 && r.body.status === 'published') {
          status = 'published';
          break;
        }
        if (r.status === 404) {
          status = 'spam';
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.notEqual(status, 'pending');
    } finally {
      await worker.close();
    }
  });

  test('POST /api/v1/comments while Redis is down → 503 unavailable within 2 s; /readyz → 503; /healthz → 200', async () => {
    await redis.stop();
    const started = Date.now();
    const res = await request(api.url.replace(/\/$/, '')).post('/api/v1/comments').send(body);
    const elapsed = Date.now() - started;
    assert.equal(res.status, 503);
    assert.equal(res.body.error, 'unavailable');
    assert.ok(elapsed < 2000, `took ${elapsed} ms`);
    await request(api.url.replace(/\/$/, '')).get('/readyz').expect(503);
    await request(api.url.replace(/\/$/, '')).get('/healthz').expect(200);
    const list = await request(api.url.replace(/\/$/, '')).get('/api/v1/threads/outage/comments');
    assert.equal(list.status, 503);
  });

  test('while Redis is down, GET /metrics answers within 2 s (without queue depths) and the queue dashboard\'s data calls → 503', async () => {
    const origin = api.url.replace(/\/$/, '');
    let started = Date.now();
    const metrics = await request(origin).get('/metrics').timeout(5000);
    assert.equal(metrics.status, 200);
    assert.ok(Date.now() - started < 2000, `/metrics took ${Date.now() - started} ms`);
    assert.match(metrics.text, /comments_accepted_total/);
    assert.doesNotMatch(metrics.text, /queue_jobs\{/);
    started = Date.now();
    const board = await request(origin).get('/admin/queues/api/queues').set('Authorization', 'Bearer outage-test-token-123456').timeout(5000);
    assert.equal(board.status, 503);
    assert.equal(board.body.error, 'unavailable');
    assert.ok(Date.now() - started < 2000, `/admin/queues/api/queues took ${Date.now() - started} ms`);
  });

  test('when Redis comes back the API recovers without a restart', async () => {
    redis = await startEmbeddedRedis(dir, port);
    const deadline = Date.now() + 5000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await request(api.url.replace(/\/$/, '')).get('/readyz')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 200);
    await request(api.url.replace(/\/$/, '')).post('/api/v1/comments').send(body).expect(202);
  });
});

describe('Redis down when the API starts', { skip: !hasRedisServer && 'redis-server is not on PATH' }, () => {
  test('POST → 503 within 2 s, never a hang; the failing site refresh (every 50 ms) is logged once; once Redis is up the API answers 202 without a restart', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const free = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const lateDir = mkdtempSync(join(tmpdir(), 'cm-outage-late-'));
    const logged: { msg: string }[] = [];
    const capture = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    const late = await startApi(config(`redis://127.0.0.1:${free}`, { SITE_REFRESH_MS: '50' }), capture);
    let lateRedis: EmbeddedRedis | undefined;
    try {
      const origin = late.url.replace(/\/$/, '');
      const started = Date.now();
      const res = await request(origin).post('/api/v1/comments').timeout(5000).send(body);
      assert.equal(res.status, 503);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
      // Three seconds of polls that all failed: one line, the repeats wait for the next interval.
      assert.equal(logged.filter((l) => l.msg === 'could not refresh sites').length, 1);
      lateRedis = await startEmbeddedRedis(lateDir, free);
      const deadline = Date.now() + 5000;
      let status = 0;
      while (Date.now() < deadline && status !== 202) {
        status = (await request(origin).post('/api/v1/comments').timeout(2000).send(body)).status;
        if (status !== 202) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(status, 202);
    } finally {
      await late.close();
      await lateRedis?.stop();
      rmSync(lateDir, { recursive: true, force: true });
    }
  });
});
