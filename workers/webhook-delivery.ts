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
import { startWebhookEvents } from '../src/runtime/webhook-events.ts';
import { deliverWebhook } from '../src/webhooks/deliver-webhook.ts';

export interface WebhookRuntime {
  events: CommentEventSink;
  queue: WebhookQueue;
  close(): Promise<void>;
}

/** Producer and consumer (worker processes): queue events and deliver them. */
export function startWebhookDelivery(config: Config & { redisUrl: string }, services: Services, sites: SiteRegistry, logger: Logger): WebhookRuntime {
  const producer = startWebhookEvents(config, services, sites, logger);
  const worker = createWebhookWorker(
    deliverWebhook({
      store: services.webhooks,
      site: (id) => services.sites.get(id),
      logger,
      ...config.webhooks,
    }),
    { ...config.webhooks, redisUrl: config.redisUrl, redisPrefix: config.redisPrefix, lockMs: config.workerLockMs, stalledCheckMs: config.workerStalledCheckMs },
  );
  return {
    events: producer.events,
    queue: producer.queue,
    async close() {
      await worker.close();
      await producer.close();
    },
  };
}
