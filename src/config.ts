/**
 * Typed configuration, read from the environment and validated once at startup. One zod schema does
 * it all: defaults, validation, the transforms into the shape code reads, and (through z.infer) the
 * Config type. The CLIs read the variables they need through the same schema (loadConfig's `only`).
 * An invalid value fails with a message that names the variable.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULT_SPAM_MODEL_PATH } from './spam/spam-model.ts';
import { DEFAULT_THRESHOLDS, thresholdsInOrder } from './spam/policy.ts';
import { thresholdValue } from './spam/threshold-value.ts';
import { envSet } from './runtime/env-set.ts';

export type TrustProxy = boolean | number | string;

function parseTrustProxy(raw: string): TrustProxy {
  const v = raw.trim().toLowerCase();
  if (['off', 'false', 'no', ''].includes(v)) return false;
  if (['on', 'true', 'yes'].includes(v)) return true;
  if (/^\d+$/.test(v)) return Number(v);
  return raw
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
    .join(', ');
}

/** Express's named ranges, and what `TRUST_PROXY=on` stands for. */
const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * What `TRUST_PROXY=on` means. Express's own `true` trusts every hop, so any client could name its
 * address in X-Forwarded-For; `on` instead trusts proxies on this host or a private network only.
 */
export const TRUST_PROXY_ON = TRUST_PROXY_NAMES.join(', ');

/** The value for Express's `trust proxy` setting. */
export function expressTrustProxy(value: TrustProxy): boolean | number | string {
  return value === true ? TRUST_PROXY_ON : value;
}

function isProxyAddress(entry: string): boolean {
  if (TRUST_PROXY_NAMES.includes(entry.toLowerCase())) return true;
  const [addr, bits, ...rest] = entry.split('/');
  if (rest.length || !addr) return false;
  const family = isIP(addr);
  if (!family) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

const trustProxySchema = z
  .string()
  .default('off')
  .refine((raw) => {
    const v = raw.trim().toLowerCase();
    if (['off', 'false', 'no', 'on', 'true', 'yes', ''].includes(v) || /^\d+$/.test(v)) return true;
    return raw.split(',').map((a) => a.trim()).filter(Boolean).every(isProxyAddress);
  }, 'expected off, on, a hop count, or a comma-separated list of proxy addresses/CIDRs (or loopback, linklocal, uniquelocal)');

const flag = z
  .string()
  .regex(/^(0|1|true|false|yes|no|on|off)$/i, 'expected 1 or 0')
  .default('0')
  .transform((v) => /^(1|true|yes|on)$/i.test(v));

/** `*` means any origin; otherwise a comma-separated list, as written (without trailing slashes). */
function splitCorsOrigins(raw: string): '*' | string[] {
  const origins = raw.trim();
  return origins === '*' ? '*' : origins.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean);
}

/**
 * An http(s) origin: scheme, host and port, no path, query or credentials (a trailing slash is tolerated); as a
 * browser sends it in its Origin header, else null.
 */
