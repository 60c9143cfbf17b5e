/**
 * The CommentEventSink that feeds webhooks: for a site with a webhook URL, each state change becomes
 * an event stored in the outbox (with the change itself, through the comment store) and a delivery
 * job carrying its id. Queueing failures are logged, never thrown: the event is stored, and the
 * outbox sweeper queues it later.
 */
import type { Logger } from 'pino';
import type { Comment } from '../../models/comment.ts';
import type { Site } from '../../models/site.ts';
import type { CommentEventSink, CommentEventType } from '../comments/comment-events.ts';
import type { SiteRegistry } from '../sites/site-registry.ts';
import type { NewWebhookEvent, WebhookStore } from '../store/webhook-store.ts';
import type { WebhookQueue } from '../queue/webhook-queue.ts';
import { buildWebhookEvent } from './webhook-event.ts';

export interface WebhookSinkDeps {
  sites: Pick<SiteRegistry, 'load' | 'peek'>;
  store: WebhookStore;
  queue: WebhookQueue;
  logger: Logger;
}

export function createWebhookSink(deps: WebhookSinkDeps): CommentEventSink {
  /**
   * The event, built at once when the registry's cache knows the site (nearly every change: no promise and no
   * microtasks on the worker's path per job), else once the site is loaded.
   */
  function build(type: CommentEventType, comment: Comment): Promise<NewWebhookEvent | null> | NewWebhookEvent | null {
    const site = deps.sites.peek(comment.siteId);
    if (site) return eventFor(type, comment, site);
    return deps.sites.load(comment.siteId).then((loaded) => (loaded ? eventFor(type, comment, loaded) : null));
  }

  function eventFor(type: CommentEventType, comment: Comment, site: Site): NewWebhookEvent | null {
    if (!site.webhookUrl) return null;
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
    // Nothing to hand on without an event (a site without a webhook): no promise for it.
    outbox: { build, committed: (_type, _comment, eventId) => (eventId ? dispatch(eventId) : undefined) },
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
