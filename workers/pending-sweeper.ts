/**
 * Safety net for "every 202 reaches a decision": periodically re-queues comments still pending
 * long after submission (their job was lost to a crash between writes or a Redis restart).
 * Re-queueing is harmless: the job id is derived from the comment id and the processor is idempotent.
 */
import type { Logger } from 'pino';
import type { CommentStore } from '../src/store/comment-store.ts';
import type { ModerationQueue } from '../src/queue/moderation-queue.ts';

export interface SweeperOptions {
  /** A comment pending for longer than this is considered stuck. */
  staleAfterMs: number;
  intervalMs: number;
  batch: number;
}

export const DEFAULT_SWEEPER_OPTIONS: SweeperOptions = { staleAfterMs: 60_000, intervalMs: 30_000, batch: 500 };

export async function sweepPendingOnce(store: CommentStore, queue: ModerationQueue, opts: SweeperOptions): Promise<number> {
  const ids = await store.listStalePending(opts.staleAfterMs, opts.batch);
  for (const id of ids) await queue.requeue(id);
  return ids.length;
}

export function startPendingSweeper(
  store: CommentStore,
  queue: ModerationQueue,
  logger: Logger,
  opts: SweeperOptions = DEFAULT_SWEEPER_OPTIONS,
): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepPendingOnce(store, queue, opts)
      .then((n) => {
        if (n > 0) logger.info({ requeued: n }, 're-queued stale pending comments');
      })
      .catch((err: unknown) => logger.warn({ err }, 'pending sweep failed'))
      .finally(() => {
        running = false;
      });
  }, opts.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
