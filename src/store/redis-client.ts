/**
 * Creates ioredis connections with the two behaviours the service needs:
 * producers (the API) fail fast when Redis is down, so a request gets a 503 within 2 s;
 * blocking consumers (workers) wait and reconnect forever.
 * A command that gets no answer rejects with RedisUnavailableError, so callers never read messages.
 */
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
 * ioredis rejects a command either with a ReplyError (Redis answered, e.g. a wrong type or a script
 * error: a bug, or a state the caller handles) or with a plain error of its own when there was no
 * answer at all (closed, not writable, command timeout, max retries). Only the second kind is an outage.
 */
export function classifyRedisError(err: unknown): unknown {
  if (err instanceof ReplyError || err instanceof RedisUnavailableError) return err;
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

/** Registers a Lua script on the client (run with EVALSHA, loaded when Redis lacks it) and returns a typed caller. */
export function defineScript<T>(client: Redis, name: string, numberOfKeys: number, lua: string): RedisScript<T> {
  client.defineCommand(name, { numberOfKeys, lua });
  const commands = client as unknown as Record<string, RedisScript<T>>;
  return (...args) => commands[name]!(...args);
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
