/**
 * Decision events: every change of a comment's state is announced here, so that side effects
 * (webhooks) hang off one seam instead of being sprinkled through routes and workers.
 */
import type { Comment } from '../../models/comment.ts';

export type CommentEventType =
  | 'comment.published'
  | 'comment.flagged'
  | 'comment.spam'
  | 'comment.approved'
  | 'comment.deleted';

/** Receives state changes. Implementations must not throw into the caller's decision path. */
export interface CommentEventSink {
  emit(type: CommentEventType, comment: Comment): Promise<void>;
}

export const noCommentEvents: CommentEventSink = { emit: async () => {} };
