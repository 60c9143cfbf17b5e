/**
 * Creates ioredis connections with the two behaviours the service needs:
 * producers (the API) fail fast when Redis is down, so a request gets a 503 within 2 s;
 * blocking consumers (workers) wait and reconnect forever.
 * A command that gets no answer rejects with RedisUnavailableError, so callers never read messages.
 * The target is one Redis server (a URL) or a Redis Cluster (seed nodes); every caller gets the matching
 * client, so the rest of the service does not care which it is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cluster, Redis, ReplyError, type ClusterOptions, type RedisOptions } from 'ioredis';

type LegacyClusterOptions = ClusterOptions & { redisOptions?: ClusterOptions['redisOptions'] & { replyMapping?: 'legacy' } };
import { DependencyUnavailableError } from '../errors.ts';
import { afterIo } from './turn-batcher.ts';
import { withLuaConstants } from './lua-constants.ts';

/** A connection to one server or to a Cluster; both run the same commands and scripts. */
export type RedisClient = Redis | Cluster;
export type { RedisOptions };

/**
 * A Redis Cluster reached through seed nodes: ioredis asks a seed for the slot map and then talks to every
 * master itself. `url` is the first seed; its user name, password and TLS setting apply to every node.
 */
export interface RedisClusterTarget {
  cluster: true;
  url: string;
  /** More seeds, `host:port`, used when the first one is down at startup. */
  seeds: string[];
}

/** Where Redis is: one server's URL, or a Redis Cluster. */
export type RedisTarget = string | RedisClusterTarget;

/** The target the validated config describes (REDIS_URL, REDIS_CLUSTER, REDIS_CLUSTER_NODES). */
export function redisTarget(config: { redisUrl: string; redisCluster?: boolean; redisClusterNodes?: string[] }): RedisTarget {
  return config.redisCluster ? { cluster: true, url: config.redisUrl, seeds: config.redisClusterNodes ?? [] } : config.redisUrl;
}

export function isClusterTarget(target: RedisTarget): target is RedisClusterTarget {
  return typeof target !== 'string';
}

/** `host:port` → a seed node; IPv6 addresses go in brackets (`[::1]:7000`). */
function seedNode(seed: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(seed.trim());
  return m ? { host: m[1]!, port: Number(m[2]) } : { host: seed.trim(), port: 6379 };
}

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
  return errorCodeOf(err.message);
}

const errorCodeOf = (message: string): string => /^[A-Z][A-Z_-]*/.exec(message)?.[0] ?? '';

/**
 * ioredis rejects a command either with a ReplyError (Redis answered with an error) or with a plain
 * error of its own when there was no answer at all (closed, not writable, command timeout, max
 * retries). No answer is an outage; an error reply is a bug or a state the caller handles, except
 * OOM, which means Redis is full.
 */
export function classifyRedisError(err: unknown): unknown {
  if (err instanceof DependencyUnavailableError) return err;
  if (err instanceof ReplyError) return classifyReply(err as Error);
  // ioredis's own refusal of a pipeline whose keys span nodes is a bug in how we use Redis, not an outage.
  if (err instanceof Error && /same slots allocation group/.test(err.message)) return err;
  return new RedisUnavailableError(err);
}

const CLUSTER_UNAVAILABLE_CODES = new Set(['CLUSTERDOWN', 'TRYAGAIN', 'MASTERDOWN', 'LOADING']);

/** An error reply by its code: Redis full (OOM) or a Cluster slot unavailable is an outage; any other stays as it is. */
function classifyReply(err: Error, code = replyErrorCode(err)): Error {
  if (code === 'OOM') return new RedisOutOfMemoryError(err);
  // A Cluster without a master for the slot (failover under way) or in the middle of moving it.
  if (CLUSTER_UNAVAILABLE_CODES.has(code)) return new RedisUnavailableError(err);
  return err;
}

/**
 * The error a batched script reported for one of its items (from a `pcall` around that item's Redis calls),
 * classified as the same error reply to the item's own call would have been: OOM is Redis being full, not a bug.
 * `context` (which item, which step) goes before the message, which keeps the error code it is classified by.
 */
export function scriptItemError(message: string, context?: string): Error {
  return classifyReply(new Error(context ? `${context}: ${message}` : message), errorCodeOf(message));
}

/** A connection that can hold each turn's writes in the socket and send them in one system call (ClientOptions.coalesceWrites). */
class CoalescingRedis extends Redis {
  /** See ClientOptions.coalesceWrites. */
  coalesceWrites = false;
  private corked: Redis['stream'] | undefined;

  override sendCommand(...args: Parameters<Redis['sendCommand']>): unknown {
    if (this.coalesceWrites && args[1] === undefined && this.status === 'ready') this.corkForThisTurn();
    return super.sendCommand(...args);
  }

