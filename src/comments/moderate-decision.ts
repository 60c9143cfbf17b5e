/**
 * A moderator's approve or spam decision: a compare-and-set move that always wins over the
 * classifier, then an exactly-once lesson for this site's classifier (approve = ham, spam = spam).
 */
import type { Comment, CommentStatus } from '../../models/comment.ts';
import type { CommentStore } from '../store/comment-store.ts';
import type { LearningStore } from '../store/learning-store.ts';
import type { AuditStore } from '../store/audit-store.ts';
import { announcedTransition, type CommentEventSink } from './comment-events.ts';
import { featuresOf } from './score-comment.ts';
import { NotFoundError } from '../errors.ts';
import { decidedByModerator, MODERATOR_MOVES_FROM } from '../../models/comment.ts';

export interface DecisionDeps {
  store: CommentStore;
  learning: LearningStore;
  events: CommentEventSink;
  /** Where every state change is recorded; without it nothing is. */
  audit?: AuditStore | undefined;
}

/** Who decides: what `decidedBy` shows, and who the audit trail records. */
export interface DecisionActor {
  /** The moderator's name, or `moderator` for MODERATOR_TOKEN. */
  name: string;
  /** The moderator id, or `moderator` for MODERATOR_TOKEN. */
  id: string;
  note?: string | null | undefined;
}

const BOOTSTRAP_ACTOR: DecisionActor = { name: 'moderator', id: 'moderator' };

export type ModeratorDecision = 'approve' | 'spam';

export async function applyModeratorDecision(deps: DecisionDeps, id: string, decision: ModeratorDecision, actor: DecisionActor = BOOTSTRAP_ACTOR): Promise<Comment> {
  const result = await moveByModerator(deps, id, decision, actor, MODERATOR_MOVES_FROM);
  if (result.outcome === 'missing') throw new NotFoundError();
  return result.comment;
}

/**
 * What a moderator's move did: `applied` (moved, recorded, learned), `unchanged` (the moderators' own
 * decision already, so only the lesson is completed), `conflict` (in none of the `from` states: nothing done).
 */
export type ModeratorMoveResult = { outcome: 'applied' | 'unchanged' | 'conflict'; comment: Comment } | { outcome: 'missing' };

/**
 * A moderator's decision on a comment that is in one of `from` (compare-and-set): the move with its event,
 * the audit entry, and the lesson for the site's classifier.
 */
export async function moveByModerator(
  deps: DecisionDeps,
  id: string,
  decision: ModeratorDecision,
  actor: DecisionActor,
  from: readonly CommentStatus[],
): Promise<ModeratorMoveResult> {
  const to = decision === 'approve' ? 'published' : 'spam';
  const current = await deps.store.get(id);
  if (!current) return { outcome: 'missing' };
  let comment = current;
  // Repeating a moderator's own decision changes nothing, not even decidedAt.
  const alreadyDecided = current.status === to && decidedByModerator(current.decidedBy);
  if (!alreadyDecided) {
    // The event is recorded with the move itself, so a crash right after cannot lose it.
    const type = decision === 'approve' ? 'comment.approved' : 'comment.spam';
    // So is its audit entry (when there is an audit trail).
    const audit = deps.audit ? { audit: { actor: actor.id, actorName: actor.name, reasons: [], note: actor.note ?? null } } : {};
    const result = await announcedTransition(deps, id, { from, to, by: actor.name, ...audit }, type);
    if (result.outcome === 'missing') return { outcome: 'missing' };
    if (result.outcome === 'conflict') return { outcome: 'conflict', comment: result.comment };
    comment = result.comment;
  }
  // A repeat after a crash between the move and the lesson completes the lesson; its event was
  // recorded with the move, so announcing again would deliver one change twice.
  await deps.learning.learn(comment.siteId, decision === 'approve' ? 'ham' : 'spam', featuresOf(comment), comment.id);
  return { outcome: alreadyDecided ? 'unchanged' : 'applied', comment };
}
