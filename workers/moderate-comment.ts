/**
 * The moderation job: load the comment, score it (model + this site's learned counts + signals),
 * decide, and move it out of pending with a compare-and-set that records its webhook event too.
 * Safe to run any number of times.
 */
import type { Logger } from 'pino';
import { CLASSIFIER_MOVES_FROM, type Comment } from '../models/comment.ts';
import { ruleActor } from '../models/site-rules.ts';
import type { CommentStore, ScoringRead, Transition } from '../src/store/comment-store.ts';
import type { LearningStore } from '../src/store/learning-store.ts';
import { scoreComment } from '../src/comments/score-comment.ts';
import { decide, type Thresholds, type Verdict } from '../src/spam/policy.ts';
import { applyModerationMode } from '../src/spam/moderation-mode.ts';
import type { ModerationMode } from '../models/site.ts';
import type { SpamModel } from '../src/spam/spam-model.ts';
import { announcedTransition, type CommentEventSink, type CommentEventType } from '../src/comments/comment-events.ts';
import type { Metrics } from '../src/observability/metrics.ts';
import type { AuditStore } from '../src/store/audit-store.ts';
import { applySiteRules, siteRulesMayApply } from '../src/comments/apply-site-rules.ts';
import type { SiteRulesCache } from '../src/sites/site-rules-cache.ts';
import type { RuleDecision } from '../src/spam/site-rules.ts';
import type { SitePhraseGate } from '../src/comments/site-phrase-gate.ts';

export interface ModerateDeps {
  store: CommentStore;
  learning: LearningStore;
  /** Read on every job, so a reloaded model takes effect without restarting workers. */
  model: () => SpamModel;
  thresholds: (siteId: string) => Thresholds;
  /** The site's moderation mode (`normal` when absent): shadow publishes, hold-all holds, both keep the verdict. */
  mode?: ((siteId: string) => ModerationMode) | undefined;
  logger: Logger;
  events: CommentEventSink;
  /** Scoring time and acceptance-to-decision latency, when the process exports metrics. */
  metrics?: Metrics;
  /** Where the classifier's decisions are recorded with their reasons; without it nothing is. */
  audit?: AuditStore | undefined;
  /** Each site's compiled rules, checked before the classifier; without it no rules apply. */
  rules?: SiteRulesCache | undefined;
  /** Sites known to have no approval, scored without their site phrases (which could not change their scores). */
  phraseGate?: SitePhraseGate | undefined;
}

export type ModerateOutcome =
  | { outcome: 'decided'; verdict: Verdict; spamScore: number }
  | { outcome: 'decided-by-rule'; verdict: Verdict; rule: string }
  | { outcome: 'skipped'; reason: 'missing' | 'already-decided' };

const STATUS_FOR: Record<Verdict, 'published' | 'flagged' | 'spam'> = {
  publish: 'published',
  flag: 'flagged',
  reject: 'spam',
};

const EVENT_FOR: Record<'published' | 'flagged' | 'spam', CommentEventType> = {
  published: 'comment.published',
  flagged: 'comment.flagged',
  spam: 'comment.spam',
};

/** How long a job waits for its comment's intake to be confirmed before it retries with backoff. */
const CONFIRMATION_WAITS_MS = [2, 8, 30, 100, 300];

/** Thrown while the comment is stored but its submission not yet confirmed: the job retries later. */
export class AwaitingConfirmationError extends Error {
  override name = 'AwaitingConfirmationError';
}

/**
 * The comment once its intake is confirmed, with its scoring signals when the store read them with it
 * (CommentStore.getForScoring): one call fewer per job. The job is queued before the API confirms, so a fast
 * worker can see it a moment early; it waits briefly, then leaves it to BullMQ's retry. Null when the comment
 * is gone (deleted, or discarded because its submission failed).
 */
export function loadForScoring(store: Pick<CommentStore, 'getForScoring' | 'get' | 'intakeState'>, commentId: string): Promise<ScoringRead | null> {
  // Nearly every job finds its comment confirmed on the first read: that read alone, without the loop's machinery.
  return store.getForScoring(commentId).then((read) => read ?? unconfirmed(store, commentId).then((comment) => comment && { comment, signals: null }));
}

/** loadForScoring after a first read found no confirmed record. */
async function unconfirmed(store: Pick<CommentStore, 'get' | 'intakeState'>, commentId: string): Promise<Comment | null> {
  for (let i = 0; ; i++) {
    const state = await store.intakeState(commentId);
    if (state === 'missing') return null;
    // Confirmed between the two reads: read it again rather than take it for gone, or the comment would sit
    // pending until the sweeper re-queued it.
    if (state === 'confirmed') return store.get(commentId);
    const wait = CONFIRMATION_WAITS_MS[i];
    if (wait === undefined) break;
    await new Promise((r) => setTimeout(r, wait));
    const comment = await store.get(commentId);
    if (comment) return comment;
  }
  throw new AwaitingConfirmationError(`comment ${commentId} is not confirmed yet`);
}

/** Adds the submitting request's id, when there is one, to a log line's fields (first, as a child logger would). */
function traced<T extends object>(requestId: string | undefined, fields: T): T | (T & { requestId: string }) {
  return requestId ? { requestId, ...fields } : fields;
}

