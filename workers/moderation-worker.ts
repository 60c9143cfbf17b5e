/**
 * Composition root for `npm run worker`: a BullMQ worker on the "moderate" queue running
 * moderateComment, plus the pending sweeper and the personal-data retention job. Requires REDIS_URL. Any number may run at once.
 */
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createServices, type Services } from '../src/runtime/services.ts';
import { isMain } from '../src/runtime/is-main.ts';
import { runMain } from '../src/runtime/run-main.ts';
import { createModerationQueue, createModerationWorker } from '../src/queue/moderation-queue.ts';
import { redisTarget } from '../src/store/redis-client.ts';
import type { CommentEventSink } from '../src/comments/comment-events.ts';
import { flagAfterFailure, moderateComment } from './moderate-comment.ts';
import { startWebhookDelivery } from './webhook-delivery.ts';
import { startPendingSweeper, DEFAULT_SWEEPER_OPTIONS, type SweeperOptions } from './pending-sweeper.ts';
import { startOutboxSweeper } from './webhook-outbox-sweeper.ts';
import { startRetentionJob } from './retention-job.ts';
import type { Metrics } from '../src/observability/metrics.ts';
import { startWorkerHttp, type WorkerHttp } from './worker-http.ts';
import { SitePhraseGate } from '../src/comments/site-phrase-gate.ts';
import { REPEATED_ERROR_LOG_MS, throttled } from '../src/observability/throttled-errors.ts';

export interface WorkerHandle {
  /** Base URL of the worker's /healthz and /metrics, when WORKER_METRICS_PORT is set. */
  httpUrl: string | undefined;
  close(): Promise<void>;
}

export interface StartWorkerOptions {
  events?: CommentEventSink;
  sweeper?: SweeperOptions;
  /** Services shared with the caller (npm start's API), which then owns closing them. */
  services?: Services;
  /** Metrics shared with the caller (npm start's API); a fresh registry otherwise. */
  metrics?: Metrics;
}

export async function startWorker(config: Config & { redisUrl: string }, logger: Logger, opts: StartWorkerOptions = {}): Promise<WorkerHandle> {
  // The store's connection sends the commands of every job handled in one turn of the event loop in one write
  // (coalesceWrites, see redis-client.ts): socket writes were the largest share of a job's CPU time. And the jobs
  // that reach the same step in one turn share one command for it (batchCalls): the record reads, the learned
  // counts, the scoring signals and the compare-and-set moves.
  const services = opts.services ?? (await createServices(config, logger, { coalesceWrites: true, batchCalls: true }));
  const queue = createModerationQueue(redisTarget(config), config.redisPrefix);
  const sites = services.registry;
  // Every worker process also delivers webhooks; decisions become events through the webhook sink.
  // Metrics only where something can read them (WORKER_METRICS_PORT, or npm start's API): otherwise recording
  // them costs CPU on every job, and loading prom-client memory, for nothing.
  const metrics = opts.metrics ?? (config.workerMetricsPort !== undefined ? await workerMetrics() : undefined);
  const webhooks = startWebhookDelivery(config, services, sites, logger, metrics);
  const events = metrics
    ? (await import('../src/observability/decision-metrics.ts')).withDecisionMetrics(opts.events ?? webhooks.events, metrics)
    : (opts.events ?? webhooks.events);
  metrics?.watchQueue('moderate', () => queue.counts());
  // The job's lines without pino's redaction paths: its wildcard path ran the redactor over every field of every
  // line. Nothing is lost: the logger's `log` formatter censors every submitter field of a line's fields at any depth
  // before that. That formatter never sees a child's bindings, and without redaction paths nothing else would:
  // createLogger scrubs the bindings of every child (this one's children included) when the child is made.
  const jobLogger = logger.child({}, { redact: [] });
  const moderate = moderateComment({
    store: services.store,
    learning: services.learning,
    model: () => services.model,
    // Per-site overrides from `sites set --flag-threshold/--reject-threshold`, else the service-wide values.
    thresholds: (siteId) => sites.thresholds(siteId),
    // `sites set --mode shadow|hold-all|normal`: who decides, while the filter's verdict is kept either way.
    mode: (siteId) => sites.mode(siteId),
    logger: jobLogger,
    events,
    ...(metrics ? { metrics } : {}),
    audit: services.audit,
    rules: services.rulesCache,
    phraseGate: new SitePhraseGate(),
  });
  const worker = createModerationWorker(
    // Not an async function around an await: that would cost each job one more promise and its microtasks.
    (commentId, attempt) =>
      moderate(commentId, { requestId: attempt.requestId }).catch(async (err: unknown) => {
        if (!attempt.final) throw err;
        logger.error({ err, commentId, requestId: attempt.requestId }, 'scoring failed on the last attempt; flagging for a moderator');
        await flagAfterFailure(services.store, commentId, err as Error, events, services.audit);
        return { outcome: 'flagged-after-failure' };
      }),
    {
      redisUrl: redisTarget(config),
      redisPrefix: config.redisPrefix,
      concurrency: config.workerConcurrency,
      lockMs: config.workerLockMs,
      stalledCheckMs: config.workerStalledCheckMs,
    },
  );
  worker.onFailed((commentId, err) => logger.warn({ commentId, err }, 'moderation attempt failed; will retry'));
  // An outage makes BullMQ report the same error many times a second: one line per kind every 10 s is enough.
  worker.onError(throttled(REPEATED_ERROR_LOG_MS, (err: Error, suppressed) => logger.warn({ err, suppressed }, 'moderation queue error; the worker keeps trying')));
  const sweeperOptions = { ...DEFAULT_SWEEPER_OPTIONS, ...opts.sweeper };
  const sweeper = startPendingSweeper(services.store, queue, logger, sweeperOptions);
  const outboxSweeper = startOutboxSweeper(services.webhooks, webhooks.queue, logger, sweeperOptions);
  const retention = startRetentionJob(services.store, config.retention, logger);
  let running = true;
  let http: WorkerHttp | undefined;
  if (config.workerMetricsPort !== undefined && metrics) {
    http = await startWorkerHttp({ port: config.workerMetricsPort, host: config.host, metrics, metricsToken: config.metricsToken, healthy: () => running });
  }
  logger.info({ concurrency: config.workerConcurrency, http: http?.url }, 'moderation worker started');
  return {
    httpUrl: http?.url,
    async close() {
      running = false;
      sweeper.stop();
      outboxSweeper.stop();
      retention.stop();
      await worker.close();
      await webhooks.close();
      await queue.close();
      if (!opts.services) await services.close();
      await http?.close();
    },
  };
}

async function workerMetrics(): Promise<Metrics> {
  const { createMetrics } = await import('../src/observability/metrics.ts');
  return createMetrics({ labels: { role: 'worker' } });
}

if (isMain(import.meta.url)) {
  runMain('worker', async () => {
    const config = loadConfig();
    // A line per decision: written in batches, not one blocking write each (see createLogger).
    const logger = createLogger(config.logLevel, { pretty: config.logPretty, buffered: true });
    if (!config.redisUrl) throw new Error('REDIS_URL: required for `npm run worker` (e.g. REDIS_URL=redis://127.0.0.1:6379)');
    const handle = await startWorker({ ...config, redisUrl: config.redisUrl }, logger);
    return { close: () => handle.close(), logger };
  });
}