  /**
   * Holds this turn's writes in the socket and sends them together once the turn's I/O callbacks have run
   * (setImmediate): one system call for the commands of every request handled in the turn instead of one each.
   * Each command is still sent, answered, timed out and failed on its own, exactly as without it.
   */
  private corkForThisTurn(): void {
    const socket = this.stream;
    if (!socket || this.corked === socket) return;
    this.corked = socket;
    socket.cork();
    setImmediate(() => {
      // Calls gathered during the turn (beforeTurnWrite) send their commands first, into the same write.
      const before = this.beforeWrite;
      this.beforeWrite = [];
      for (const run of before) run();
      if (this.corked === socket) this.corked = undefined;
      socket.uncork();
    });
  }

  private beforeWrite: Array<() => void> = [];

  /**
   * Runs `run` once this turn's I/O callbacks have run, just before the turn's commands are written, so that the
   * commands it sends leave in that same write. False (and `run` not taken) when this connection does not hold its
   * writes (coalesceWrites off, or not connected): the caller schedules it itself.
   */
  beforeTurnWrite(run: () => void): boolean {
    if (!this.coalesceWrites || this.status !== 'ready') return false;
    this.corkForThisTurn();
    if (this.corked !== this.stream) return false;
    this.beforeWrite.push(run);
    return true;
  }
}

/**
 * When a batch gathered during one turn (turn-batcher.ts) should run on `client`: just before the turn's write when
 * the client holds its writes for the turn (so the batch's command shares it), else after the turn's I/O callbacks.
 */
export function beforeTurnWrite(client: RedisClient, flush: () => void): void {
  if (!(client instanceof CoalescingRedis && client.beforeTurnWrite(flush))) afterIo(flush);
}

/** Every command, script and pipelined or MULTI command goes through sendCommand, so all are classified here. */
class ClassifyingRedis extends CoalescingRedis {
  override sendCommand(...args: Parameters<Redis['sendCommand']>): unknown {
    classifyRejection(args[0]);
    return super.sendCommand(...args);
  }
}

/** Makes a command fail with the classified error instead of ioredis's own. */
function classifyRejection(command: { reject: (err: Error) => void }): void {
  const reject = command.reject;
  command.reject = (err: Error) => reject(classifyRedisError(err) as Error);
}

/** The same classification for a Cluster; retries and redirections happen inside, only the final outcome is classified. */
class ClassifyingCluster extends Cluster {
  override sendCommand(...args: Parameters<Cluster['sendCommand']>): unknown {
    classifyRejection(args[0]);
    return super.sendCommand(...args);
  }
}

/**
 * The same behaviour on a Cluster: offline queue and reconnect strategy apply to the cluster as a whole,
 * timeouts, retries per request and credentials to each node's connection.
 */