export function moderateComment(deps: ModerateDeps) {
  return async (commentId: string, ctx: { requestId?: string | undefined } = {}): Promise<ModerateOutcome> => {
    // The submitting request's id on every line about this comment, so API and worker logs join up (a field of
    // each line rather than a child logger, which would cost an allocation and a serialisation per job).
    const requestId = ctx.requestId;
    const read = await loadForScoring(deps.store, commentId);
    if (!read) return { outcome: 'skipped', reason: 'missing' };
    const { comment } = read;
    if (!CLASSIFIER_MOVES_FROM.includes(comment.status)) return { outcome: 'skipped', reason: 'already-decided' };

    if (siteRulesMayApply(deps, comment.siteId)) {
      const ruled = await applySiteRules(deps, comment);
      if (ruled) return decideByRule(deps, comment, ruled, requestId);
    }

    const endScoring = deps.metrics?.classifierDuration.startTimer();
    const { spamScore, reasons, evidenceKinds, features, repeated } = await scoreComment(deps, comment, read.signals);
    endScoring?.();
    const verdict = decide(spamScore, deps.thresholds(comment.siteId), evidenceKinds);
    // In shadow or hold-all mode the mode decides and the verdict is kept with the comment, for the shadow report.
    const decision = applyModerationMode(deps.mode?.(comment.siteId) ?? 'normal', verdict, spamScore, reasons);
    const { to, wouldHave } = decision;
    // Built property by property: the optional ones set only when present, without a spread of a temporary per field.
    const move: Transition = { from: CLASSIFIER_MOVES_FROM, to, by: 'classifier', spamScore, reasons: decision.reasons, current: comment };
    if (wouldHave) move.wouldHave = wouldHave;
    // The audit entry is recorded in the same atomic step as the move, so a crash cannot keep one without the other.
    if (deps.audit) {
      move.audit = wouldHave
        ? { actor: 'classifier', actorName: null, reasons: decision.reasons, note: null, wouldHave }
        : { actor: 'classifier', actorName: null, reasons: decision.reasons, note: null };
    }
    const result = await announcedTransition(deps, commentId, move, EVENT_FOR[to]);
    if (result.outcome !== 'applied') {
      // A moderator (or a duplicate job) decided first; theirs stands.
      return { outcome: 'skipped', reason: result.outcome === 'missing' ? 'missing' : 'already-decided' };
    }
    deps.metrics?.decisionLatency.observe(Math.max(0, Date.now() - Date.parse(comment.createdAt)) / 1000);
    deps.logger.info(traced(requestId, wouldHave ? { commentId, verdict, spamScore, mode: wouldHave.mode } : { commentId, verdict, spamScore }), 'comment decided');
    // The site's own comments teach it what its readers sound like (EM). Once per comment: only the job whose
    // transition applied gets here. Repeats are left out, or a flood of one text would pass for the readers'
    // voice. A failure costs one lesson, never the decision already made.
    if (!repeated) {
      // try/catch around the await rather than .catch(): no closure and no extra promise per job.
      try {
        await deps.learning.observe(comment.siteId, features, spamScore);
      } catch (err) {
        deps.logger.warn(traced(requestId, { commentId, err }), 'site adaptation skipped');
      }
    }
    return { outcome: 'decided', verdict, spamScore };
  };
}

/**
 * A site rule decided: the move is recorded as `rule:<name>` (decidedBy and audit actor) with the rule's
 * reasons, and the classifier is not asked, so there is no score and nothing for the site to learn from.
 */
async function decideByRule(deps: ModerateDeps, comment: Comment, ruled: RuleDecision, requestId: string | undefined): Promise<ModerateOutcome> {
  const actor = ruleActor(ruled.rule);
  const to = STATUS_FOR[ruled.verdict];
  // Its audit entry is recorded with the move.
  const audit = deps.audit ? { audit: { actor, actorName: null, reasons: ruled.reasons, note: null } } : {};
  const result = await announcedTransition(deps, comment.id, { from: CLASSIFIER_MOVES_FROM, to, by: actor, reasons: ruled.reasons, ...audit }, EVENT_FOR[to]);
  if (result.outcome !== 'applied') return { outcome: 'skipped', reason: result.outcome === 'missing' ? 'missing' : 'already-decided' };
  deps.metrics?.decisionLatency.observe(Math.max(0, Date.now() - Date.parse(comment.createdAt)) / 1000);
  deps.logger.info(traced(requestId, { commentId: comment.id, verdict: ruled.verdict, rule: ruled.rule }), 'comment decided by a site rule');
  return { outcome: 'decided-by-rule', verdict: ruled.verdict, rule: actor };
}

/**
 * After the last attempt fails, the comment still needs a decision: hand it to a moderator
 * rather than leave it pending forever.
 */
export async function flagAfterFailure(store: CommentStore, commentId: string, err: Error, events: CommentEventSink, audit?: AuditStore): Promise<void> {
  const reasons = [`error:scoring-failed (${err.message.slice(0, 80)})`];
  const entry = audit ? { audit: { actor: 'classifier', actorName: null, reasons, note: null } } : {};
  await announcedTransition({ store, events }, commentId, { from: CLASSIFIER_MOVES_FROM, to: 'flagged', by: 'classifier', reasons, ...entry }, 'comment.flagged');
}
