/**
 * createApp(deps): the Express app with its routes and middleware. It never connects or listens;
 * composition roots (src/server.ts, src/start.ts, tests) build the deps and decide where it runs.
 */
import express, { type Express } from 'express';
import cors from 'cors';
import type { Logger } from 'pino';
import type { CommentStore } from './store/comment-store.ts';
import type { LearningStore } from './store/learning-store.ts';
import type { ModerationQueue } from './queue/moderation-queue.ts';
import type { FormTokens } from './comments/form-token.ts';
import { noCommentEvents, type CommentEventSink } from './comments/comment-events.ts';
import type { FailureLimiter, RateLimiter } from './http/rate-limit.ts';
import { expressTrustProxy, type TrustProxy } from './config.ts';
import type { IdempotencyStore } from './store/idempotency-store.ts';
import { singleSiteRegistry, type SiteRegistry } from './sites/site-registry.ts';
import { DEFAULT_THRESHOLDS } from './spam/policy.ts';
import { noRoute } from './errors.ts';
import { errorHandler } from './http/error-handler.ts';
import { commentsRouter, submissionSteps, SUBMISSION_PATH } from './routes/comments.ts';
import { isPlainJsonBody, leanJsonBody, serveFirst, sendJsonDirect } from './http/lean-route.ts';
import { BODY_LIMIT_BYTES, boundDepth } from './http/body-parsers.ts';
import { threadsRouter } from './routes/threads.ts';
import { moderationRouter } from './routes/moderation.ts';
import { healthRouter } from './routes/health.ts';
import { createPagesRouter } from './routes/pages.ts';
import { siteApiRouter } from './routes/site-api.ts';
import { akismetRouter } from './routes/akismet.ts';
import { webhookDeliveriesRouter } from './routes/webhook-deliveries.ts';
import { openApiRouter } from './routes/openapi.ts';
import { sessionRouter } from './routes/session.ts';
import { moderatorsRouter } from './routes/moderators.ts';
import type { ModeratorStore } from './store/moderator-store.ts';
import type { SiteStore } from './store/site-store.ts';
import type { AuditStore } from './store/audit-store.ts';
import type { WebhookStore } from './store/webhook-store.ts';
import type { WebhookQueue } from './queue/webhook-queue.ts';
import type { ModelInfo, SpamModel } from './spam/spam-model.ts';
import type { Metrics } from './observability/metrics.ts';
import { requestId } from './http/request-id.ts';
import { requestMetrics } from './http/request-metrics.ts';
import { metricsRouter } from './routes/metrics.ts';
import { siteRulesRouter } from './routes/site-rules.ts';
import type { SiteRulesStore } from './store/site-rules-store.ts';
import type { SiteRulesCache } from './sites/site-rules-cache.ts';

/** Everything the HTTP layer needs, passed in so tests can supply their own. */
export interface AppDeps {
  store: CommentStore;
  queue: ModerationQueue;
  learning: LearningStore;
  formTokens: FormTokens;
  logger: Logger;
  moderatorToken: string;
  modelInfo: () => ModelInfo;
  events?: CommentEventSink;
  /** Per-IP limiter for POST /api/v1/comments; undefined switches it off. */
  rateLimiter?: RateLimiter | undefined;
  trustProxy?: TrustProxy;
  corsOrigins?: '*' | string[];
  /** Sites, their keys and origins; without it the app serves the single default site. */
  sites?: SiteRegistry;
  /** Where admins change sites' settings over HTTP (the moderation mode); without it they cannot. */
  siteStore?: SiteStore;
  /** Per site key on keyed endpoints; undefined switches it off. */
  siteRateLimiter?: RateLimiter | undefined;
  /** The shared spam model, for synchronous checks (POST /api/v1/check, Akismet). */
  model: () => SpamModel;
  /** Webhook deliveries, for the moderator's list and redelivery endpoints. */
  webhooks?: { store: WebhookStore; queue: WebhookQueue };
  /** Idempotency-Key replay store; without it the header is ignored. */
  idempotency?: IdempotencyStore;
  /** Counts wrong moderator tokens per client and answers 429 past the limit; undefined switches it off. */
  authFailures?: FailureLimiter | undefined;
  /** Prometheus instruments; with them the app records request durations and serves GET /metrics. */
  metrics?: Metrics;
  /** Bearer token for GET /metrics; unset leaves it open (bind to a private network). */
  metricsToken?: string | undefined;
  /** Extra admin-only routers mounted before the 404 (the queue dashboard). */
  adminRouters?: express.Router[];
  /** Named moderators, their tokens and sessions; without it only MODERATOR_TOKEN is accepted. */
  moderators?: ModeratorStore;
  /** The audit trail of state changes; without it nothing is recorded. */
  audit?: AuditStore;
  /** How long a dashboard sign-in lasts (default 12 h). */
  sessionTtlSeconds?: number;
  /** Sites' rules (GET/PUT /api/v1/sites/:id/rules); without it those routes are absent. */
  rulesStore?: SiteRulesStore;
  /** This process's compiled rules: /api/v1/check applies them, and a PUT refreshes them at once. */
  rules?: SiteRulesCache;
  /** Serve the demo article at GET / (default off). */
  demoPage?: boolean;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', expressTrustProxy(deps.trustProxy ?? false));
  app.set('query parser', 'simple');
  const corsOrigins = deps.corsOrigins ?? '*';
  const events = deps.events ?? noCommentEvents;
  const sites = deps.sites ?? singleSiteRegistry(DEFAULT_THRESHOLDS);