function clusterClient(target: RedisClusterTarget, options: RedisOptions): Cluster {
  const { host, port, db, retryStrategy, enableOfflineQueue, lazyConnect, ...node } = { ...redisOptionsFromUrl(target.url), ...options };
  if (db) throw new Error('REDIS_URL: a Redis Cluster has only database 0; remove the /db part');
  const clusterOptions: LegacyClusterOptions = {
    lazyConnect: lazyConnect ?? false,
    enableOfflineQueue: enableOfflineQueue ?? true,
    ...(retryStrategy ? { clusterRetryStrategy: retryStrategy } : {}),
    redisOptions: { ...node, replyMapping: 'legacy' as const },
    // Managed TLS clusters announce node names that their certificates cover; resolving them here
    // would make ioredis connect by IP and fail the certificate check.
    ...(node.tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
  };
  return new ClassifyingCluster([{ host: host ?? '127.0.0.1', port: port ?? 6379 }, ...target.seeds.map(seedNode)], clusterOptions);
}

/** How a client created by createRedisClient behaves beyond ioredis's own options. */
export interface ClientOptions {
  /**
   * Send the commands issued during one turn of the event loop in one socket write (one server only; a Cluster
   * ignores it). For a process serving many concurrent requests on one connection, such as the API: the system
   * call per command is a large part of a request's CPU time. Unlike ioredis's auto-pipelining, each command
   * still goes through ioredis on its own; only the socket write is shared.
   */
  coalesceWrites?: boolean;
}

export function createRedisClient(target: RedisTarget, options: RedisOptions = failFastOptions, extra: ClientOptions = {}): RedisClient {
  let client: RedisClient;
  if (isClusterTarget(target)) {
    client = clusterClient(target, { ...options, lazyConnect: false });
  } else {
    const single = new ClassifyingRedis({ ...redisOptionsFromUrl(target), ...options, lazyConnect: false, replyMapping: 'legacy' });
    single.coalesceWrites = extra.coalesceWrites ?? false;
    client = single;
  }
  // Without a listener ioredis prints every connection error; the readiness probe reports them instead.
  client.on('error', () => {});
  return client;
}

/**
 * A connection for BullMQ. On one server BullMQ opens its own connections from plain options; with `coalesceWrites`
 * it is given a client of ours instead, which holds each turn's writes in the socket (see ClientOptions) and whose
 * errors are ioredis's own, as BullMQ expects them; a Worker uses it for its commands and opens its blocking
 * connection itself (a plain duplicate). On a Cluster it needs a Cluster instance: a Queue uses it as it is, a Worker
 * duplicates it for its blocking connections. A client of ours is closed by `close()`, after the Queue or Worker.
 *
 * It connects at once, not lazily: given a lazy Cluster, BullMQ awaits ioredis's `connect()` promise, which
 * never settles when the cluster's first ready check fails (a slow node under load) and ioredis reconnects by
 * itself; every add would then wait forever. Given a connecting Cluster, BullMQ waits for its `ready` event,
 * which the reconnection does emit.
 */
export function bullmqConnection(target: RedisTarget, options: RedisOptions, extra: ClientOptions = {}): { connection: RedisOptions | RedisClient; close(): Promise<void> } {
  if (!isClusterTarget(target)) {
    if (!extra.coalesceWrites) return { connection: { ...redisOptionsFromUrl(target), ...options }, close: async () => {} };
    const client = new CoalescingRedis({ ...redisOptionsFromUrl(target), ...options, lazyConnect: false, replyMapping: 'legacy' });
    client.coalesceWrites = true;
    client.on('error', () => {});
    return { connection: client, close: () => closeRedisClient(client) };
  }
  const cluster = clusterClient(target, { ...options, lazyConnect: false });
  cluster.on('error', () => {});
  return { connection: cluster, close: () => closeRedisClient(cluster) };
}

/** Closes a client: QUIT when it is connected or connecting, else (never connected, or already ended) at once. */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  if (client.status === 'wait' || client.status === 'end') return client.disconnect();
  await client.quit().then(
    () => {},
    () => client.disconnect(),
  );
}

/**
 * The masters of a Cluster, or the one server: commands that work per node (SCAN, INFO) must visit each.
 * Waits for the cluster's slot map first.
 */
export async function nodesOf(client: RedisClient): Promise<Redis[]> {
  if (!(client instanceof Cluster)) return [client];
  if (client.status !== 'ready') await waitUntilReady(client, 5000);
  return client.nodes('master');
}

/** A Lua script bound to a client: the first `numberOfKeys` arguments are KEYS, the rest ARGV. */
export type RedisScript<T> = (...args: Array<string | number | Buffer>) => Promise<T>;

const LUA_DIR = fileURLToPath(new URL('./lua/', import.meta.url));
const luaSources = new Map<string, string>();

/**
 * The source of `src/store/lua/<name>-<numberOfKeys>.lua`, with `--- @include "<file>"` lines replaced
 * by `src/store/lua/includes/<file>.lua` (shared helpers), and `--- @const NAME` lines by the TypeScript
 * side's value of NAME (lua-constants.ts). Read once per process.
 */
export function luaSource(file: string): string {
  let src = luaSources.get(file);
  if (src === undefined) {
    src = withLuaConstants(
      readFileSync(join(LUA_DIR, file), 'utf8').replace(/^--- @include "([a-z0-9-]+)"$/gm, (_m, inc: string) =>
        readFileSync(join(LUA_DIR, 'includes', `${inc}.lua`), 'utf8'),
      ),
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
export function loadScript<T>(client: RedisClient, name: string, numberOfKeys: number): RedisScript<T> {
  const command = `cm_${name.replace(/-/g, '_')}`;
  if (!(command in client)) client.defineCommand(command, { numberOfKeys, lua: luaSource(`${name}-${numberOfKeys}.lua`) });
  const commands = client as unknown as Record<string, RedisScript<T>>;
  return (...args) => commands[command]!(...args);
}

/** loadScript, with the script's strings answered as Buffers (ioredis's `…Buffer` variant of the command). */
export function loadBufferScript<T>(client: RedisClient, name: string, numberOfKeys: number): RedisScript<T> {
  const command = `cm_${name.replace(/-/g, '_')}`;
  loadScript(client, name, numberOfKeys);
  const commands = client as unknown as Record<string, RedisScript<T>>;
  return (...args) => commands[`${command}Buffer`]!(...args);
}

/** Resolves true once the client is ready, or false after `timeoutMs`. Never rejects. */
export function waitUntilReady(client: RedisClient, timeoutMs: number): Promise<boolean> {
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
