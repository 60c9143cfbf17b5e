/**
 * Decision events: every change of a comment's state is announced here, so that side effects
 * (webhooks) hang off one seam instead of being sprinkled through routes and workers. A sink with an
 * outbox has its events recorded by the store in the same atomic step as the change, so no change
 * goes unannounced even if the process dies right after it.
 */
import type { Comment } from '../../models/comment.ts';
import type { AuditRecord, CommentStore, Transition, TransitionResult } from '../store/comment-store.ts';
import type { NewWebhookEvent } from '../store/webhook-store.ts';

export type CommentEventType =
  | 'comment.published'
  | 'comment.flagged'
  | 'comment.spam'
  | 'comment.approved'
  | 'comment.deleted';

/** Transactional outbox: events are built before a change and stored with it, then handed on. */
export interface CommentEventOutbox {
  /** The event for a change, from the record as it will be after it; null when nobody listens. */
  build(type: CommentEventType, after: Comment): Promise<NewWebhookEvent | null> | NewWebhookEvent | null;
  /**
   * The change was made, with its event (if one was built) stored in the same step: hand the event to
   * delivery now. Never throws: if queueing fails, the outbox sweeper does it later.
   */
  committed(type: CommentEventType, comment: Comment, eventId: string | null): Promise<void> | void;
}

/** Receives state changes. Implementations must not throw into the caller's decision path. */
export interface CommentEventSink {
  /** Announces a change already made (or an event without a change). */
  emit(type: CommentEventType, comment: Comment): Promise<void>;
  /** When present, events are recorded atomically with the change instead of emitted after it. */
  outbox?: CommentEventOutbox;
}

export const noCommentEvents: CommentEventSink = { emit: async () => {} };

/** A compare-and-set move announced with `type` when it applies: through the outbox when the sink has one. */
export async function announcedTransition(
  deps: { store: CommentStore; events: CommentEventSink },
  id: string,
  t: Transition,
  type: CommentEventType,
): Promise<TransitionResult> {
  const { outbox } = deps.events;
  if (!outbox) {
    const result = await deps.store.transition(id, t);
    if (result.outcome === 'applied') await deps.events.emit(type, result.comment);
    return result;
  }
  const result = await deps.store.transition(id, { ...t, event: (after) => outbox.build(type, after) });
  if (result.outcome === 'applied') {
    const handedOn = outbox.committed(type, result.comment, result.eventId ?? null);
    if (handedOn) await handedOn;
  }
  return result;
}

/**
 * Deletes a comment announced with `comment.deleted`: through the outbox when the sink has one. `audit` is
 * recorded in the same atomic step as the delete.
 */
export async function announcedDelete(deps: { store: CommentStore; events: CommentEventSink }, id: string, audit?: AuditRecord): Promise<Comment | null> {
  const { outbox } = deps.events;
  if (!outbox) {
    const removed = await deps.store.delete(id, audit ? { audit } : {});
    if (removed) await deps.events.emit('comment.deleted', removed);
    return removed;
  }
  let eventId: string | null = null;
  const removed = await deps.store.delete(id, {
    ...(audit ? { audit } : {}),
    event: async (before) => {
      const event = await outbox.build('comment.deleted', before);
      eventId = event?.id ?? null;
      return event;
    },
  });
  if (removed) await outbox.committed('comment.deleted', removed, eventId);
  return removed;
}
