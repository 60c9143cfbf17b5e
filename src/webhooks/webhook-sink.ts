/**
 * The CommentEventSink that feeds webhooks: for a site with a webhook URL, each state change becomes
 * a stored event (numbered within its comment, for ordering) and a delivery job carrying its id.
 * Failures are logged, never thrown: a decision must not fail because a webhook could not be queued.
 */
import type { Logger } from 'pino';
import type { Comment } from '../../models/comment.ts';
import type { CommentEventSink, CommentEventType } from '../comments/comment-events.ts';
import type { SiteRegistry } from '../sites/site-registry.ts';
import type { WebhookStore } from '../store/webhook-store.ts';
import type { WebhookQueue } from '../queue/webhook-queue.ts';
import { buildWebhookEvent } from './webhook-event.ts';

export interface WebhookSinkDeps {
  sites: Pick<SiteRegistry, 'load'>;
  store: WebhookStore;
  queue: WebhookQueue;
  logger: Logger;
}

export function createWebhookSink(deps: WebhookSinkDeps): CommentEventSink {
  return {
    async emit(type: CommentEventType, comment: Comment) {
      try {
        const site = await deps.sites.load(comment.siteId);
        if (!site?.webhookUrl) return;
        const event = buildWebhookEvent(type, comment, site);
        await deps.store.create({ id: event.id, siteId: site.id, commentId: comment.id, type, createdAt: event.createdAt, body: JSON.stringify(event) });
        try {
          await deps.queue.enqueue(event.id);
        } catch (err) {
          // A stored event that was never queued would hold back this comment's later events forever.
          await deps.store.markDead(event.id, 'could not be queued').catch(() => {});
          throw err;
        }
      } catch (err) {
        deps.logger.error({ err, commentId: comment.id, type }, 'could not queue webhook event');
      }
    },
  };
}
