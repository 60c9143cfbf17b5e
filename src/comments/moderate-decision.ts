/**
 * A moderator's approve or spam decision: a compare-and-set move that always wins over the
 * classifier, then an exactly-once lesson for this site's classifier (approve = ham, spam = spam).
 * A site backend's verdict on a comment of its site takes the same path, but never overrides a moderator.
 */
import type { Comment, CommentStatus } from '../../models/comment.ts';
import type { CommentStore } from '../store/comment-store.ts';
import type { LearningStore } from '../store/learning-store.ts';
import type { AuditStore } from '../store/audit-store.ts';
import { announcedTransition, type CommentEventSink } from './comment-events.ts';
import { featuresOf } from './score-comment.ts';
import type { Label } from '../store/learning-store.ts';
import { AlreadyDecidedError, NotFoundError } from '../errors.ts';
import { COMMENT_STATUSES, decidedByModerator, MODERATOR_MOVES_FROM, siteBackendDecider } from '../../models/comment.ts';

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
 * `learned` is true when the site's counts changed.
 */
export type ModeratorMoveResult = { outcome: 'applied' | 'unchanged' | 'conflict'; comment: Comment; learned?: boolean } | { outcome: 'missing' };

/** Who moves a comment, as the store, the audit trail and the repeat rule see them. */
interface Mover {
  /** What `decidedBy` shows. */
  by: string;
  /** Who the audit trail records, and the name it displays (null when not a person). */
  actor: string;
  actorName: string | null;
  note: string | null;
  /** True when the comment's last decision was this mover's own: repeating it changes nothing, not even decidedAt. */
  ownDecision: (decidedBy: string | null) => boolean;
  /** A mover that must not override a person's decision: checked in the same atomic step as the move. */
  unlessDecidedByPerson: boolean;
}

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
  const current = await deps.store.get(id);
  if (!current) return { outcome: 'missing' };
  const mover: Mover = {
    by: actor.name,
    actor: actor.id,
    actorName: actor.name,
    note: actor.note ?? null,
    ownDecision: decidedByModerator,
    unlessDecidedByPerson: false,
  };
  return move(deps, current, decision, mover, from);
}

async function move(deps: DecisionDeps, current: Comment, decision: ModeratorDecision, mover: Mover, from: readonly CommentStatus[]): Promise<ModeratorMoveResult> {
  const to: CommentStatus = decision === 'approve' ? 'published' : 'spam';
  let comment = current;
  const alreadyDecided = current.status === to && mover.ownDecision(current.decidedBy);
  if (!alreadyDecided) {
    // The event is recorded with the move itself, so a crash right after cannot lose it.
    const type = decision === 'approve' ? 'comment.approved' : 'comment.spam';
    // So is its audit entry (when there is an audit trail).
    const audit = deps.audit ? { audit: { actor: mover.actor, actorName: mover.actorName, reasons: [], note: mover.note } } : {};
    const t = { from, to, by: mover.by, unlessDecidedByPerson: mover.unlessDecidedByPerson, ...audit };
    const result = await announcedTransition(deps, current.id, t, type);
    if (result.outcome === 'missing') return { outcome: 'missing' };
    if (result.outcome === 'conflict') return { outcome: 'conflict', comment: result.comment };
    comment = result.comment;
  }
  // A repeat after a crash between the move and the lesson completes the lesson; its event was
  // recorded with the move, so announcing again would deliver one change twice.
  const learned = await deps.learning.learn(comment.siteId, decision === 'approve' ? 'ham' : 'spam', featuresOf(comment), comment.id);
  return { outcome: alreadyDecided ? 'unchanged' : 'applied', comment, learned };
}

/** What a site backend's decision did; `learned` is true when the site's counts changed. */
export interface SiteBackendDecisionResult {
  outcome: 'applied' | 'unchanged';
  comment: Comment;
  learned: boolean;
}

/**
 * A site backend's spam or ham verdict on a comment of its own site that this service stores: the same
 * move, event, audit entry and lesson as a moderator's, decided by `site-backend:<site>`. The backend may
 * reverse its own or the filter's decision, but never a moderator's: that answers AlreadyDecidedError,
 * unless the moderator decided the same, which changes nothing. Another site's comment is not found.
 */
export async function applySiteBackendDecision(deps: DecisionDeps, siteId: string, id: string, label: Label): Promise<SiteBackendDecisionResult> {
  const current = await deps.store.get(id);
  // Another site's comment is answered exactly like a missing one, so ids don't leak across sites.
  if (!current || current.siteId !== siteId) throw new NotFoundError();
  const by = siteBackendDecider(siteId);
  const mover: Mover = { by, actor: by, actorName: null, note: null, ownDecision: (d) => d === by, unlessDecidedByPerson: true };
  const decision: ModeratorDecision = label === 'ham' ? 'approve' : 'spam';
  const result = await move(deps, current, decision, mover, COMMENT_STATUSES);
  if (result.outcome === 'missing') throw new NotFoundError();
  if (result.outcome === 'conflict') {
    // Only a person's decision stops a backend (every state is allowed); agreeing with it is a no-op.
    if (result.comment.status === (decision === 'approve' ? 'published' : 'spam')) return { outcome: 'unchanged', comment: result.comment, learned: false };
    throw new AlreadyDecidedError();
  }
  return { outcome: result.outcome, comment: result.comment, learned: result.learned ?? false };
}
