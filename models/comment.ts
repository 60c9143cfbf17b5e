/**
 * The comment model: the record, its four states, and which moves between them are allowed.
 * Every other module asks this file rather than hard-coding state rules.
 */

/** Lifecycle state of a comment. Only `published` is ever visible to the public. */
export type CommentStatus = 'pending' | 'published' | 'flagged' | 'spam';

export const COMMENT_STATUSES: readonly CommentStatus[] = ['pending', 'published', 'flagged', 'spam'];

/**
 * Who made the last decision on a comment: `classifier`, `moderator` (MODERATOR_TOKEN), a named
 * moderator's name, `rule:<name>` or `site-backend:<site>`. Moderator names can't collide with the others.
 */
export type Decider = string;

/** True when a person (MODERATOR_TOKEN or a named moderator) made the decision, not the filter or a site's backend. */
export function decidedByModerator(decidedBy: string | null): boolean {
  return decidedBy !== null && decidedBy !== 'classifier' && !decidedBy.startsWith('rule:') && !decidedBy.startsWith('site-backend:');
}

/** The stored record. The email, ip and score never leave the service except in the moderator view. */
export interface Comment {
  id: string;
  siteId: string;
  threadId: string;
  parentId: string | null;
  name: string;
  email: string;
  website: string | null;
  comment: string;
  createdAt: string;
  status: CommentStatus;
  spamScore: number | null;
  reasons: string[];
  ip: string | null;
  userAgent: string | null;
  decidedAt: string | null;
  decidedBy: Decider | null;
  /** Extra submission context the classifier uses as signals (honeypot, form timing, referrer...). Never public. */
  signals: SubmissionContext;
  /** What the filter would have done, when the site's shadow or hold-all mode decided instead (absent otherwise). */
  wouldHave?: WouldHave;
}

/** The filter's verdict as the shadow report names it: publish, hold for a moderator, or spam. */
export type WouldHaveVerdict = 'publish' | 'flag' | 'spam';

export const WOULD_HAVE_VERDICTS: readonly WouldHaveVerdict[] = ['publish', 'flag', 'spam'];

/** The filter's decision on a comment that a site's moderation mode overrode. */
export interface WouldHave {
  /** The site's mode when the comment was decided. */
  mode: 'shadow' | 'hold-all';
  verdict: WouldHaveVerdict;
  spamScore: number;
  /** The filter's own reasons (the comment's reasons start with `mode:<mode>`). */
  reasons: string[];
}

/** Non-text evidence captured at submission time. */
export interface SubmissionContext {
  /** True when the widget's hidden honeypot field came back filled. */
  honeypotFilled?: boolean;
  /** Milliseconds between the widget rendering the form and the submission, when a valid signed form token was sent. */
  msToSubmit?: number;
  referrer?: string;
  permalink?: string;
  commentType?: string;
}

/**
 * Where each decider may move a comment from. The classifier only moves comments out of `pending`;
 * a moderator may move one from any state, which is how a moderator decision always wins over a retried job.
 */
export const CLASSIFIER_MOVES_FROM: readonly CommentStatus[] = ['pending'];
export const MODERATOR_MOVES_FROM: readonly CommentStatus[] = COMMENT_STATUSES;

/** The public view shows a flagged comment as pending: readers must not learn that it was flagged. */
export function publicStatus(status: CommentStatus): 'published' | 'pending' | null {
  if (status === 'published') return 'published';
  if (status === 'spam') return null;
  return 'pending';
}

export function isCommentStatus(value: unknown): value is CommentStatus {
  return typeof value === 'string' && (COMMENT_STATUSES as readonly string[]).includes(value);
}