  const nosniff: express.RequestHandler = (_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  };
  const requestIds = requestId();

  // Public endpoints may be called from the pages that embed the widget; moderation never cross-origin.
  // Sites' widget origins are allowed on top of CORS_ORIGINS, so adding a site needs no restart.
  const publicCors = cors({
    origin: corsOrigins === '*' ? '*' : (origin, cb) => cb(null, !origin || corsOrigins.includes(origin) || sites.byOrigin(origin) !== undefined),
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Accept'],
    maxAge: 600,
  });
  const commentsDeps = { ...deps, corsOrigins, sites };

  const onError = errorHandler(deps.logger);
  // Submissions take nearly all the traffic: the usual JSON ones skip Express's dispatch (same steps, same answers).
  serveFirst(
    app,
    {
      method: 'POST',
      path: SUBMISSION_PATH,
      accepts: (req) => isPlainJsonBody(req, BODY_LIMIT_BYTES),
      steps: [
        nosniff,
        requestIds,
        ...(deps.metrics ? [requestMetrics(deps.metrics, SUBMISSION_PATH)] : []),
        publicCors,
        ...submissionSteps(commentsDeps, [leanJsonBody(), boundDepth], sendJsonDirect),
      ],
    },
    onError,
  );
  app.use(nosniff);
  app.use(requestIds);
  if (deps.metrics) {
    app.use(requestMetrics(deps.metrics));
  }
  app.use(['/api/v1/comments', '/api/v1/threads', '/api/v1/form-token'], publicCors);

  // The submission route comes first: it takes most of the traffic, and every router before it is walked per request.
  app.use(commentsRouter(commentsDeps));
  if (deps.metrics) app.use(metricsRouter(deps.metrics, deps.metricsToken));
  app.use(healthRouter({ ping: async () => void (await Promise.all([deps.store.ping(), deps.queue.ping?.()])) }));
  app.use(openApiRouter());
  app.use(threadsRouter({ ...deps, sites }));
  app.use(siteApiRouter({ ...deps, events, sites }));
  app.use(akismetRouter({ ...deps, sites }));
  app.use(sessionRouter(deps));
  if (deps.moderators) app.use(moderatorsRouter({ ...deps, moderators: deps.moderators }));
  if (deps.webhooks) app.use(webhookDeliveriesRouter({ ...deps, webhooks: deps.webhooks }));
  app.use(moderationRouter({ ...deps, events, sites }));
  if (deps.rulesStore) app.use(siteRulesRouter({ ...deps, rulesStore: deps.rulesStore, sites }));
  for (const router of deps.adminRouters ?? []) app.use(router);
  app.use(createPagesRouter({ store: deps.store, demoPage: deps.demoPage ?? false }));

  app.use((req, _res, next) => {
    next(noRoute(req));
  });
  app.use(onError);
  return app;
}
