/**
 * The outbox's safety net: every webhook event is stored with the change it announces, and queued
 * right after; if the process died in between (or the job was lost with a Redis restart), this
 * queues it. Run periodically by every worker process; each event is taken by one sweeper at a time.
 */
import type { Logger } from 'pino';
import type { WebhookStore } from '../src/store/webhook-store.ts';
import type { WebhookQueue } from '../src/queue/webhook-queue.ts';
import { DEFAULT_SWEEPER_OPTIONS, every, type SweeperOptions } from './pending-sweeper.ts';

export async function sweepOutboxOnce(store: WebhookStore, queue: WebhookQueue, opts: SweeperOptions): Promise<number> {
  const ids = await store.claimUnqueued(opts.outboxAfterMs ?? DEFAULT_SWEEPER_OPTIONS.outboxAfterMs!, opts.batch);
  // Each claim lasts outboxAfterMs: the events this pass does not get to (Redis went away, the process died) are
  // claimed again after that, while each one queued here is left alone until the next check of queued events.
  for (const id of ids) {
    await queue.ensure(id);
    await store.markQueued(id);
  }
  return ids.length;
}

export function startOutboxSweeper(store: WebhookStore, queue: WebhookQueue, logger: Logger, opts: SweeperOptions = DEFAULT_SWEEPER_OPTIONS): { stop(): void } {
  return every(opts.intervalMs, logger, 'webhook outbox', async () => ({ queued: await sweepOutboxOnce(store, queue, opts) }));
}
