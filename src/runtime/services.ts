/**
 * Builds the real Redis-backed services from validated config. Shared by the entry points
 * (API, worker, all-in-one); each of them owns the lifecycle of what this returns.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { closeRedisClient, createRedisClient, redactUrl, redisTarget, waitUntilReady, type ClientOptions, type RedisClient } from '../store/redis-client.ts';
import { RedisCommentStore } from '../store/redis-comment-store.ts';
import { RedisLearningStore } from '../store/redis-learning-store.ts';
import { RedisSiteStore } from '../store/redis-site-store.ts';
import { RedisIdempotencyStore } from '../store/redis-idempotency-store.ts';
import { RedisWebhookStore, webhookEventTtlSeconds } from '../store/redis-webhook-store.ts';
import { RedisSecretStore } from '../store/redis-secret-store.ts';
import { RedisModeratorStore } from '../store/redis-moderator-store.ts';
import { RedisAuditStore } from '../store/redis-audit-store.ts';
import type { ModelInfo, SpamModel } from '../spam/spam-model.ts';
import { loadModelOrExplain } from './load-model.ts';
import { createSiteRegistry, type SiteRegistry } from '../sites/site-registry.ts';
import { RedisSiteRulesStore } from '../store/redis-site-rules-store.ts';
import { createSiteRulesCache, type SiteRulesCache } from '../sites/site-rules-cache.ts';
import { REPEATED_ERROR_LOG_MS, throttled } from '../observability/throttled-errors.ts';

export interface Services {
  redis: RedisClient;
  store: RedisCommentStore;
  learning: RedisLearningStore;
  sites: RedisSiteStore;
  /** The sites, cached in this process and refreshed from Redis; one poll loop per process. */
  registry: SiteRegistry;
  idempotency: RedisIdempotencyStore;
  webhooks: RedisWebhookStore;
  secrets: RedisSecretStore;
  moderators: RedisModeratorStore;
  audit: RedisAuditStore;
  siteRules: RedisSiteRulesStore;
  /** Each site's compiled rules in this process, rechecked against Redis at most every 2 s. */
  rulesCache: SiteRulesCache;
  model: SpamModel;
  modelInfo: ModelInfo;
  close(): Promise<void>;
}

/** How the services talk to Redis. */
export interface ServiceOptions extends ClientOptions {
  /**
   * The comment and learning stores gather the per-comment reads and moves asked for in one turn of the event loop
   * into one command each (the worker's jobs in flight; see turn-batcher.ts).
   */
  batchCalls?: boolean;
}

/**
 * Waits (briefly) for the first connection, so a fresh process does not answer its first requests
 * with 503 while connecting. If Redis is down the service still starts: /readyz and 503s say so.
 * `client`: how the shared connection behaves (the API coalesces its writes; see createRedisClient).
 */
export async function createServices(config: Config & { redisUrl: string }, logger: Logger, client: ServiceOptions = {}): Promise<Services> {
  const { model, info } = loadModelOrExplain(config.spamModelPath);
  const redis = createRedisClient(redisTarget(config), undefined, client);
  const ready = await waitUntilReady(redis, 3000);
  if (!ready) {
    logger.warn({ redisUrl: redactUrl(config.redisUrl), cluster: config.redisCluster }, 'Redis is not reachable yet; answering 503 until it is');
  }
  const sites = new RedisSiteStore(redis, config.redisPrefix);
  const registry = await createSiteRegistry(sites, {
    refreshMs: config.siteRefreshMs,
    defaults: { flag: config.flagThreshold, reject: config.rejectThreshold },
    // The registry polls every SITE_REFRESH_MS: while Redis is down each poll fails the same way.
    onError: throttled(REPEATED_ERROR_LOG_MS, (err: unknown, suppressed) => logger.warn({ err, suppressed }, 'could not refresh sites')),
  });
  const batchCalls = client.batchCalls ?? false;
  const siteRules = new RedisSiteRulesStore(redis, config.redisPrefix);
  return {
    redis,
    siteRules,
    rulesCache: createSiteRulesCache(siteRules, { checkMs: config.siteRulesCheckMs }),
    store: new RedisCommentStore(redis, config.redisPrefix, { eventTtlSeconds: webhookEventTtlSeconds(config.webhooks.retryWindowMs), batch: batchCalls }),
    learning: new RedisLearningStore(redis, config.redisPrefix, undefined, { batch: batchCalls }),
    sites,
    registry,
    idempotency: new RedisIdempotencyStore(redis, config.redisPrefix, config.idempotencyTtlSeconds),
    webhooks: new RedisWebhookStore(redis, config.redisPrefix, config.webhooks.retryWindowMs),
    secrets: new RedisSecretStore(redis, config.redisPrefix),
    moderators: new RedisModeratorStore(redis, config.redisPrefix),
    audit: new RedisAuditStore(redis, config.redisPrefix),
    model,
    modelInfo: info,
    async close() {
      registry.stop();
      await closeRedisClient(redis);
    },
  };
}
