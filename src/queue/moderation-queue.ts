/**
 * The one place that knows BullMQ: queue names, key prefix, job options and connections for the
 * "moderate" queue. Producers get a ModerationQueue; worker entry points get createModerationWorker.
 */
import type { ConnectionOptions, Job, Queue as QueueType } from 'bullmq';
import { Queue, Worker } from './bullmq-classes.ts';
import { bullmqConnection, failFastOptions, patientOptions, type RedisTarget } from '../store/redis-client.ts';
import { producing } from './queue-unavailable.ts';
import { redisKeys } from '../store/redis-keys.ts';
import { settlesWithin } from '../runtime/within-ms.ts';

export const MODERATE_QUEUE = 'moderate';

/**
 * Job payloads carry the comment id, never the text or the email; and the id of the request that submitted it,
 * so the worker's log lines for the comment can be found from the API's.
 */
export interface ModerateJobData {
  commentId: string;
  requestId?: string;
}

/** What the producer knows about the job beyond the comment id. */
export interface EnqueueOptions {
  requestId?: string | undefined;
}

/**
 * Enqueues a comment for scoring. Enqueueing the same id twice is harmless. Calls reject with
 * QueueUnavailableError (a DependencyUnavailableError) when Redis does not take the job.
 */
export interface ModerationQueue {
  enqueue(commentId: string, opts?: EnqueueOptions): Promise<void>;
  /** Removes a finished (completed or failed) job for this comment and enqueues it again. */
  requeue(commentId: string): Promise<void>;
  /**
   * Resolves when the queue's own Redis connection answers; rejects while it is down or reconnecting. Readiness
   * checks it too, so a ready API does not answer submissions with 503 because only the store has reconnected.
   * Absent when the queue needs no connection.
   */
  ping?(): Promise<void>;
  close(): Promise<void>;
}

/** Jobs by state, for metrics. */
export type JobCounts = Record<'waiting' | 'active' | 'delayed' | 'failed', number>;

/** A queue the composition root can wait on before serving, without failing if Redis is down. */
export interface StartableModerationQueue extends ModerationQueue {
  waitUntilReady(timeoutMs: number): Promise<boolean>;
  counts(): Promise<JobCounts>;
}

/** BullMQ's counts reduced to the four states the metrics report (prioritized jobs are waiting too). */
export async function jobCounts(queue: QueueType): Promise<JobCounts> {
  const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
  return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
}

/** BullMQ rejects ':' in custom ids and treats all-digit ids as its own; the comment id never has ':'. */
export function jobIdFor(commentId: string): string {
  return `moderate-${commentId}`;
}

/**
 * What each job carries: BullMQ stores these with the job (msgpacked by the producer, re-encoded as JSON by its add
 * script), so every submission pays for them.
 */
export const MODERATE_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
} as const;

/**
 * How long finished jobs are kept: a worker option, which BullMQ applies to every job without its own (as ours are
 * added), instead of a job option that each add sends, decodes and stores again. Every worker on the queue takes it
 * (createModerationWorker, the benchmarks' no-op worker). Jobs added by earlier versions keep their own.
 */
export const MODERATE_KEEP_JOBS = {
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** Hash-tagged, so each queue's keys share a Redis Cluster slot as BullMQ requires (see redis-keys.ts). */
export function bullPrefix(redisPrefix: string): string {
  return redisKeys(redisPrefix).bull;
}

/** At most this many jobs go to Redis in one addBulk. */
export const MAX_ADD_BATCH = 200;

interface PendingAdd {
  data: ModerateJobData;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Micro-batching of adds: the jobs enqueued by concurrent requests in one turn of the event loop go to Redis in
 * one `addBulk`, which costs far less per job than one `add` each. Each caller's promise settles only when its
 * batch has been answered: resolved when Redis took every job of the batch, rejected (QueueUnavailableError) for
 * every caller when the batch failed, so no caller is told its job is queued before it is.
 */
function addBatcher(queue: QueueType<ModerateJobData>) {
  let pending: PendingAdd[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    producing(() => queue.addBulk(batch.map((p) => ({ name: 'moderate', data: p.data, opts: { jobId: jobIdFor(p.data.commentId) } })))).then(
      () => {
        for (const p of batch) p.resolve();
      },
      (err: unknown) => {
        for (const p of batch) p.reject(err);
      },
    );
  };
  return {
    add(data: ModerateJobData): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        if (pending.length === 0) setImmediate(flush);
        pending.push({ data, resolve, reject });
        if (pending.length >= MAX_ADD_BATCH) flush();
      });
    },
  };
}

