/**
 * Typed configuration, read from the environment and validated once at startup.
 * Every key has a default; an invalid value fails with a message that names the variable.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULT_SPAM_MODEL_PATH } from './spam/spam-model.ts';
import { DEFAULT_THRESHOLDS } from './spam/policy.ts';

export type TrustProxy = boolean | number | string;

export interface Config {
  port: number;
  host: string;
  /** Unset means "start a private redis-server" (npm start only). */
  redisUrl: string | undefined;
  /** REDIS_URL is a seed node of a Redis Cluster rather than a single server. */
  redisCluster: boolean;
  /** More Cluster seed nodes (`host:port`), tried when REDIS_URL's node is down at startup. */
  redisClusterNodes: string[];
  /** Where `npm start` keeps its private Redis data and generated moderator token. */
  dataDir: string;
  /** Bearer token for GET /metrics (API and worker); unset leaves /metrics open. */
  metricsToken: string | undefined;
  /** Port of the worker's own /metrics and /healthz; unset means the worker serves no HTTP. */
  workerMetricsPort: number | undefined;
  /** Human-readable logs instead of JSON lines (development). */
  logPretty: boolean;
  /** Prefix of every Redis key the service writes, so several deployments or test runs can share one Redis. */
  redisPrefix: string;
  moderatorToken: string | undefined;
  spamModelPath: string;
  flagThreshold: number;
  rejectThreshold: number;
  rateLimitPerMinute: number;
  trustProxy: TrustProxy;
  logLevel: string;
  /** Origins allowed to call the public endpoints cross-origin; `*` means any. */
  corsOrigins: '*' | string[];
  /** Secret for the widget's signed render timestamp; when unset, a random one is generated and kept in Redis. */
  formTokenSecret: string | undefined;
  workerConcurrency: number;
  /** BullMQ job lock; a dead worker's job is retried once its lock expires. */
  workerLockMs: number;
  /** How often workers look for jobs whose worker died. */
  workerStalledCheckMs: number;
  /** Per site key on keyed endpoints (submission, check, feedback, Akismet); 0 switches it off. */
  siteRateLimitPerMinute: number;
  /** How often each process checks for added or changed sites. */
  siteRefreshMs: number;
  /** How long an Idempotency-Key's first answer is replayed. */
  idempotencyTtlSeconds: number;
  webhooks: WebhookConfig;
  /** Serve the demo article at GET /; unset means the entry point decides (`npm start` on, `npm run api` off). */
  demoPage: boolean | undefined;
  /** Failed moderator-token attempts one client may make per AUTH_FAILURE_WINDOW before 429; 0 switches it off. */
  authFailureLimit: number;
  authFailureWindowSeconds: number;
  retention: RetentionConfig;
}

/** How long personal data is kept; the worker's retention job applies it in bounded batches. */
export interface RetentionConfig {
  /** IP address and user agent are erased from records older than this. */
  piiDays: number;
  /** Spam records older than this are deleted. */
  spamDays: number;
  /** How often each worker runs the retention job. */
  intervalMs: number;
}

/** Webhook delivery: exponential backoff from `backoffBaseMs`, capped, until the retry window ends. */
export interface WebhookConfig {
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** After this long since the event, a failing delivery is dead-lettered. */
  retryWindowMs: number;
  maxAttempts: number;
  timeoutMs: number;
  concurrency: number;
  /** Deliver to loopback, private and link-local addresses too (development and tests only). */
  allowPrivate: boolean;
}

