/**
 * Redis at `maxmemory` with `noeviction`: writes fail with OOM. Clients get 503 with Retry-After, like
 * an outage, and no log line carries submitter data (the failed command's arguments hold the e-mail,
 * IP, user agent and text); a move fails as Redis full whether the worker's store sends it alone or in a batch.
 * Runs `npm start` against a private redis-server.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { findOnPath, startEmbeddedRedis, type EmbeddedRedis } from '../../src/runtime/embedded-redis.ts';
import { RedisSiteStore } from '../../src/store/redis-site-store.ts';
import { RedisCommentStore } from '../../src/store/redis-comment-store.ts';
import { closeRedisClient, createRedisClient, RedisOutOfMemoryError, waitUntilReady } from '../../src/store/redis-client.ts';
import type { Transition } from '../../src/store/comment-store.ts';
import { toErrorAnswer } from '../../src/http/error-handler.ts';
import { newComment } from '../contract/comment-store.contract.ts';
import { spawnService, type ServiceProcess } from '../support/processes.ts';

const hasRedisServer = Boolean(findOnPath('redis-server'));
const dir = mkdtempSync(join(tmpdir(), 'cm-full-'));
const TOKEN = 'redis-full-test-token-1234';
let redis: EmbeddedRedis;
let admin: Redis;
let service: ServiceProcess;
let origin: string;
let apiKey: string;

const reader = {
  threadId: 'full',
  name: 'Quentin Zebulon',
  email: 'quentin.zebulon@example.net',
  comment: 'Xylophonic marmalade theorem, written while Redis was full.',
  userIp: '203.0.113.77',
  userAgent: 'ZebulonBrowser/9.9',
};
const SECRETS = [reader.email, reader.userIp, reader.userAgent, 'Xylophonic marmalade', 'Quentin Zebulon'];

function post(body: object, headers: Record<string, string> = {}) {
  return fetch(`${origin}/api/v1/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, ...headers },
    body: JSON.stringify(body),
  });
}

before(async () => {
  if (!hasRedisServer) return;
  redis = await startEmbeddedRedis(dir);
  admin = new Redis(redis.url);
  const sites = new RedisSiteStore(admin, 'full');
  ({ apiKey } = await sites.create({ name: 'Full', origins: [], webhookUrl: null, webhookIncludeEmail: false, thresholds: {} }));
  service = await spawnService('src/start.ts', {
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'full',
    MODERATOR_TOKEN: TOKEN,
    PORT: '0',
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'info',
    SITE_REFRESH_MS: '200',
  });
  origin = await service.url(60_000);
});

after(async () => {
  await service?.kill();
  admin?.disconnect();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('Redis full (maxmemory, noeviction) → POST answers 503 with Retry-After, and the log holds no e-mail, IP, user agent or text', { skip: !hasRedisServer && 'redis-server is not on PATH' }, async () => {
  const ok = await post({ ...reader, comment: 'A first comment, while there is room.' });
  assert.equal(ok.status, 202);

  await admin.config('SET', 'maxmemory-policy', 'noeviction');
  await admin.config('SET', 'maxmemory', '1');
  try {
    const plain = await post(reader);
    const text = await plain.text();
    assert.equal(plain.status, 503, text);
    assert.ok(Number(plain.headers.get('retry-after')) > 0, 'Retry-After');
    assert.equal((JSON.parse(text) as { error: string }).error, 'unavailable');

    const keyed = await post(reader, { 'idempotency-key': 'full-1' });
    assert.equal(keyed.status, 503);
    assert.ok(keyed.headers.get('retry-after'));

    // Workers and sweepers hit the full Redis too; give them a moment to log about it.
    await new Promise((r) => setTimeout(r, 1500));
  } finally {
    await admin.config('SET', 'maxmemory', '0');
  }
  const log = service.output();
  assert.match(log, /OOM/, 'the failures are logged');
  for (const secret of SECRETS) assert.ok(!log.includes(secret), `the log contains ${secret}`);
});

test('Redis full → a move sent in the worker\'s batch fails as Redis full (a 503, `unavailable`), as the same move sent alone does', { skip: !hasRedisServer && 'redis-server is not on PATH' }, async () => {
  const client = createRedisClient(redis.url);
  assert.ok(await waitUntilReady(client, 3000));
  const prefix = 'full-moves';
  const batched = new RedisCommentStore(client, prefix, { batch: true });
  const alone = new RedisCommentStore(client, prefix, { batch: false });
  // Redis refuses a script's write only while the script has written nothing yet (it never stops one half-done): a
  // move that keeps the comment's status writes its record first, and that write is the one refused.
  const rescore: Transition = { from: ['pending'], to: 'pending', by: 'classifier', spamScore: 0.1, reasons: [] };
  const [a, b, warm] = await Promise.all(['a', 'b', 'warm'].map((comment) => batched.create(newComment({ comment }))));
  // Both move scripts loaded while there is room, so that the full Redis is met by the moves themselves.
  await Promise.all([batched.transition(warm!.id, rescore), alone.transition(warm!.id, rescore)]);

  await admin.config('SET', 'maxmemory-policy', 'noeviction');
  await admin.config('SET', 'maxmemory', '1');
  let errors: unknown[];
  try {
    errors = await Promise.all([batched.transition(a!.id, rescore), alone.transition(b!.id, rescore)].map((p) => p.then(() => null, (err: unknown) => err)));
  } finally {
    await admin.config('SET', 'maxmemory', '0');
  }
  try {
    for (const [i, err] of errors.entries()) {
      assert.ok(err instanceof RedisOutOfMemoryError, `${i === 0 ? 'batched' : 'alone'}: ${String(err)}`);
      const answer = toErrorAnswer(err);
      assert.equal(answer.status, 503);
      assert.equal(answer.code, 'unavailable');
    }
    // The batched one still says which comment it was moving, and why, in its cause.
    assert.match(String((errors[0] as Error).cause), new RegExp(`moving comment ${a!.id} failed: OOM`));
    assert.deepEqual([(await batched.get(a!.id))?.spamScore, (await batched.get(b!.id))?.spamScore], [null, null], 'neither move applied');
  } finally {
    await closeRedisClient(client);
  }
});
