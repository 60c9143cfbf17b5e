/**
 * The service's Redis, as the account CLIs (`npm run sites`, `npm run moderators`) find and open it: the same
 * variables (REDIS_URL, REDIS_CLUSTER, REDIS_CLUSTER_NODES, REDIS_PREFIX, DATA_DIR), validated as the service validates
 * them, so a CLI writes where the service reads, on one server or on a Redis Cluster.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import type { RedisClient } from '../store/redis-client.ts';
import { configFromEnv } from './config-from-env.ts';
import { UsageError } from './common.ts';

/** The variables that say where the service's Redis is and which keys are its. */
const CLI_REDIS_VARIABLES = ['REDIS_URL', 'REDIS_CLUSTER', 'REDIS_CLUSTER_NODES', 'REDIS_PREFIX', 'DATA_DIR'] as const;

/**
 * Which Redis the CLI talks to, and why: REDIS_URL, else the private server of a running `npm start`. When
 * `npm start` keeps its data here but is not running, guessing 127.0.0.1:6379 would write where the service never
 * looks, so that is refused.
 */
function redisUrl(config: Pick<Config, 'redisUrl' | 'dataDir'>): { url: string; source: string } {
  if (config.redisUrl) return { url: config.redisUrl, source: 'REDIS_URL' };
  const redisDir = resolve(config.dataDir, 'redis');
  const file = join(redisDir, 'url');
  if (existsSync(file)) return { url: readFileSync(file, 'utf8').trim(), source: `the private Redis of the running npm start (${file})` };
  if (existsSync(redisDir)) {
    throw new UsageError(`npm start keeps its Redis in ${redisDir} but is not running: start it, or set REDIS_URL to the Redis the service uses`);
  }
  return { url: 'redis://127.0.0.1:6379', source: 'the default (REDIS_URL is not set)' };
}

/** A connected client and the service's key prefix; `close` releases the connection. */
export interface CliRedis {
  redis: RedisClient;
  prefix: string;
  close: () => Promise<void>;
}

/**
 * Connects to the service's Redis for the CLI `prog`, within 3 s, or throws what the CLI prints: a bad variable is a
 * UsageError (exit 2), a Redis that does not answer a plain Error (exit 1). Where the Redis was not named by
 * REDIS_URL, one stderr line says where it was found.
 */
export async function openCliRedis(prog: string, env: NodeJS.ProcessEnv, err: { write(chunk: string): unknown }): Promise<CliRedis> {
  // Only the variables this needs: a bad value elsewhere in the environment is not the CLI's business.
  const config = configFromEnv(CLI_REDIS_VARIABLES, env);
  const { url, source } = redisUrl(config);
  // Loaded here, not on import: a CLI's commands on a given store (the in-memory tests) need no Redis client.
  const { closeRedisClient, createRedisClient, redactUrl, redisTarget, waitUntilReady } = await import('../store/redis-client.ts');
  // An explicit REDIS_URL is what the user asked for; anything else was found or guessed, so say which.
  if (source !== 'REDIS_URL') err.write(`${prog}: using Redis at ${redactUrl(url)}, prefix "${config.redisPrefix}", from ${source}\n`);
  const redis = createRedisClient(redisTarget({ ...config, redisUrl: url }));
  const close = () => closeRedisClient(redis);
  if (!(await waitUntilReady(redis, 3000))) {
    await close();
    throw new Error(`cannot reach Redis at ${redactUrl(url)}; set REDIS_URL (and REDIS_PREFIX) to the service's`);
  }
  return { redis, prefix: config.redisPrefix, close };
}