const number01 = z.coerce.number().min(0).max(1.0001);

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

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    REDIS_URL: z
      .string()
      .refine((v) => /^rediss?:\/\//.test(v), 'must start with redis:// or rediss://')
      .optional(),
    REDIS_CLUSTER: flag,
    REDIS_CLUSTER_NODES: z
      .string()
      .refine(
        (v) => v.split(',').every((n) => /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(n.trim())),
        'expected a comma-separated list of host:port',
      )
      .optional(),
    DATA_DIR: z.string().min(1).default('data'),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    LOG_PRETTY: z.enum(['0', '1', 'true', 'false']).default('0'),
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, _ . - only (1-40 characters)')
      .default('cm'),
    MODERATOR_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    SPAM_MODEL_PATH: z.string().min(1).default(DEFAULT_SPAM_MODEL_PATH),
    FLAG_THRESHOLD: number01.default(DEFAULT_THRESHOLDS.flag),
    REJECT_THRESHOLD: number01.default(DEFAULT_THRESHOLDS.reject),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(10),
    TRUST_PROXY: trustProxySchema,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    CORS_ORIGINS: z.string().default('*'),
    FORM_TOKEN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
    WORKER_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
    WORKER_STALLED_CHECK_MS: z.coerce.number().int().min(100).default(30_000),
    SITE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    SITE_REFRESH_MS: z.coerce.number().int().min(50).max(5000).default(1000),
    IDEMPOTENCY_TTL_SECONDS: z.coerce.number().int().min(1).default(24 * 3600),
    WEBHOOK_BACKOFF_BASE_MS: z.coerce.number().int().min(1).default(30_000),
    WEBHOOK_BACKOFF_MAX_MS: z.coerce.number().int().min(1).default(3600_000),
    WEBHOOK_RETRY_WINDOW_MS: z.coerce.number().int().min(1).default(24 * 3600_000),
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(100),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
    WEBHOOK_ALLOW_PRIVATE: flag,
    AUTH_FAILURE_LIMIT: z.coerce.number().int().min(0).default(10),
    AUTH_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    PII_RETENTION_DAYS: z.coerce.number().min(0).default(30),
    SPAM_RETENTION_DAYS: z.coerce.number().min(0).default(30),
    RETENTION_INTERVAL_MS: z.coerce.number().int().min(100).default(3600_000),
    DEMO_PAGE: z.string().regex(/^(0|1|true|false|yes|no|on|off)$/i, 'expected 1 or 0').optional(),
  })
  .refine((c) => c.FLAG_THRESHOLD <= c.REJECT_THRESHOLD, {
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
  });

/** Thrown for a bad environment; the message names each offending variable. */
export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "unset", as in most shells' `FOO= cmd`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  const c = parsed.data;
  const origins = c.CORS_ORIGINS.trim();
  return {
    port: c.PORT,
    host: c.HOST,
    redisUrl: c.REDIS_URL,
    redisCluster: c.REDIS_CLUSTER,
    redisClusterNodes: (c.REDIS_CLUSTER_NODES ?? '').split(',').map((n) => n.trim()).filter(Boolean),
    dataDir: c.DATA_DIR,
    metricsToken: c.METRICS_TOKEN,
    workerMetricsPort: c.WORKER_METRICS_PORT,
    logPretty: c.LOG_PRETTY === '1' || c.LOG_PRETTY === 'true',
    redisPrefix: c.REDIS_PREFIX,
    moderatorToken: c.MODERATOR_TOKEN,
    spamModelPath: c.SPAM_MODEL_PATH,
    flagThreshold: c.FLAG_THRESHOLD,
    rejectThreshold: c.REJECT_THRESHOLD,
    rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
    trustProxy: parseTrustProxy(c.TRUST_PROXY),
    logLevel: c.LOG_LEVEL,
    corsOrigins: origins === '*' ? '*' : origins.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean),
    formTokenSecret: c.FORM_TOKEN_SECRET,
    workerConcurrency: c.WORKER_CONCURRENCY,
    workerLockMs: c.WORKER_LOCK_MS,
    workerStalledCheckMs: c.WORKER_STALLED_CHECK_MS,
    siteRateLimitPerMinute: c.SITE_RATE_LIMIT_PER_MINUTE,
    siteRefreshMs: c.SITE_REFRESH_MS,
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
    retention: {
      piiDays: c.PII_RETENTION_DAYS,
      spamDays: c.SPAM_RETENTION_DAYS,
      intervalMs: c.RETENTION_INTERVAL_MS,
    },
    demoPage: c.DEMO_PAGE === undefined ? undefined : /^(1|true|yes|on)$/i.test(c.DEMO_PAGE),
  };
}
