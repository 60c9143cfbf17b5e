/**
 * Redis errors by kind: a Redis that does not answer surfaces as RedisUnavailableError (503) within
 * 2 s; an error reply from Redis stays a ReplyError (a bug, 500).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { ReplyError } from 'ioredis';
import { DependencyUnavailableError } from '../../src/errors.ts';
import { toErrorAnswer } from '../../src/http/error-handler.ts';
import { RedisUnavailableError, createRedisClient, classifyRedisError, waitUntilReady } from '../../src/store/redis-client.ts';
import { TEST_REDIS_URL } from '../support/harness.ts';

test('a command to a Redis port that refuses connections → RedisUnavailableError within 2 s', async () => {
  // A port we just had and closed again: nothing listens there.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const client = createRedisClient(`redis://127.0.0.1:${port}`);
  try {
    const started = Date.now();
    const err = await client.get('anything').then(() => null, (e: unknown) => e);
    assert.ok(err instanceof RedisUnavailableError, String(err));
    assert.ok(err instanceof DependencyUnavailableError);
    assert.ok(Date.now() - started < 2000);
    assert.equal(toErrorAnswer(err).status, 503);
  } finally {
    client.disconnect();
  }
});

test('a Redis error reply (wrong type) stays a ReplyError: a bug, answered 500', async () => {
  const client = createRedisClient(TEST_REDIS_URL);
  const key = `test-errors-${process.pid}-${Date.now()}`;
  try {
    assert.ok(await waitUntilReady(client, 3000));
    await client.set(key, 'x');
    const err = await client.hget(key, 'field').then(() => null, (e: unknown) => e);
    assert.ok(err instanceof ReplyError, String(err));
    assert.ok(!(err instanceof DependencyUnavailableError));
    assert.equal(toErrorAnswer(err).status, 500);
    assert.equal(classifyRedisError(err), err);
  } finally {
    await client.del(key);
    await client.quit();
  }
});
