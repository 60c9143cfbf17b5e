/**
 * The moderation worker's BullMQ connection holds each turn's writes in the socket and sends them in one system call,
 * while BullMQ still sees ioredis's own errors (it tells a lost connection from a failed command by their messages).
 * Every job is still processed once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { bullmqConnection, patientOptions, RedisUnavailableError } from '../../src/store/redis-client.ts';
import { createModerationQueue, createModerationWorker } from '../../src/queue/moderation-queue.ts';
import { freshPrefixes, TEST_REDIS_CLUSTER, TEST_REDIS_URL, testRedisClient } from '../support/harness.ts';

const fresh = freshPrefixes(testRedisClient());
// A Cluster connection is BullMQ's Cluster client, which does not coalesce.
const single = { skip: TEST_REDIS_CLUSTER ? 'one server only' : false };

/** Counts the socket's writes (one per write or writev system call Node makes for it). */
function countWrites(client: Redis): { count: number } {
  const counter = { count: 0 };
  const socket = client.stream as unknown as { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
  for (const name of ['_write', '_writev'] as const) {
    const original = socket[name].bind(socket);
    socket[name] = (...a: unknown[]) => {
      counter.count++;
      original(...a);
    };
  }
  return counter;
}

test('commands sent in one turn on a coalescing BullMQ connection → one socket write, each answered', single, async () => {
  const conn = bullmqConnection(TEST_REDIS_URL, patientOptions, { coalesceWrites: true });
  const client = conn.connection as Redis;
  try {
    await client.ping();
    const writes = countWrites(client);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => client.echo(`m${i}`)));
    assert.deepEqual(answers, Array.from({ length: 10 }, (_, i) => `m${i}`));
    assert.equal(writes.count, 1);
  } finally {
    await conn.close();
  }
});

test('a command on a closed coalescing BullMQ connection → ioredis\'s own "Connection is closed." error, not ours', single, async () => {
  const conn = bullmqConnection(TEST_REDIS_URL, patientOptions, { coalesceWrites: true });
  const client = conn.connection as Redis;
  await client.ping();
  await conn.close();
  const err = await client.ping().then(
    () => assert.fail('answered on a closed connection'),
    (e: unknown) => e as Error,
  );
  assert.equal(err.message, 'Connection is closed.');
  assert.equal(err instanceof RedisUnavailableError, false);
});

test('jobs queued for a moderation worker on its coalescing connection → each processed once', async () => {
  const prefix = fresh();
  const queue = createModerationQueue(TEST_REDIS_URL, prefix);
  const seen: string[] = [];
  let done: () => void = () => {};
  const all = new Promise<void>((r) => (done = r));
  const worker = createModerationWorker(
    async (commentId) => {
      seen.push(commentId);
      if (seen.length === 40) done();
      return { outcome: 'seen' };
    },
    { redisUrl: TEST_REDIS_URL, redisPrefix: prefix, concurrency: 16, lockMs: 30_000, stalledCheckMs: 30_000 },
  );
  try {
    await Promise.all(Array.from({ length: 40 }, (_, i) => queue.enqueue(`c_${i}`)));
    await all;
    assert.deepEqual([...seen].sort(), Array.from({ length: 40 }, (_, i) => `c_${i}`).sort());
  } finally {
    await worker.close();
    await queue.close();
  }
});
