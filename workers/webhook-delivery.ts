/**
 * Starts the webhook side of a worker process: the BullMQ worker that delivers webhook events,
 * and the sink that turns comment state changes into queued events. Used by startWorker.
 */
import type { Logger } from 'pino';
import type { Config } from '../src/config.ts';
import type { Services } from '../src/runtime/services.ts';
import type { SiteRegistry } from '../src/sites/site-registry.ts';
import type { CommentEventSink } from '../src/comments/comment-events.ts';
import { createWebhookWorker, type WebhookQueue } from '../src/queue/webhook-queue.ts';
import { redisTarget } from '../src/store/redis-client.ts';
import { startWebhookEvents } from '../src/runtime/webhook-events.ts';
import { deliverWebhook } from '../src/webhooks/deliver-webhook.ts';
import type { Metrics } from '../src/observability/metrics.ts';

export interface WebhookRuntime {
  events: CommentEventSink;
  queue: WebhookQueue;
  close(): Promise<void>;
}

/** Producer and consumer (worker processes): queue events and deliver them. */
export function startWebhookDelivery(
  config: Config & { redisUrl: string },
  services: Services,
  sites: SiteRegistry,
  logger: Logger,
  metrics?: Metrics,
): WebhookRuntime {
  const producer = startWebhookEvents(config, services, sites, logger);
  const deliver = deliverWebhook({
    store: services.webhooks,
    site: (id) => services.sites.get(id),
    logger,
    ...config.webhooks,
  });
  metrics?.watchQueue('webhook', () => producer.queue.counts());
  const worker = createWebhookWorker(
    async (eventId, attempt) => {
      try {
        const result = await deliver(eventId, attempt);
        metrics?.webhookDeliveries.inc({ outcome: result.outcome });
        return result;
      } catch (err) {
        metrics?.webhookDeliveries.inc({ outcome: 'failed' });
        throw err;
      }
    },
    { ...config.webhooks, redisUrl: redisTarget(config), redisPrefix: config.redisPrefix, lockMs: config.workerLockMs, stalledCheckMs: config.workerStalledCheckMs },
  );
  // Its event would otherwise wait for the outbox's next check of queued events (minutes): the sweeper's next pass
  // queues it again. If this process dies before marking it, that later check still does.
  worker.onLost((eventId) => {
    logger.warn({ eventId }, 'webhook delivery job lost (its worker died or lost the lock too often); queueing it again');
    services.webhooks.markUnqueued(eventId).catch((err: Error) => logger.warn({ err, eventId }, 'could not mark a lost webhook delivery for the outbox sweeper'));
  });
  return {
    events: producer.events,
    queue: producer.queue,
    async close() {
      await worker.close();
      await producer.close();
    },
  };
}
