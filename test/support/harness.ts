/**
 * Test stack: the real app and (optionally) an in-process moderation worker on real Redis, each
 * run under its own key prefix, listening on a free loopback port. stop() removes every key it made.
 */
import { waitFor } from './wait-for.ts';
import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import pino, { type Logger } from 'pino';
import { loadConfig, type Config } from '../../src/config.ts';
import { startApi, type ApiHandle } from '../../src/server.ts';
import { startWorker, type WorkerHandle } from '../../workers/moderation-worker.ts';
import { redisKeys, type RedisKeys } from '../../src/store/redis-keys.ts';
import { createRedisClient, nodesOf, redisTarget, type RedisClient } from '../../src/store/redis-client.ts';
import { ensureBrowserBundles } from '../../src/runtime/browser-bundles.ts';

import { TEST_REDIS_CLUSTER, TEST_REDIS_URL } from './test-redis-url.ts';

export { TEST_REDIS_CLUSTER, TEST_REDIS_URL };

export interface TestStackOptions {
  /** Logger for the API and worker (default: silent, or TEST_LOG_LEVEL). */
  logger?: Logger;
  flagThreshold?: number;
  rejectThreshold?: number;
  rateLimitPerMinute?: number;
  /** Start an in-process worker (default true). */
  worker?: boolean;
  env?: Record<string, string>;
}

export interface TestStack {
  baseUrl: string;
  /** `baseUrl` without the trailing slash, handy for supertest. */
  origin: string;
  moderatorToken: string;
  prefix: string;
  /** The stack's Redis key names (see src/store/redis-keys.ts). */
  keys: RedisKeys;
  /** Every key this stack wrote, whatever its hash tag. */
  allKeys(): Promise<string[]>;
  config: Config & { redisUrl: string; moderatorToken: string };
  /** A separate client for assertions on raw keys (a Cluster client with TEST_REDIS_CLUSTER=1). */
  redis: RedisClient;
  api: ApiHandle;
  worker: WorkerHandle | undefined;
  /** Polls until `check` returns a truthy value or the timeout passes. */
  waitFor<T>(check: () => Promise<T | undefined | null | false>, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

export function uniquePrefix(): string {
  return `test-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Every key of the deployments with these (unique) REDIS_PREFIXes: `P:…`, `{P}:…`, `{P.learn}:…`, …
 * SCAN sees one node's keys, so on a Cluster every master is scanned. Each pass reads every key of the Redis (a
 * shared one may hold many from other work), so several prefixes are looked for in one pass, in large steps.
 */
export async function keysOf(redis: RedisClient, prefixes: string | readonly string[]): Promise<string[]> {
  const wanted = typeof prefixes === 'string' ? [prefixes] : prefixes;
  if (!wanted.length) return [];
  const found: string[] = [];
  for (const node of await nodesOf(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `*${commonStart(wanted)}*`, 'COUNT', 10_000);
      cursor = next;
      found.push(...(wanted.length === 1 ? keys : keys.filter((k) => wanted.some((p) => k.includes(p)))));
    } while (cursor !== '0');
  }
  return found;
}

/** The longest start the strings share (`test-<pid>-` for the prefixes of one process), for one SCAN pattern. */
function commonStart(strings: readonly string[]): string {
  let start = strings[0]!;
  for (const s of strings) while (!s.startsWith(start)) start = start.slice(0, -1);
  // Glob characters are escaped: the pattern matches the text itself.
  return start.replace(/[*?[\]\\]/g, '\\$&');
}

/** Deletes key by key: on a Cluster the keys of one deployment live in several slots. */
export async function deleteKeys(redis: RedisClient, prefixes: string | readonly string[]): Promise<void> {
  const keys = await keysOf(redis, prefixes);
  for (let i = 0; i < keys.length; i += 500) await Promise.all(keys.slice(i, i + 500).map((k) => redis.del(k)));
}

/**
 * For a test file that makes stores on `redis` itself: each call of the result is a new unique prefix; after the
 * file's tests every key under them is deleted and `redis` is closed.
 */
export function freshPrefixes(redis: RedisClient): () => string {
  const prefixes: string[] = [];
  after(async () => {
    await deleteKeys(redis, prefixes);
    await redis.quit();
  });
  return () => {
    const p = uniquePrefix();
    prefixes.push(p);
    return p;
  };
}

/** A client for the tests' Redis: a Cluster client when TEST_REDIS_CLUSTER=1. */
export function testRedisClient(): RedisClient {
  return createRedisClient(redisTarget({ redisUrl: TEST_REDIS_URL, redisCluster: TEST_REDIS_CLUSTER }), {});
}

export async function startTestStack(opts: TestStackOptions = {}): Promise<TestStack> {
  // The pages the app serves are built files; a single test file run on a fresh clone builds them here.
  await ensureBrowserBundles();
  const prefix = uniquePrefix();
  const moderatorToken = `mod-${randomBytes(12).toString('hex')}`;
  const base = loadConfig({
    REDIS_URL: TEST_REDIS_URL,
    REDIS_CLUSTER: TEST_REDIS_CLUSTER ? '1' : '0',
    REDIS_PREFIX: prefix,
    MODERATOR_TOKEN: moderatorToken,
    PORT: '0',
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_MINUTE: String(opts.rateLimitPerMinute ?? 0),
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const config = {
    ...base,
    redisUrl: TEST_REDIS_URL,
    moderatorToken,
    ...(opts.flagThreshold !== undefined ? { flagThreshold: opts.flagThreshold } : {}),
    ...(opts.rejectThreshold !== undefined ? { rejectThreshold: opts.rejectThreshold } : {}),
  };
  const logger = opts.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const worker = opts.worker === false ? undefined : await startWorker(config, logger, { sweeper: { staleAfterMs: 2000, intervalMs: 500, batch: 100 } });
  const api = await startApi(config, logger);
  const redis = testRedisClient();
  return {
    baseUrl: api.url,
    origin: api.url.replace(/\/$/, ''),
    moderatorToken,
    prefix,
    keys: redisKeys(prefix),
    allKeys: () => keysOf(redis, prefix),
    config,
    redis,
    api,
    worker,
    waitFor,
    async stop() {
      await api.close();
      await worker?.close();
      await deleteKeys(redis, prefix);
      await redis.quit();
    },
  };
}
