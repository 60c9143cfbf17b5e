/**
 * The comment store boundary: create, get, compare-and-set transition, list by status or thread, delete.
 * The API and the worker depend on this interface only; redis-comment-store.ts is the implementation.
 */
import type { Comment, CommentStatus, Decider } from '../../models/comment.ts';

/** What a validated submission becomes when stored: the record minus what the store and the decision add. */
export type NewComment = Omit<Comment, 'id' | 'createdAt' | 'status' | 'spamScore' | 'reasons' | 'decidedAt' | 'decidedBy'>;

/** A compare-and-set move: applied only when the comment's current status is one of `from`. */
export interface Transition {
  from: readonly CommentStatus[];
  to: CommentStatus;
  by: Decider;
  spamScore?: number;
  reasons?: string[];
}

export type TransitionResult =
  | { outcome: 'applied'; previous: CommentStatus; comment: Comment }
  /** The comment was not in an allowed state (already decided, or a moderator got there first). */
  | { outcome: 'conflict'; comment: Comment }
  | { outcome: 'missing' };

export interface Page {
  comments: Comment[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface CommentStore {
  create(input: NewComment): Promise<Comment>;
  get(id: string): Promise<Comment | null>;
  transition(id: string, t: Transition): Promise<TransitionResult>;
  /** Oldest first. */
  listByStatus(status: CommentStatus, page: PageRequest, siteId?: string): Promise<Page>;
  /** A thread's published comments, oldest first. */
  listThread(siteId: string, threadId: string, page: PageRequest): Promise<Page>;
  /** Removes the comment from every list. Returns the removed record, or null if there was none. */
  delete(id: string): Promise<Comment | null>;
  countByStatus(siteId?: string): Promise<Record<CommentStatus, number>>;
  /** Ids of comments still pending after `olderThanMs`: their job may have been lost. */
  listStalePending(olderThanMs: number, limit: number): Promise<string[]>;
  /** How many times this site has received the same text before (0 for the first). */
  repeatCount(comment: Comment): Promise<number>;
  /**
   * True if this author has a published comment on this site, known by the email together with the
   * stable prefix of the IP address it was sent from: typing a known author's email elsewhere is not enough.
   */
  authorHasPublished(comment: Comment): Promise<boolean>;
  /**
   * Blanks the IP address and user agent of up to `limit` comments created before `beforeMs`.
   * Returns how many were processed; fewer than `limit` means none are left.
   */
  erasePii(beforeMs: number, limit: number): Promise<number>;
  /**
   * Deletes spam comments created and decided before `beforeMs`, looking at up to `limit` of the oldest.
   * `examined` below `limit` means none are left to look at.
   */
  deleteSpam(beforeMs: number, limit: number): Promise<{ examined: number; deleted: number }>;
  /** Deletes every comment sent with this email address and every trace of its author. Returns how many comments. */
  eraseAuthor(email: string): Promise<number>;
  /** Redis answers (readiness). */
  ping(): Promise<void>;
}

/** Cursors are opaque to clients; a malformed one is a client error. */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}
