/**
 * Safety nets for intake, run periodically by every worker process:
 * - "every 202 reaches a decision": re-queues comments still pending long after submission (their job
 *   was lost to a crash between writes or a Redis restart). Re-queueing is harmless: the job id is
 *   derived from the comment id and the processor is idempotent.
 * - "every 503 means nothing kept": discards intake never confirmed (its request failed or died between
 *   storing and confirming). Discarding is compare-and-set: a comment confirmed meanwhile stays.
 */
import type { Logger } from 'pino';
import type { CommentStore } from '../src/store/comment-store.ts';
import type { ModerationQueue } from '../src/queue/moderation-queue.ts';

export interface SweeperOptions {
  /** A comment pending for longer than this is considered stuck. */
  staleAfterMs: number;
  intervalMs: number;
  batch: number;
  /** Intake unconfirmed for longer than this is discarded (default 30 s). */
  intakeTimeoutMs?: number;
  /** An unfinished webhook event whose job was not confirmed queued for this long is queued (default 10 s). */
  outboxAfterMs?: number;
}

export const DEFAULT_SWEEPER_OPTIONS: SweeperOptions = { staleAfterMs: 60_000, intervalMs: 30_000, batch: 500, intakeTimeoutMs: 30_000, outboxAfterMs: 10_000 };

export async function sweepPendingOnce(store: CommentStore, queue: ModerationQueue, opts: SweeperOptions): Promise<number> {
  const ids = await store.listStalePending(opts.staleAfterMs, opts.batch);
  for (const id of ids) await queue.requeue(id);
  return ids.length;
}

export async function sweepIntakeOnce(store: CommentStore, opts: SweeperOptions): Promise<number> {
  const ids = await store.listStaleIntake(opts.intakeTimeoutMs ?? DEFAULT_SWEEPER_OPTIONS.intakeTimeoutMs!, opts.batch);
  let discarded = 0;
  for (const id of ids) if (await store.discard(id)) discarded++;
  return discarded;
}

/** Runs `sweep` every `intervalMs`, one run at a time, logging what it did. */
export function every(intervalMs: number, logger: Logger, name: string, sweep: () => Promise<Record<string, number>>): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweep()
      .then((counts) => {
        if (Object.values(counts).some((n) => n > 0)) logger.info(counts, `${name} sweep`);
      })
      .catch((err: unknown) => logger.warn({ err }, `${name} sweep failed`))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

export function startPendingSweeper(
  store: CommentStore,
  queue: ModerationQueue,
  logger: Logger,
  opts: SweeperOptions = DEFAULT_SWEEPER_OPTIONS,
): { stop(): void } {
  return every(opts.intervalMs, logger, 'intake', async () => ({
    discarded: await sweepIntakeOnce(store, opts),
    requeued: await sweepPendingOnce(store, queue, opts),
  }));
}
