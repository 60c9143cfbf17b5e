/**
 * The audit trail boundary: one entry per state change of a comment (who, when, from → to, why),
 * read back as one comment's history or, for admins, filtered by actor, site and time.
 * redis-audit-store.ts is the implementation; entries hold ids, states and reasons, never comment text or e-mail.
 */
import type { CommentStatus, WouldHave } from '../../models/comment.ts';

/** Who changed the state: a moderator id, `moderator` (MODERATOR_TOKEN), `classifier`, `rule:<name>`, `site-backend:<site>` or `retention`. */
export type AuditActor = string;

export interface NewAuditEntry {
  commentId: string;
  siteId: string;
  actor: AuditActor;
  /** The moderator's name when the actor is a moderator, for display; null otherwise. */
  actorName: string | null;
  from: CommentStatus | null;
  /** `deleted` when a moderator deleted the comment. */
  to: CommentStatus | 'deleted';
  /** The classifier's or rule's reasons; empty for a moderator's decision. */
  reasons: string[];
  /** What the moderator typed with the decision, if anything. */
  note: string | null;
  /** When the site's shadow or hold-all mode decided (reasons start with `mode:<mode>`): what the filter would have done. */
  wouldHave?: WouldHave;
}

export interface AuditEntry extends NewAuditEntry {
  id: string;
  at: string;
}

export interface AuditFilter {
  actor?: string | undefined;
  siteId?: string | undefined;
  /** Only entries at or after this time (ms since the epoch). */
  sinceMs?: number | undefined;
}

export interface AuditPage {
  /** Newest first. */
  entries: AuditEntry[];
  nextCursor: string | null;
}

export interface AuditStore {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** One comment's entries, oldest first. */
  history(commentId: string): Promise<AuditEntry[]>;
  list(filter: AuditFilter, page: { limit: number; cursor?: string | undefined }): Promise<AuditPage>;
  /** Deletes every entry of these comments (an author's erasure request); returns how many. */
  forget(commentIds: readonly string[]): Promise<number>;
}
