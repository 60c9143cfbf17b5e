/**
 * The service's Prometheus metrics: one registry per process with the series dashboards and alerts rely on.
 * Names and labels are part of the operations contract (docs/operations.md); change them only by adding.
 * A registry is built by the composition root, never at import, so tests and several apps in one process don't clash.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { REDIS_ANSWER_MS, withinMs } from '../runtime/within-ms.ts';

/** Who moved a comment to its state, as a metric label. */
export type Decider = 'classifier' | 'rule' | 'moderator' | 'site-backend';

/** Queue depth by state, as BullMQ reports it. */
export type QueueCounts = Record<'waiting' | 'active' | 'delayed' | 'failed', number>;

/** The instruments the code records into; `registry` is what /metrics serves. */
export interface Metrics {
  registry: Registry;
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  commentsAccepted: Counter<'site'>;
  commentDecisions: Counter<'verdict' | 'decider'>;
  classifierDuration: Histogram<string>;
  decisionLatency: Histogram<string>;
  webhookDeliveries: Counter<'outcome'>;
  /** Adds a queue whose depth `queue_jobs` reports at scrape time. */
  watchQueue(name: string, counts: () => Promise<QueueCounts>): void;
}

export interface MetricsOptions {
  /** Node's process metrics (CPU, memory, event loop lag, GC); on by default. */
  processMetrics?: boolean;
  /** How long a scrape waits for a queue's counts before leaving that queue out (default 1000 ms). */
  queueCountsTimeoutMs?: number;
  /** Added to every series, e.g. `{ role: 'worker' }`. */
  labels?: Record<string, string>;
}

export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (opts.labels) registry.setDefaultLabels(opts.labels);
  if (opts.processMetrics !== false) collectDefaultMetrics({ register: registry });

  const queues = new Map<string, () => Promise<QueueCounts>>();
  const countsTimeoutMs = opts.queueCountsTimeoutMs ?? REDIS_ANSWER_MS;
  new Gauge({
    name: 'queue_jobs',
    help: 'Jobs in each BullMQ queue by state, read at scrape time.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        [...queues].map(async ([queue, counts]) => {
          // A scrape while Redis is down must still answer (with the other series) rather than fail, and in time:
          // BullMQ's connection queues commands until Redis is back, so its counts would never settle.
          const c = await withinMs(counts(), countsTimeoutMs).catch(() => undefined);
          if (!c) return;
          for (const state of ['waiting', 'active', 'delayed', 'failed'] as const) this.set({ queue, state }, c[state]);
        }),
      );
    },
  });

  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    commentsAccepted: new Counter({
      name: 'comments_accepted_total',
      help: 'Comments stored and queued for moderation (answered 202 or 303).',
      labelNames: ['site'],
      registers: [registry],
    }),
    commentDecisions: new Counter({
      name: 'comment_decisions_total',
      help: 'State changes of comments, by resulting verdict and by who decided.',
      labelNames: ['verdict', 'decider'],
      registers: [registry],
    }),
    classifierDuration: new Histogram({
      name: 'classifier_duration_seconds',
      help: 'Time to score one comment (features, model and site counts).',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: [registry],
    }),
    decisionLatency: new Histogram({
      name: 'comment_decision_latency_seconds',
      help: 'Time from a comment being accepted to the classifier deciding it.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: 'webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome.',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    watchQueue(name, counts) {
      queues.set(name, counts);
    },
  };
}

/** Maps a comment's `decidedBy` to the decider label; unknown values stay visible as themselves. */
export function deciderOf(decidedBy: string | null | undefined): string {
  if (!decidedBy || decidedBy === 'classifier') return 'classifier';
  if (decidedBy.startsWith('rule')) return 'rule';
  if (decidedBy.startsWith('site-backend') || decidedBy === 'site' || decidedBy === 'feedback') return 'site-backend';
  return 'moderator';
}
