/**
 * The comment store boundary: create, get, compare-and-set transition, list by status or thread, delete.
 * The API and the worker depend on this interface only; redis-comment-store.ts is the implementation.
 *
 * Submissions use two-phase intake, so that an answer of 503 means "nothing kept": create(…, {intake: true})
 * stores a comment as unconfirmed intake (invisible to get, lists and decisions), the caller queues its job,
 * then confirm() makes it a pending comment. Intake that is never confirmed is discarded.
 */
import { WOULD_HAVE_VERDICTS, type Comment, type CommentStatus, type Decider, type WouldHave, type WouldHaveVerdict } from '../../models/comment.ts';
import { InvalidQueryError } from '../errors.ts';
import type { NewWebhookEvent } from './webhook-store.ts';
import type { NewAuditEntry } from './audit-store.ts';

/**
 * The audit entry for a move or a delete, recorded in the same atomic step (the store fills in the comment,
 * its site, and from → to as the step found them), so a crash can never keep the change and lose its entry.
 */
export type AuditRecord = Omit<NewAuditEntry, 'commentId' | 'siteId' | 'from' | 'to'>;

/**
 * Authors marked spam kept per site (the newest, by the order of their newest comment marked): the bound of the
 * author-marked-spam signal, in both stores (the Redis scripts take it from here, see lua-constants.ts).
 */
export const SPAM_AUTHORS_KEPT = 10_000;

/** The audit record of a delete by the retention job (SPAM_RETENTION_DAYS). */
export const RETENTION_AUDIT: AuditRecord = { actor: 'retention', actorName: null, reasons: ['retention:old-spam'], note: null };

/** What a validated submission becomes when stored: the record minus what the store and the decision add. */
export type NewComment = Omit<Comment, 'id' | 'createdAt' | 'status' | 'spamScore' | 'reasons' | 'decidedAt' | 'decidedBy'>;

/** A compare-and-set move: applied only when the comment's current status is one of `from`. */
export interface Transition {
  from: readonly CommentStatus[];
  to: CommentStatus;
  by: Decider;
  /**
   * Also a conflict when the comment's last decision was a person's (see `decidedByModerator`): a decider
   * that must not override a moderator (a site's backend) checks it in the same atomic step as the move.
   */
  unlessDecidedByPerson?: boolean;
  spamScore?: number;
  reasons?: string[];
  /**
   * What the filter would have done, when the site's moderation mode decided instead. Stored with the comment
   * and counted as not yet reviewed in the site's would-have tally; a later moderator decision (a `by` that
   * decidedByModerator accepts) moves it to that decision's column, in the same atomic step as the move.
   */
  wouldHave?: WouldHave;
  /** The audit entry for the move, recorded with it; none without. */
  audit?: AuditRecord;
  /**
   * The event announcing the move, built from the record as it will be after it; the store records it
   * in the same atomic step as the move (transactional outbox). Null records no event.
   */
  event?: EventBuilder;
  /**
   * The record as the caller last read it from this store (`get`), if it has it: the store may build the event
   * from it instead of reading the record again. A record that changed since is detected and read afresh.
   */
  current?: Comment;
}

/** Builds the outbox event for a change from the record as it will be after it. */
export type EventBuilder = (after: Comment) => Promise<NewWebhookEvent | null> | NewWebhookEvent | null;

/** An Idempotency-Key claim a creation is bound to (see IdempotencyStore.begin). */
export interface IdempotencyBinding {
  scope: string;
  key: string;
  /** The claim's owner token. */
  owner: string;
  /** A comment the claim was bound to that is gone: the new one may replace the binding. */
  replaces?: string | null;
}

export interface CreateOptions {
  /** Store as unconfirmed intake, to be confirmed (or discarded) once its job is queued; by default it is pending at once. */
  intake?: boolean;
  /** Bind the Idempotency-Key to the new comment in the same atomic step as storing it. */
  idempotency?: IdempotencyBinding;
}

export interface ConfirmOptions {
  idempotency?: IdempotencyBinding;
  /** The answer to record for the Idempotency-Key in the same atomic step. */
  answer?: { status: number; body: unknown };
}

/** Where a comment stands in two-phase intake. */
export type IntakeState = 'intake' | 'confirmed' | 'missing';

/** The Idempotency-Key was taken over by another request, which bound it to `boundTo` (if anything yet). */
export class IdempotencySupersededError extends Error {
  override name = 'IdempotencySupersededError';
  constructor(readonly boundTo: string | null) {
    super('The Idempotency-Key was taken over by another request');
  }
}

export type TransitionResult =
  /** `eventId`: the outbox event recorded with the move, if the transition asked for one. */
  | { outcome: 'applied'; previous: CommentStatus; comment: Comment; eventId?: string }
  /** The comment was not in an allowed state (already decided, or a moderator got there first). */
  | { outcome: 'conflict'; comment: Comment }
  | { outcome: 'missing' };

/** What moderators later did with a comment whose verdict a mode overrode. */
export type LaterDecision = 'published' | 'spam' | 'unreviewed';

export const LATER_DECISIONS: readonly LaterDecision[] = ['published', 'spam', 'unreviewed'];

