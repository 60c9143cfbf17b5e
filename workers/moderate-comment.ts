/**
 * The moderation job: load the comment, score it (model + this site's learned counts + signals),
 * decide, and move it out of pending with a compare-and-set. Safe to run any number of times.
 */
import type { Logger } from 'pino';
import { CLASSIFIER_MOVES_FROM } from '../models/comment.ts';
import type { CommentStore } from '../src/store/comment-store.ts';
import type { LearningStore } from '../src/store/learning-store.ts';
import { scoreComment } from '../src/comments/score-comment.ts';
import { decide, type Thresholds, type Verdict } from '../src/spam/policy.ts';
import type { SpamModel } from '../src/spam/spam-model.ts';
import type { CommentEventSink, CommentEventType } from '../src/comments/comment-events.ts';
import type { Metrics } from '../src/observability/metrics.ts';
import type { AuditStore } from '../src/store/audit-store.ts';

export interface ModerateDeps {
  store: CommentStore;
  learning: LearningStore;
  /** Read on every job, so a reloaded model takes effect without restarting workers. */
  model: () => SpamModel;
  thresholds: (siteId: string) => Thresholds;
  logger: Logger;
  events: CommentEventSink;
  /** Scoring time and acceptance-to-decision latency, when the process exports metrics. */
  metrics?: Metrics;
  /** Where the classifier's decisions are recorded with their reasons; without it nothing is. */
  audit?: AuditStore | undefined;
}

export type ModerateOutcome =
  | { outcome: 'decided'; verdict: Verdict; spamScore: number }
  | { outcome: 'skipped'; reason: 'missing' | 'already-decided' };

const STATUS_FOR: Record<Verdict, 'published' | 'flagged' | 'spam'> = {
  publish: 'published',
  flag: 'flagged',
  reject: 'spam',
};

const EVENT_FOR: Record<Verdict, CommentEventType> = {
  publish: 'comment.published',
  flag: 'comment.flagged',
  reject: 'comment.spam',
};

export function moderateComment(deps: ModerateDeps) {
  return async (commentId: string): Promise<ModerateOutcome> => {
    const comment = await deps.store.get(commentId);
    if (!comment) return { outcome: 'skipped', reason: 'missing' };
    if (!CLASSIFIER_MOVES_FROM.includes(comment.status)) return { outcome: 'skipped', reason: 'already-decided' };

    const endScoring = deps.metrics?.classifierDuration.startTimer();
    const { spamScore, reasons, features, repeated } = await scoreComment(deps, comment);
    endScoring?.();
    const verdict = decide(spamScore, deps.thresholds(comment.siteId));
    const result = await deps.store.transition(commentId, {
      from: CLASSIFIER_MOVES_FROM,
      to: STATUS_FOR[verdict],
      by: 'classifier',
      spamScore,
      reasons,
    });
    if (result.outcome !== 'applied') {
      // A moderator (or a duplicate job) decided first; theirs stands.
      return { outcome: 'skipped', reason: result.outcome === 'missing' ? 'missing' : 'already-decided' };
    }
    // The decision stands whether or not it is recorded; a lost entry is logged, not retried into a second decision.
    await deps.audit
      ?.append({ commentId, siteId: comment.siteId, actor: 'classifier', actorName: null, from: result.previous, to: STATUS_FOR[verdict], reasons, note: null })
      .catch((err: Error) => deps.logger.warn({ commentId, err: err.message }, 'audit entry not recorded'));
    deps.metrics?.decisionLatency.observe(Math.max(0, Date.now() - Date.parse(comment.createdAt)) / 1000);
    deps.logger.info({ commentId, verdict, spamScore }, 'comment decided');
    // The site's own comments teach it what its readers sound like (EM). Once per comment: only the job whose
    // transition applied gets here. Repeats are left out, or a flood of one text would pass for the readers'
    // voice. A failure costs one lesson, never the decision already made.
    if (!repeated) {
      await deps.learning.observe(comment.siteId, features, spamScore).catch((err: Error) => {
        deps.logger.warn({ commentId, err: err.message }, 'site adaptation skipped');
      });
    }
    await deps.events.emit(EVENT_FOR[verdict], result.comment);
    return { outcome: 'decided', verdict, spamScore };
  };
}

/**
 * After the last attempt fails, the comment still needs a decision: hand it to a moderator
 * rather than leave it pending forever.
 */
export async function flagAfterFailure(store: CommentStore, commentId: string, err: Error, events: CommentEventSink, audit?: AuditStore): Promise<void> {
  const reasons = [`error:scoring-failed (${err.message.slice(0, 80)})`];
  const result = await store.transition(commentId, { from: CLASSIFIER_MOVES_FROM, to: 'flagged', by: 'classifier', reasons });
  if (result.outcome !== 'applied') return;
  await audit
    ?.append({ commentId, siteId: result.comment.siteId, actor: 'classifier', actorName: null, from: result.previous, to: 'flagged', reasons, note: null })
    .catch(() => undefined);
  await events.emit('comment.flagged', result.comment);
}
