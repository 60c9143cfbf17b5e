/**
 * Creates ioredis connections with the two behaviours the service needs:
 * producers (the API) fail fast when Redis is down, so a request gets a 503 within 2 s;
 * blocking consumers (workers) wait and reconnect forever.
 * A command that gets no answer rejects with RedisUnavailableError, so callers never read messages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis, ReplyError, type RedisOptions } from 'ioredis';
import { DependencyUnavailableError } from '../errors.ts';

export type RedisClient = Redis;
export type { RedisOptions };

/** Plain connection options for BullMQ, which opens its own connections. */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  const db = u.pathname.replace(/^\//, '');
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** Options for request-path connections: no offline queue, bounded connect and command times. */
export const failFastOptions: RedisOptions = {
  enableOfflineQueue: false,
  connectTimeout: 1500,
  commandTimeout: 1500,
  maxRetriesPerRequest: 1,
  // Keep trying to reconnect in the background, so the service recovers when Redis returns.
  retryStrategy: (times) => Math.min(times * 200, 2000),
};

/** Options for BullMQ workers, whose blocking commands must never time out. */
export const patientOptions: RedisOptions = {
  maxRetriesPerRequest: null,
  enableOfflineQueue: true,
  retryStrategy: (times) => Math.min(times * 200, 2000),
};

/** Redis did not answer a command: not connected, connection lost, timed out or out of retries. */
export class RedisUnavailableError extends DependencyUnavailableError {}

/**
 * Redis answered but refuses writes because it is full (`maxmemory` with `noeviction`): to clients
 * it is an outage like any other, a 503 with Retry-After, not a bug.
 */
export class RedisOutOfMemoryError extends DependencyUnavailableError {}

/** The error code Redis puts first in an error reply (`OOM`, `WRONGTYPE`, `NOSCRIPT`…): the protocol's own kind. */
export function replyErrorCode(err: Error): string {
  return /^[A-Z][A-Z_-]*/.exec(err.message)?.[0] ?? '';
}

/**
 * ioredis rejects a command either with a ReplyError (Redis answered with an error) or with a plain
 * error of its own when there was no answer at all (closed, not writable, command timeout, max
 * retries). No answer is an outage; an error reply is a bug or a state the caller handles, except
 * OOM, which means Redis is full.
 */
export function classifyRedisError(err: unknown): unknown {
  if (err instanceof DependencyUnavailableError) return err;
  if (err instanceof ReplyError) return replyErrorCode(err as Error) === 'OOM' ? new RedisOutOfMemoryError(err) : err;
  return new RedisUnavailableError(err);
}

/** Every command, script and pipelined or MULTI command goes through sendCommand, so all are classified here. */
class ClassifyingRedis extends Redis {
  override sendCommand(...args: Parameters<Redis['sendCommand']>): unknown {
    const [command] = args;
    const reject = command.reject;
    command.reject = (err: Error) => reject(classifyRedisError(err) as Error);
    return super.sendCommand(...args);
  }
}

export function createRedisClient(url: string, options: RedisOptions = failFastOptions): Redis {
  const client = new ClassifyingRedis({ ...redisOptionsFromUrl(url), ...options, lazyConnect: false, replyMapping: 'legacy' });
  // Without a listener ioredis prints every connection error; the readiness probe reports them instead.
  client.on('error', () => {});
  return client;
}

/** A Lua script bound to a client: the first `numberOfKeys` arguments are KEYS, the rest ARGV. */
export type RedisScript<T> = (...args: Array<string | number>) => Promise<T>;

const LUA_DIR = fileURLToPath(new URL('./lua/', import.meta.url));
const luaSources = new Map<string, string>();

/**
 * The source of `src/store/lua/<name>-<numberOfKeys>.lua`, with `--- @include "<file>"` lines replaced
 * by `src/store/lua/includes/<file>.lua` (shared helpers). Read once per process.
 */
export function luaSource(file: string): string {
  let src = luaSources.get(file);
  if (src === undefined) {
    src = readFileSync(join(LUA_DIR, file), 'utf8').replace(/^--- @include "([a-z0-9-]+)"$/gm, (_m, inc: string) =>
      readFileSync(join(LUA_DIR, 'includes', `${inc}.lua`), 'utf8'),
    );
    luaSources.set(file, src);
  }
  return src;
}

/**
 * Registers the Lua script `<name>-<numberOfKeys>.lua` on the client and returns a typed caller. ioredis
 * runs it with EVALSHA and loads it (SCRIPT LOAD via EVAL) only when Redis does not have it yet, e.g.
 * after a restart. Values always travel as ARGV, never spliced into the source.
 */
export function loadScript<T>(client: Redis, name: string, numberOfKeys: number): RedisScript<T> {
  const command = `cm_${name.replace(/-/g, '_')}`;
  if (!(command in client)) client.defineCommand(command, { numberOfKeys, lua: luaSource(`${name}-${numberOfKeys}.lua`) });
  const commands = client as unknown as Record<string, RedisScript<T>>;
  return (...args) => commands[command]!(...args);
}

/** Resolves true once the client is ready, or false after `timeoutMs`. Never rejects. */
export function waitUntilReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    timer.unref();
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    client.once('ready', onReady);
  });
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<invalid url>';
  }
}
