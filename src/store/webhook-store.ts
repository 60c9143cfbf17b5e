/**
 * The webhook delivery boundary: events waiting to be delivered (their exact JSON body, kept so every
 * retry sends the same bytes), their delivery status, and the per-comment order they must keep.
 */
import type { CommentEventType } from '../comments/comment-events.ts';

export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'dead';

/** One event and how its delivery went. */
export interface WebhookDelivery {
  /** The event id, sent as X-Webhook-Id on every attempt. */
  id: string;
  siteId: string;
  commentId: string;
  type: CommentEventType;
  createdAt: string;
  /** Position among this comment's events, from 1; event n is sent only after n-1 is delivered or dead. */
  seq: number;
  status: DeliveryStatus;
  attempts: number;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  /** The URL of the last attempt. */
  url: string | null;
}

export interface NewWebhookEvent {
  id: string;
  siteId: string;
  commentId: string;
  type: CommentEventType;
  createdAt: string;
  /** The serialised event, signed and sent as is. */
  body: string;
}

export interface AttemptOutcome {
  ok: boolean;
  url: string;
  statusCode: number | null;
  error: string | null;
  /** A failed attempt that is the last one: the delivery is dead-lettered. */
  final: boolean;
}

export interface WebhookStore {
  /** Stores the event with the comment's next sequence number. */
  create(event: NewWebhookEvent): Promise<WebhookDelivery>;
  get(eventId: string): Promise<WebhookDelivery | null>;
  body(eventId: string): Promise<string | null>;
  /** True when this event may be sent: it is its comment's first, or the previous one is finished or gone. */
  mayDeliver(delivery: WebhookDelivery): Promise<boolean>;
  recordAttempt(eventId: string, outcome: AttemptOutcome): Promise<WebhookDelivery | null>;
  /** Finishes an event without an attempt (its site or webhook was removed). */
  markDead(eventId: string, reason: string): Promise<void>;
  /** Puts a finished event back to pending for a moderator's redelivery. */
  reopen(eventId: string): Promise<WebhookDelivery | null>;
  /** Notes that the event's delivery job is queued: the outbox sweeper leaves it alone for a while. */
  markQueued(eventId: string): Promise<void>;
  /**
   * Notes that the event's delivery job was lost without the event finishing (BullMQ failed it after its worker
   * died or lost its lock too often): the outbox sweeper queues it again at its next pass instead of at the next
   * check. An event that finished meanwhile is left alone.
   */
  markUnqueued(eventId: string): Promise<void>;
  /**
   * Unfinished events recorded or last checked more than `olderThanMs` ago, whose delivery job may never
   * have been queued (the process died between recording and queueing). Each is handed to one caller
   * at a time: it is not returned again for another `olderThanMs`, by when the caller has queued it and called
   * markQueued, or has died or failed trying (Redis went away), and the next caller tries again.
   */
  claimUnqueued(olderThanMs: number, limit: number): Promise<string[]>;
  /** Most recent first. */
  list(filter: { siteId?: string | undefined; status?: DeliveryStatus | undefined; limit: number }): Promise<WebhookDelivery[]>;
}
