/**
 * The producer half of webhooks, for every process that changes comments (API and workers): a sink
 * that turns comment state changes into queued webhook events. Delivery runs in worker processes.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Services } from './services.ts';
import type { SiteRegistry } from '../sites/site-registry.ts';
import { createWebhookQueue } from '../queue/webhook-queue.ts';
import { redisTarget } from '../store/redis-client.ts';
import { createWebhookSink } from '../webhooks/webhook-sink.ts';

/** The producer half only (API processes): a sink that queues events. */
export function startWebhookEvents(config: Config & { redisUrl: string }, services: Services, sites: SiteRegistry, logger: Logger) {
  const queue = createWebhookQueue(redisTarget(config), config.redisPrefix, config.webhooks);
  const events = createWebhookSink({ sites, store: services.webhooks, queue, logger });
  return { events, queue, close: () => queue.close() };
}
