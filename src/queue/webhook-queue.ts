/**
 * BullMQ plumbing for webhook delivery: the "webhook" queue, its job options (exponential backoff,
 * capped, many attempts) and a worker wrapper that turns processor outcomes into BullMQ moves:
 * "wait" parks the job without spending an attempt, "dead" fails it for good (the dead-letter set).
 * Job payloads carry the event id only; the event body lives in the webhook store.
 */
import { randomInt } from 'node:crypto';
import type { ConnectionOptions, Job } from 'bullmq';
import { DelayedError, Queue, UnrecoverableError, Worker } from './bullmq-classes.ts';
import { bullmqConnection, failFastOptions, patientOptions, type RedisTarget } from '../store/redis-client.ts';
import { bullPrefix, jobCounts, type JobCounts } from './moderation-queue.ts';
import { producing } from './queue-unavailable.ts';
import { webhookBackoffMs, type WebhookRetryPolicy } from './webhook-backoff.ts';

export const WEBHOOK_QUEUE = 'webhook';

export interface WebhookJobData {
  eventId: string;
}


/** Calls reject with QueueUnavailableError (a DependencyUnavailableError) when Redis does not take the job. */
export interface WebhookQueue {
  /** Queues the first delivery of an event. Queuing the same event twice is harmless. */
  enqueue(eventId: string): Promise<void>;
  /** Queues a fresh delivery of an event that already finished (a moderator's redelivery). */
  redeliver(eventId: string): Promise<void>;
  /**
   * Makes sure an unfinished event has a delivery job: queues one if there is none, or if the last one
   * already finished (completed or failed). Used by the outbox sweeper.
   */
  ensure(eventId: string): Promise<void>;
  /** Jobs by state, for metrics. */
  counts(): Promise<JobCounts>;
  close(): Promise<void>;
}

function jobOptions(policy: WebhookRetryPolicy) {
  return {
    attempts: policy.maxAttempts,
    backoff: { type: 'webhook' },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    // Failed jobs are the dead-letter set; the webhook store keeps the status moderators see.
    removeOnFail: { age: 14 * 24 * 3600 },
  };
}

export function createWebhookQueue(redis: RedisTarget, redisPrefix: string, policy: WebhookRetryPolicy): WebhookQueue {
  const conn = bullmqConnection(redis, failFastOptions);
  const queue = new Queue<WebhookJobData>(WEBHOOK_QUEUE, {
    connection: conn.connection as ConnectionOptions,
    prefix: bullPrefix(redisPrefix),
    defaultJobOptions: jobOptions(policy),
  });
  queue.on('error', () => {});
  return {
    async enqueue(eventId) {
      await producing(() => queue.add('deliver', { eventId }, { jobId: `wh-${eventId}` }));
    },
    async redeliver(eventId) {
      // The random tail keeps two redeliveries in the same millisecond from collapsing into one job.
      await producing(() => queue.add('deliver', { eventId }, { jobId: `wh-${eventId}-r${Date.now().toString(36)}${randomInt(36 ** 4).toString(36)}` }));
    },
    async ensure(eventId) {
      const job = await queue.getJob(`wh-${eventId}`);
      if (job) {
        const state = await job.getState();
        if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
        await job.remove();
      }
      await queue.add('deliver', { eventId }, { jobId: `wh-${eventId}` });
    },
    counts: () => jobCounts(queue),
    async close() {
      await queue.close();
      await conn.close();
    },
  };
}

/** What a delivery attempt came to; throwing means "failed, retry with backoff". */
export type WebhookJobOutcome =
  | { outcome: 'delivered' }
  | { outcome: 'skipped'; reason: string }
  /** An earlier event of the same comment is not finished: try again after `delayMs`, no attempt spent. */
  | { outcome: 'wait'; delayMs: number }
  /** Given up: the job goes to the failed (dead-letter) set and is not retried. */
  | { outcome: 'dead'; reason: string };

export type WebhookProcessor = (eventId: string, attempt: { number: number; maxAttempts: number }) => Promise<WebhookJobOutcome>;

export interface WebhookWorkerOptions extends WebhookRetryPolicy {
  /** A URL, or a Redis Cluster (see redisTarget). */
  redisUrl: RedisTarget;
  redisPrefix: string;
  concurrency: number;
  /** Job lock and stalled-job check, as for the moderation worker: a killed worker's delivery resumes within about lockMs + stalledCheckMs. */
  lockMs?: number;
  stalledCheckMs?: number;
}

/**
 * BullMQ's reasons for failing a job it never handed to the processor: its worker died or lost the job's lock more
 * often than `maxStalledCount` allows.
 */
const GIVEN_UP_BY_BULLMQ = /more than allowable limit/;

export interface WebhookWorkerHandle {
  close(): Promise<void>;
  /**
   * A delivery job that BullMQ failed without running the processor (stalled too often), so nothing recorded an
   * outcome for its event: the event is still unfinished and needs a job again.
   */
  onLost(listener: (eventId: string) => void): void;
}

export function createWebhookWorker(processor: WebhookProcessor, opts: WebhookWorkerOptions): WebhookWorkerHandle {
  const conn = bullmqConnection(opts.redisUrl, patientOptions);
  const worker = new Worker<WebhookJobData>(
    WEBHOOK_QUEUE,
    async (job: Job<WebhookJobData>, token?: string) => {
      const result = await processor(job.data.eventId, { number: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 });
      if (result.outcome === 'wait') {
        await job.moveToDelayed(Date.now() + result.delayMs, token);
        throw new DelayedError();
      }
      if (result.outcome === 'dead') throw new UnrecoverableError(result.reason);
      return result;
    },
    {
      connection: conn.connection as ConnectionOptions,
      prefix: bullPrefix(opts.redisPrefix),
      concurrency: opts.concurrency,
      ...(opts.lockMs ? { lockDuration: opts.lockMs } : {}),
      ...(opts.stalledCheckMs ? { stalledInterval: opts.stalledCheckMs } : {}),
      settings: { backoffStrategy: (attemptsMade: number) => webhookBackoffMs(attemptsMade, opts) },
    },
  );
  worker.on('error', () => {});
  return {
    async close() {
      await worker.close();
      await conn.close();
    },
    onLost(listener) {
      worker.on('failed', (job, err) => {
        if (job && GIVEN_UP_BY_BULLMQ.test(err.message)) listener(job.data.eventId);
      });
    },
  };
}
