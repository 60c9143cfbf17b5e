/**
 * A moderator's approve or spam decision: a compare-and-set move that always wins over the
 * classifier, then an exactly-once lesson for this site's classifier (approve = ham, spam = spam).
 */
import type { Comment } from '../../models/comment.ts';
import type { CommentStore } from '../store/comment-store.ts';
import type { LearningStore } from '../store/learning-store.ts';
import type { CommentEventSink } from './comment-events.ts';
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
    const result = await deps.store.transition(id, { from: MODERATOR_MOVES_FROM, to, by: 'moderator' });
    if (result.outcome === 'missing') throw new NotFoundError();
    comment = result.comment;
  }
  const changed = await deps.learning.learn(comment.siteId, decision === 'approve' ? 'ham' : 'spam', featuresOf(comment), comment.id);
  if (!alreadyDecided || changed) {
    await deps.events.emit(decision === 'approve' ? 'comment.approved' : 'comment.spam', comment);
  }
  return comment;
}
