/**
 * Counts decisions where every decision is announced: a CommentEventSink wrapper. Classifier, moderator and
 * site-backend decisions all pass through the event seam, so one wrapper covers the API and the worker alike.
 */
import type { CommentEventSink, CommentEventType } from '../comments/comment-events.ts';
import { deciderOf, type Metrics } from './metrics.ts';

const DECISIONS: ReadonlySet<CommentEventType> = new Set(['comment.published', 'comment.flagged', 'comment.spam', 'comment.approved']);

export function withDecisionMetrics(inner: CommentEventSink, metrics: Metrics): CommentEventSink {
  return {
    async emit(type, comment) {
      if (DECISIONS.has(type)) metrics.commentDecisions.inc({ verdict: comment.status, decider: deciderOf(comment.decidedBy) });
      await inner.emit(type, comment);
    },
  };
}
