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