function originOf(entry: string): string | null {
  let u: URL;
  try {
    u = new URL(entry);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  return u.pathname === '/' && !u.search && !u.hash && !u.username && !u.password ? u.origin : null;
}

// A value that is not an origin would never match a browser's Origin header: refuse it rather than silently allow
// nothing. An origin is kept as browsers send it (host in lower case, no default port), or `https://Blog.example:443`
// would pass and still match nothing. Checked and shaped in one pass over the list.
const corsOriginsSchema = z
  .string()
  .default('*')
  .transform((raw, ctx) => {
    const origins = splitCorsOrigins(raw);
    if (origins === '*') return '*' as const;
    const normalised: string[] = [];
    for (const entry of origins) {
      const origin = originOf(entry);
      if (origin === null) {
        ctx.addIssue({ code: 'custom', message: 'expected * or a comma-separated list of origins such as https://blog.example.com' });
        return z.NEVER;
      }
      normalised.push(origin);
    }
    return normalised;
  });

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

/** Every variable the service reads, with its rule and default. */
const variables = {
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Unset means "start a private redis-server" (npm start only). */
  REDIS_URL: z
    .string()
    .refine((v) => /^rediss?:\/\//.test(v), 'must start with redis:// or rediss://')
    .optional(),
  /** REDIS_URL is one node of a Redis Cluster (the seed ioredis reads the slot map from), not a single server. */
  REDIS_CLUSTER: flag,
  /** More Cluster seed nodes, `host:port,host:port`, tried when REDIS_URL's node is down at startup. */
  REDIS_CLUSTER_NODES: z
    .string()
    .refine(
      (v) => v.split(',').every((n) => /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(n.trim())),
      'expected a comma-separated list of host:port',
    )
    .transform((v) => v.split(',').map((n) => n.trim()))
    .optional(),
  /** Where `npm start` keeps its private Redis data and generated moderator token. */
  DATA_DIR: z.string().min(1).default('data'),
  /** Bearer token for GET /metrics (API and worker); unset leaves /metrics open. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Port of the worker's own /metrics and /healthz; unset means the worker serves no HTTP. */
  WORKER_METRICS_PORT: int(0, 65535).optional(),
  /** Human-readable logs instead of JSON lines (development). */
  LOG_PRETTY: flag,
  /** Prefix of every Redis key the service writes, so several deployments or test runs can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, _ . - only (1-40 characters)')
    .default('cm'),
  MODERATOR_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SPAM_MODEL_PATH: z.string().trim().min(1).default(DEFAULT_SPAM_MODEL_PATH),
  FLAG_THRESHOLD: thresholdValue.default(DEFAULT_THRESHOLDS.flag),
  REJECT_THRESHOLD: thresholdValue.default(DEFAULT_THRESHOLDS.reject),
  RATE_LIMIT_PER_MINUTE: int(0).default(10),
  TRUST_PROXY: trustProxySchema.transform(parseTrustProxy),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Origins allowed to call the public endpoints cross-origin; `*` means any. */
  CORS_ORIGINS: corsOriginsSchema,
  /** Secret for the widget's signed render timestamp; when unset, a random one is generated and kept in Redis. */
  FORM_TOKEN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  // 256: with a backlog, more jobs per turn share each batched Redis call (docs/performance.md, "WORKER_CONCURRENCY").
  WORKER_CONCURRENCY: int(1, 256).default(256),
  /** BullMQ job lock; a dead worker's job is retried once its lock expires. */
  WORKER_LOCK_MS: int(500).default(30_000),
  /** How often workers look for jobs whose worker died. */
  WORKER_STALLED_CHECK_MS: int(100).default(30_000),
  /** Per site key on keyed endpoints (submission, check, feedback, Akismet); 0 switches it off. */
  SITE_RATE_LIMIT_PER_MINUTE: int(0).default(600),
  /** How often each process checks for added or changed sites. */
  SITE_REFRESH_MS: int(50, 5000).default(1000),
  /** How often, at most, each process checks whether a site's rules changed (when it next needs them). */
  SITE_RULES_CHECK_MS: int(50, 60_000).default(2000),
  /** How long an Idempotency-Key's first answer is replayed. */
  IDEMPOTENCY_TTL_SECONDS: int(1).default(24 * 3600),
  /** Webhook delivery: exponential backoff from the base, capped, until the retry window ends. */
  WEBHOOK_BACKOFF_BASE_MS: int(1).default(30_000),
  WEBHOOK_BACKOFF_MAX_MS: int(1).default(3600_000),
  /** After this long since the event, a failing delivery is dead-lettered. */
  WEBHOOK_RETRY_WINDOW_MS: int(1).default(24 * 3600_000),
  WEBHOOK_MAX_ATTEMPTS: int(1, 1000).default(100),
  WEBHOOK_TIMEOUT_MS: int(100).default(10_000),
  WEBHOOK_CONCURRENCY: int(1, 256).default(4),
  /** Deliver to loopback, private and link-local addresses too (development and tests only). */
  WEBHOOK_ALLOW_PRIVATE: flag,
  /** Failed moderator-token attempts one client may make per window before 429; 0 switches it off. */
  AUTH_FAILURE_LIMIT: int(0).default(10),
  AUTH_FAILURE_WINDOW_SECONDS: int(1).default(900),
  /** How long a dashboard sign-in with a name and password lasts. */
  SESSION_TTL_SECONDS: int(60, 30 * 24 * 3600).default(12 * 3600),
  /** IP address and user agent are erased from records older than this. */
  PII_RETENTION_DAYS: z.coerce.number().min(0).default(30),
  /** Spam records older than this are deleted. */
  SPAM_RETENTION_DAYS: z.coerce.number().min(0).default(30),
  /** How often each worker runs the retention job. */
  RETENTION_INTERVAL_MS: int(100).default(3600_000),
  /** Serve the demo article at GET /; unset means the entry point decides (`npm start` on, `npm run api` off). */
  DEMO_PAGE: z
    .string()
    .regex(/^(0|1|true|false|yes|no|on|off)$/i, 'expected 1 or 0')
    .transform((v) => /^(1|true|yes|on)$/i.test(v))
    .optional(),
};

export type ConfigVariable = keyof typeof variables;

type Variables = z.output<z.ZodObject<typeof variables>>;

/** The environment, validated and shaped as the code reads it. */
export const configSchema = z
  .object(variables)
  .refine((c) => thresholdsInOrder({ flag: c.FLAG_THRESHOLD, reject: c.REJECT_THRESHOLD }), {
    message: 'must not be greater than REJECT_THRESHOLD',
    path: ['FLAG_THRESHOLD'],
  })
  .refine((c) => c.REDIS_CLUSTER || c.REDIS_CLUSTER_NODES === undefined, {
    message: 'only used with REDIS_CLUSTER=1',
    path: ['REDIS_CLUSTER_NODES'],
  })
  .refine((c) => !c.REDIS_CLUSTER || c.REDIS_URL !== undefined, {
    message: 'needs REDIS_URL set to one node of the cluster',
    path: ['REDIS_CLUSTER'],
  })
  .refine((c) => !c.REDIS_CLUSTER || !/^rediss?:\/\/[^/]*\/0*[1-9]/.test(c.REDIS_URL ?? ''), {
    message: 'a Redis Cluster has only database 0; remove the /db part with REDIS_CLUSTER=1',
    path: ['REDIS_URL'],
  })
  .transform((c: Variables) => ({
    port: c.PORT,
    host: c.HOST,
    redisUrl: c.REDIS_URL,
    redisCluster: c.REDIS_CLUSTER,
    redisClusterNodes: c.REDIS_CLUSTER_NODES ?? [],
    dataDir: c.DATA_DIR,
    metricsToken: c.METRICS_TOKEN,
    workerMetricsPort: c.WORKER_METRICS_PORT,
    logPretty: c.LOG_PRETTY,
    redisPrefix: c.REDIS_PREFIX,
    moderatorToken: c.MODERATOR_TOKEN,
    spamModelPath: c.SPAM_MODEL_PATH,
    flagThreshold: c.FLAG_THRESHOLD,
    rejectThreshold: c.REJECT_THRESHOLD,
    rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
    trustProxy: c.TRUST_PROXY,
    logLevel: c.LOG_LEVEL,
    corsOrigins: c.CORS_ORIGINS,
    formTokenSecret: c.FORM_TOKEN_SECRET,
    workerConcurrency: c.WORKER_CONCURRENCY,
    workerLockMs: c.WORKER_LOCK_MS,
    workerStalledCheckMs: c.WORKER_STALLED_CHECK_MS,
    siteRateLimitPerMinute: c.SITE_RATE_LIMIT_PER_MINUTE,
    siteRefreshMs: c.SITE_REFRESH_MS,
    siteRulesCheckMs: c.SITE_RULES_CHECK_MS,
    idempotencyTtlSeconds: c.IDEMPOTENCY_TTL_SECONDS,
    webhooks: {
      backoffBaseMs: c.WEBHOOK_BACKOFF_BASE_MS,
      backoffMaxMs: c.WEBHOOK_BACKOFF_MAX_MS,
      retryWindowMs: c.WEBHOOK_RETRY_WINDOW_MS,
      maxAttempts: c.WEBHOOK_MAX_ATTEMPTS,
      timeoutMs: c.WEBHOOK_TIMEOUT_MS,
      concurrency: c.WEBHOOK_CONCURRENCY,
      allowPrivate: c.WEBHOOK_ALLOW_PRIVATE,
    },
    authFailureLimit: c.AUTH_FAILURE_LIMIT,
    authFailureWindowSeconds: c.AUTH_FAILURE_WINDOW_SECONDS,
    sessionTtlSeconds: c.SESSION_TTL_SECONDS,
    retention: {
      piiDays: c.PII_RETENTION_DAYS,
      spamDays: c.SPAM_RETENTION_DAYS,
      intervalMs: c.RETENTION_INTERVAL_MS,
    },
    demoPage: c.DEMO_PAGE,
  }));

export type Config = z.infer<typeof configSchema>;
export type WebhookConfig = Config['webhooks'];
export type RetentionConfig = Config['retention'];

/** Thrown for a bad environment; the message names each offending variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface LoadConfigOptions {
  /**
   * Read only these variables and default the rest: a CLI that needs two of them must not refuse
   * to run over a variable it never uses.
   */
  only?: readonly ConfigVariable[];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: LoadConfigOptions = {}): Config {
  const only = opts.only ? new Set<string>(opts.only) : undefined;
  const cleaned = Object.fromEntries(Object.entries(env).filter(([k, v]) => envSet(v) && (!only || only.has(k))));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  return parsed.data;
}
