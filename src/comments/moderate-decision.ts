/**
 * A moderator's approve or spam decision: a compare-and-set move that always wins over the
 * classifier, then an exactly-once lesson for this site's classifier (approve = ham, spam = spam).
 */
import type { Comment } from '../../models/comment.ts';
import type { CommentStore } from '../store/comment-store.ts';
import type { LearningStore } from '../store/learning-store.ts';
import { announcedTransition, type CommentEventSink } from './comment-events.ts';
import { featuresOf } from './score-comment.ts';
import { NotFoundError } from '../errors.ts';
import { MODERATOR_MOVES_FROM } from '../../models/comment.ts';

export interface DecisionDeps {
  store: CommentStore;
  learning: LearningStore;
  events: CommentEventSink;
}

export type ModeratorDecision = 'approve' | 'spam';

export async function applyModeratorDecision(deps: DecisionDeps, id: string, decision: ModeratorDecision): Promise<Comment> {
  const to = decision === 'approve' ? 'published' : 'spam';
  const current = await deps.store.get(id);
  if (!current) throw new NotFoundError();
  let comment = current;
  // Repeating a moderator's own decision changes nothing, not even decidedAt.
  const alreadyDecided = current.status === to && current.decidedBy === 'moderator';
  if (!alreadyDecided) {
    // The event is recorded with the move itself, so a crash right after cannot lose it.
    const type = decision === 'approve' ? 'comment.approved' : 'comment.spam';
    const result = await announcedTransition(deps, id, { from: MODERATOR_MOVES_FROM, to, by: 'moderator' }, type);
    if (result.outcome === 'missing') throw new NotFoundError();
    comment = result.comment;
  }
  // A repeat after a crash between the move and the lesson completes the lesson; its event was
  // recorded with the move, so announcing again would deliver one change twice.
  await deps.learning.learn(comment.siteId, decision === 'approve' ? 'ham' : 'spam', featuresOf(comment), comment.id);
  return comment;
}