/**
 * A site's confusion table: the filter's would-have verdicts against the moderators' later decisions,
 * kept as counters updated with every move (never by scanning comments). A deleted comment that nobody
 * reviewed leaves the table; reviewed ones stay counted.
 */
export type WouldHaveTally = Record<WouldHaveVerdict, Record<LaterDecision, number>>;

export function emptyTally(): WouldHaveTally {
  return Object.fromEntries(WOULD_HAVE_VERDICTS.map((v) => [v, { published: 0, spam: 0, unreviewed: 0 }])) as WouldHaveTally;
}

export interface Page {
  comments: Comment[];
  nextCursor: string | null;
}

/** Which end of a list a page starts from: `oldest` (the default) or `newest` first. */
export type ListOrder = 'oldest' | 'newest';

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
  /** Oldest first unless `newest`; a cursor continues in the order it was handed out for. */
  order?: ListOrder | undefined;
}

/** What the store knows about a comment's text and author that scoring takes into account. */
export interface ScoringSignals {
  /** How many times the site received the same text before (0 for the first). */
  repeatCount: number;
  /** The author has a published comment on the site (see authorHasPublished). */
  authorHasPublished: boolean;
  /**
   * A moderator marked one of the author's comments on the site spam and has approved none of them since (known by
   * the same e-mail and IP prefix as authorHasPublished; the site's newest 10 000 such authors are kept).
   */
  authorMarkedSpam: boolean;
}

/** A confirmed comment as the worker reads it to score it (see CommentStore.getForScoring). */
export interface ScoringRead {
  comment: Comment;
  /**
   * What scoringSignals(comment, { repeatable: true }) answers, read together with the comment; null when the store
   * did not read them with it (the caller then asks scoringSignals).
   */
  signals: ScoringSignals | null;
}

export interface CommentStore {
  /** Stores the comment (as unconfirmed intake if asked); throws IdempotencySupersededError if the claim was lost. */
  create(input: NewComment, opts?: CreateOptions): Promise<Comment>;
  /** Makes intake a pending comment once its job is queued. False when it is gone (discarded). */
  confirm(id: string, opts?: ConfirmOptions): Promise<boolean>;
  /** Removes a comment only if it is still unconfirmed intake. */
  discard(id: string): Promise<boolean>;
  intakeState(id: string): Promise<IntakeState>;
  /** Ids of intake older than `olderThanMs`: its request died or failed before confirming. */
  listStaleIntake(olderThanMs: number, limit: number): Promise<string[]>;
  /** A confirmed comment, or null (also for unconfirmed intake). */
  get(id: string): Promise<Comment | null>;
  /**
   * get(), with the comment's scoring signals when the store can read them in the same step (the worker's batched
   * Redis store reads them with the record, from the text's hash and the author hash the record holds; records of
   * earlier versions hold no text hash, and come back with `signals` null).
   */
  getForScoring(id: string): Promise<ScoringRead | null>;
  transition(id: string, t: Transition): Promise<TransitionResult>;
  /** Oldest first, or newest first with `page.order`. */
  listByStatus(status: CommentStatus, page: PageRequest, siteId?: string): Promise<Page>;
  /** A thread's published comments, oldest first. */
  listThread(siteId: string, threadId: string, page: PageRequest): Promise<Page>;
  /**
   * Removes the comment from every list. Returns the removed record, or null if there was none.
   * `event` is recorded in the same atomic step (transactional outbox).
   */
  delete(id: string, opts?: { event?: EventBuilder; audit?: AuditRecord }): Promise<Comment | null>;
  countByStatus(siteId?: string): Promise<Record<CommentStatus, number>>;
  /** The site's would-have verdicts against later moderator decisions (all zero when it never used a mode). */
  wouldHaveTally(siteId: string): Promise<WouldHaveTally>;
  /** Ids of the sites that have a would-have tally, sorted. */
  wouldHaveSites(): Promise<string[]>;
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
   * repeatCount and authorHasPublished together, as scoring needs both (one round trip on Redis). With
   * `repeatable` false the text is not looked up and its repeat count is 0.
   */
  scoringSignals(comment: Comment, opts: { repeatable: boolean }): Promise<ScoringSignals>;
  /**
   * Blanks the IP address and user agent of up to `limit` comments created before `beforeMs`.
   * Returns how many were processed; fewer than `limit` means none are left.
   */
  erasePii(beforeMs: number, limit: number): Promise<number>;
  /**
   * Deletes spam comments created and decided before `beforeMs`, looking at up to `limit` of the oldest.
   * `examined` below `limit` means none are left to look at. Each delete is recorded in the audit trail (when the
   * store has one) with the actor `retention`, in the same step.
   */
  deleteSpam(beforeMs: number, limit: number): Promise<{ examined: number; deleted: number }>;
  /** Deletes every comment sent with this email address and every trace of its author. Returns how many comments. */
  eraseAuthor(email: string): Promise<number>;
  /** Ids of every comment sent with this email address, also of comments deleted since; empty once erased. */
  authorCommentIds(email: string): Promise<string[]>;
  /** Redis answers (readiness). */
  ping(): Promise<void>;
}

/** Cursors are opaque to clients; a malformed one is a client error. */
export class InvalidCursorError extends InvalidQueryError {
  constructor() {
    super('Invalid cursor');
  }
}
