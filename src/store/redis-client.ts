/**
 * Creates ioredis connections with the two behaviours the service needs:
 * producers (the API) fail fast when Redis is down, so a request gets a 503 within 2 s;
 * blocking consumers (workers) wait and reconnect forever.
 * The target is one Redis server (a URL) or a Redis Cluster (seed nodes); every caller gets the matching
 * client, so the rest of the service does not care which it is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

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

/** The (first) URL of a target, for messages; pass it through redactUrl before logging. */
export function targetUrl(target: RedisTarget): string {
  return isClusterTarget(target) ? target.url : target;
}

/** `host:port` → a seed node; IPv6 addresses go in brackets (`[::1]:7000`). */
function seedNode(seed: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(seed.trim());
  return m ? { host: m[1]!, port: Number(m[2]) } : { host: seed.trim(), port: 6379 };
}

/**
 * The same behaviour on a Cluster: offline queue and reconnect strategy apply to the cluster as a whole,
 * timeouts, retries per request and credentials to each node's connection.
 */
function clusterClient(target: RedisClusterTarget, options: RedisOptions): Cluster {
  const { host, port, db, retryStrategy, enableOfflineQueue, lazyConnect, ...node } = { ...redisOptionsFromUrl(target.url), ...options };
  if (db) throw new Error('REDIS_URL: a Redis Cluster has only database 0; remove the /db part');
  const clusterOptions: ClusterOptions = {
    lazyConnect: lazyConnect ?? false,
    enableOfflineQueue: enableOfflineQueue ?? true,
    ...(retryStrategy ? { clusterRetryStrategy: retryStrategy } : {}),
    redisOptions: node,
    // Managed TLS clusters announce node names that their certificates cover; resolving them here
    // would make ioredis connect by IP and fail the certificate check.
    ...(node.tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
  };
  return new Cluster([{ host: host ?? '127.0.0.1', port: port ?? 6379 }, ...target.seeds.map(seedNode)], clusterOptions);
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

export function createRedisClient(target: RedisTarget, options: RedisOptions = failFastOptions): RedisClient {
  const client = isClusterTarget(target)
    ? clusterClient(target, { ...options, lazyConnect: false })
    : new Redis({ ...redisOptionsFromUrl(target), ...options, lazyConnect: false });
  // Without a listener ioredis prints every connection error; the readiness probe reports them instead.
  client.on('error', () => {});
  return client;
}

/**
 * A connection for BullMQ. On one server BullMQ opens its own connections from plain options. On a Cluster
 * it needs a Cluster instance: a Queue uses it as it is, a Worker duplicates it for its blocking connections;
 * either way the instance is ours, so `close()` it after the Queue or Worker. It connects on first use.
 */
export function bullmqConnection(target: RedisTarget, options: RedisOptions): { connection: RedisOptions | Cluster; close(): Promise<void> } {
  if (!isClusterTarget(target)) return { connection: { ...redisOptionsFromUrl(target), ...options }, close: async () => {} };
  const cluster = clusterClient(target, { ...options, lazyConnect: true });
  cluster.on('error', () => {});
  return {
    connection: cluster,
    close: async () => {
      if (cluster.status === 'wait' || cluster.status === 'end') return cluster.disconnect();
      await cluster.quit().catch(() => cluster.disconnect());
    },
  };
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
export function loadScript<T>(client: RedisClient, name: string, numberOfKeys: number): RedisScript<T> {
  const command = `cm_${name.replace(/-/g, '_')}`;
  if (!(command in client)) client.defineCommand(command, { numberOfKeys, lua: luaSource(`${name}-${numberOfKeys}.lua`) });
  const commands = client as unknown as Record<string, RedisScript<T>>;
  return (...args) => commands[command]!(...args);
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
