/**
 * The CommentEventSink that feeds webhooks: for a site with a webhook URL, each state change becomes
 * an event stored in the outbox (with the change itself, through the comment store) and a delivery
 * job carrying its id. Queueing failures are logged, never thrown: the event is stored, and the
 * outbox sweeper queues it later.
 */
import type { Logger } from 'pino';
import type { Comment } from '../../models/comment.ts';
import type { CommentEventSink, CommentEventType } from '../comments/comment-events.ts';
import type { SiteRegistry } from '../sites/site-registry.ts';
import type { NewWebhookEvent, WebhookStore } from '../store/webhook-store.ts';
import type { WebhookQueue } from '../queue/webhook-queue.ts';
import { buildWebhookEvent } from './webhook-event.ts';

export interface WebhookSinkDeps {
  sites: Pick<SiteRegistry, 'load'>;
  store: WebhookStore;
  queue: WebhookQueue;
  logger: Logger;
}

export function createWebhookSink(deps: WebhookSinkDeps): CommentEventSink {
  async function build(type: CommentEventType, comment: Comment): Promise<NewWebhookEvent | null> {
    const site = await deps.sites.load(comment.siteId);
    if (!site?.webhookUrl) return null;
    const event = buildWebhookEvent(type, comment, site);
    return { id: event.id, siteId: site.id, commentId: comment.id, type, createdAt: event.createdAt, body: JSON.stringify(event) };
  }

  async function dispatch(eventId: string | null): Promise<void> {
    if (!eventId) return;
    try {
      await deps.queue.enqueue(eventId);
      await deps.store.markQueued(eventId);
    } catch (err) {
      deps.logger.warn({ err, eventId }, 'could not queue webhook event; the outbox sweeper will');
    }
  }

  return {
    outbox: { build, committed: (_type, _comment, eventId) => dispatch(eventId) },
    async emit(type: CommentEventType, comment: Comment) {
      try {
        const event = await build(type, comment);
        if (!event) return;
        await deps.store.create(event);
        await dispatch(event.id);
      } catch (err) {
        deps.logger.error({ err, commentId: comment.id, type }, 'could not record webhook event');
      }
    },
  };
}
