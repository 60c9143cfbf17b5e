/** The shapes of the API responses the browser code reads (types only: nothing of this reaches a bundle). */

/** A comment as the public endpoints return it (no email, IP or score). */
export interface PublicComment {
  id: string;
  threadId: string;
  parentId: string | null;
  name: string;
  website: string | null;
  comment: string;
  createdAt: string;
  status: 'published' | 'pending';
}

/** A comment as the moderation API returns it. */
export interface ModeratorComment extends Omit<PublicComment, 'status'> {
  siteId?: string;
  email: string;
  status: 'pending' | 'published' | 'flagged' | 'spam';
  spamScore: number | null;
  reasons: string[];
  decidedBy: string | null;
  decidedAt?: string | null;
  /** Null once retention has erased it. */
  ip?: string | null;
  userAgent?: string | null;
  /** The comment this one replies to; excerpt and author are null when it is gone. */
  parent?: { id: string; excerpt: string | null; author: string | null } | null;
  /** Where the thread is read, when the service knows. */
  threadUrl?: string | null;
}

/** One entry of GET /api/v1/moderation/comments/:id/history. */
export interface HistoryEntry {
  id: string;
  at: string;
  actor: string;
  actorName: string | null;
  from: string | null;
  to: string;
  reasons: string[];
  note: string | null;
}

export interface CommentPage<T> {
  comments: T[];
  nextCursor: string | null;
}

/** The body of every error answer. */
export interface ApiError {
  error?: string;
  message?: string;
  fields?: Record<string, string>;
}
