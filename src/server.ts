/**
 * Composition root for `npm run api`: wires real Redis, BullMQ and config into createApp and listens.
 * Requires REDIS_URL and MODERATOR_TOKEN. Any number of API processes may share one Redis.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import { createServices, type Services } from './runtime/services.ts';
import { isMain } from './runtime/is-main.ts';
import { runMain } from './runtime/run-main.ts';
import { createModerationQueue } from './queue/moderation-queue.ts';
import { createFormTokens, sharedFormTokenSecret } from './comments/form-token.ts';
import { createRedisFailureLimiter, createRedisRateLimiter } from './http/rate-limit.ts';
import type { CommentEventSink } from './comments/comment-events.ts';
import { startWebhookEvents } from './runtime/webhook-events.ts';
import { ensureBrowserBundles, PUBLIC_DIR } from './runtime/browser-bundles.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { createQueueDashboard } from './queue/queue-dashboard.ts';
import { redisTarget } from './store/redis-client.ts';
import { requireAdminCredential } from './http/admin-auth.ts';
import { withDecisionMetrics } from './observability/decision-metrics.ts';
import { explainListenError } from './runtime/listen-error.ts';

export interface ApiHandle {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export interface ApiConfig extends Config {
  redisUrl: string;
  moderatorToken: string;
}

export interface StartApiOptions {
  events?: CommentEventSink;
  /** Services shared with the caller (npm start's worker), which then owns closing them. */
  services?: Services;
  /** Metrics shared with the caller (npm start's worker); a fresh registry otherwise. */
  metrics?: Metrics;
}

export async function startApi(config: ApiConfig, logger: Logger, opts: StartApiOptions = {}): Promise<ApiHandle> {
  // Many requests share the one connection: their commands go out together, one write per turn of the event loop.
  const services = opts.services ?? (await createServices(config, logger, { coalesceWrites: true }));
  const queue = createModerationQueue(redisTarget(config), config.redisPrefix);
  await queue.waitUntilReady(3000);
  const sites = services.registry;
  // Moderator decisions (approve, spam, delete) become webhook events from the API process.
  const webhooks = startWebhookEvents(config, services, sites, logger);
  const metrics = opts.metrics ?? createMetrics({ labels: { role: 'api' } });
  metrics.watchQueue('moderate', () => queue.counts());
  metrics.watchQueue('webhook', () => webhooks.queue.counts());
  // One count of wrong moderator tokens per client, shared by every guard of that token.
  const authFailures =
    config.authFailureLimit > 0
      ? createRedisFailureLimiter(services.redis, config.redisPrefix, config.authFailureLimit, config.authFailureWindowSeconds)
      : undefined;
  const queueDashboard = createQueueDashboard(redisTarget(config), config.redisPrefix, requireAdminCredential({ moderatorToken: config.moderatorToken, moderators: services.moderators, authFailures }));
  const app = createApp({
    metrics,
    metricsToken: config.metricsToken,
    adminRouters: [queueDashboard.router],
    store: services.store,
    learning: services.learning,
    queue,
    formTokens: createFormTokens(config.formTokenSecret ?? sharedFormTokenSecret(services.secrets)),
    logger,
    moderatorToken: config.moderatorToken,
    modelInfo: () => services.modelInfo,
    events: withDecisionMetrics(opts.events ?? webhooks.events, metrics),
    webhooks: { store: services.webhooks, queue: webhooks.queue },
    rateLimiter:
      config.rateLimitPerMinute > 0 ? createRedisRateLimiter(services.redis, config.redisPrefix, config.rateLimitPerMinute) : undefined,
    trustProxy: config.trustProxy,
    corsOrigins: config.corsOrigins,
    sites,
    siteStore: services.sites,
    siteRateLimiter:
      config.siteRateLimitPerMinute > 0
        ? createRedisRateLimiter(services.redis, config.redisPrefix, config.siteRateLimitPerMinute, 'key')
        : undefined,
    idempotency: services.idempotency,
    model: () => services.model,
    authFailures,
    moderators: services.moderators,
    audit: services.audit,
    rulesStore: services.siteRules,
    rules: services.rulesCache,
    sessionTtlSeconds: config.sessionTtlSeconds,
    demoPage: config.demoPage ?? false,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const failed = (err: unknown) => reject(explainListenError(err, config, { port: 'PORT', host: 'HOST' }));
    // Express 5 hands a listen error to this callback (it used to be only an 'error' event).
    const s = app.listen(config.port, config.host, (err?: Error) => (err ? failed(err) : resolve(s)));
    s.once('error', failed);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  return {
    url,
    server,
    async close() {
      // Stop accepting requests first, then release the queue and Redis.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await webhooks.close();
      await queueDashboard.close();
      await queue.close();
      if (!opts.services) await services.close();
    },
  };
}

if (isMain(import.meta.url)) {
  runMain('api', async () => {
    const config = loadConfig();
    const logger = createLogger(config.logLevel, { pretty: config.logPretty });
    if (!config.redisUrl) throw new Error('REDIS_URL: required for `npm run api` (e.g. REDIS_URL=redis://127.0.0.1:6379)');
    if (!config.moderatorToken) throw new Error('MODERATOR_TOKEN: required for `npm run api` (at least 16 characters)');
    const bundles = await ensureBrowserBundles({
      onStaleBuildError: (err) => logger.warn({ err, dir: PUBLIC_DIR }, 'browser bundles are older than their sources and could not be rebuilt; serving them anyway'),
    });
    if (bundles === 'built') logger.info({ dir: PUBLIC_DIR }, 'built the browser bundles (they were missing or older than their sources)');
    const api = await startApi({ ...config, redisUrl: config.redisUrl, moderatorToken: config.moderatorToken }, logger);
    logger.info({ url: api.url }, `comment service API listening on ${api.url}`);
    return { close: () => api.close(), logger };
  });
}