export function createModerationQueue(redis: RedisTarget, redisPrefix: string): StartableModerationQueue {
  const conn = bullmqConnection(redis, failFastOptions);
  const queue = new Queue<ModerateJobData>(MODERATE_QUEUE, {
    connection: conn.connection as ConnectionOptions,
    prefix: bullPrefix(redisPrefix),
    defaultJobOptions: MODERATE_JOB_OPTIONS,
  });
  queue.on('error', () => {});
  const batcher = addBatcher(queue);
  return {
    enqueue: (commentId, opts) => batcher.add(opts?.requestId ? { commentId, requestId: opts.requestId } : { commentId }),
    requeue: (commentId) =>
      producing(async () => {
        const job = await queue.getJob(jobIdFor(commentId));
        if (job) {
          const state = await job.getState();
          if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
          await job.remove();
        }
        await queue.add('moderate', { commentId }, { jobId: jobIdFor(commentId) });
      }),
    async ping() {
      // BullMQ hides its client; reading a count is one round trip on the same connection.
      await queue.getJobCountByTypes('wait');
    },
    async close() {
      await queue.close();
      await conn.close();
    },
    counts: () => jobCounts(queue),
    waitUntilReady: (timeoutMs) => settlesWithin(queue.waitUntilReady(), timeoutMs),
  };
}

export interface ModerationWorkerOptions {
  /** A URL, or a Redis Cluster (see redisTarget). */
  redisUrl: RedisTarget;
  redisPrefix: string;
  concurrency: number;
  /**
   * How long a job's lock lasts without renewal, and how often workers look for jobs whose worker died
   * (lock expired). A killed worker's job is picked up again within about lockMs + stalledCheckMs.
   */
  lockMs: number;
  stalledCheckMs: number;
}

export type ModerateProcessor = (commentId: string, attempt: { number: number; final: boolean; requestId?: string | undefined }) => Promise<unknown>;

export interface ModerationWorkerHandle {
  close(): Promise<void>;
  onFailed(listener: (commentId: string, err: Error) => void): void;
  /** BullMQ's own errors (lost connections, failed lock renewals): the worker carries on, but an operator should see them. */
  onError(listener: (err: Error) => void): void;
}

export function createModerationWorker(processor: ModerateProcessor, opts: ModerationWorkerOptions): ModerationWorkerHandle {
  // BullMQ's commands (each finished job's move, which also fetches the next job, and the lock renewals) leave in one
  // write per turn of the event loop instead of one each: that write was the largest single cost of a job left
  // outside our own code. Its blocking connection stays BullMQ's own.
  const conn = bullmqConnection(opts.redisUrl, patientOptions, { coalesceWrites: true });
  const worker = new Worker<ModerateJobData>(
    MODERATE_QUEUE,
    (job: Job<ModerateJobData>) => {
      const attempts = job.opts.attempts ?? 1;
      const number = job.attemptsMade + 1;
      return processor(job.data.commentId, { number, final: number >= attempts, requestId: job.data.requestId });
    },
    {
      connection: conn.connection as ConnectionOptions,
      prefix: bullPrefix(opts.redisPrefix),
      concurrency: opts.concurrency,
      lockDuration: opts.lockMs,
      stalledInterval: opts.stalledCheckMs,
      // A job whose worker died twice is failed rather than retried forever; the pending sweeper re-queues it.
      maxStalledCount: 2,
      ...MODERATE_KEEP_JOBS,
    },
  );
  worker.on('error', () => {});
  return {
    async close() {
      // The connection is closed even when the worker's close rejects, so a failed shutdown leaves no socket open.
      try {
        await worker.close();
      } finally {
        await conn.close();
      }
    },
    onFailed(listener) {
      worker.on('failed', (job, err) => {
        if (job) listener(job.data.commentId, err);
      });
    },
    onError(listener) {
      worker.on('error', listener);
    },
  };
}
