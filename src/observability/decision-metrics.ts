/**
 * Counts decisions where every decision is announced: a CommentEventSink wrapper. Classifier, moderator and
 * site-backend decisions all pass through the event seam, so one wrapper covers the API and the worker alike.
 */
import type { CommentEventSink, CommentEventType } from '../comments/comment-events.ts';
import { deciderOf, type Metrics } from './metrics.ts';

const DECISIONS: ReadonlySet<CommentEventType> = new Set(['comment.published', 'comment.flagged', 'comment.spam', 'comment.approved']);

export function withDecisionMetrics(inner: CommentEventSink, metrics: Metrics): CommentEventSink {
  const count: CommentEventSink['emit'] = async (type, comment) => {
    if (DECISIONS.has(type)) metrics.commentDecisions.inc({ verdict: comment.status, decider: deciderOf(comment.decidedBy) });
  };
  const { outbox } = inner;
  return {
    async emit(type, comment) {
      await count(type, comment);
      await inner.emit(type, comment);
    },
    // Keep the outbox, so events stay recorded with their change; count once the change is made.
    ...(outbox && {
      outbox: {
        build: (type, after) => outbox.build(type, after),
        async committed(type, comment, eventId) {
          await count(type, comment);
          await outbox.committed(type, comment, eventId);
        },
      },
    }),
  };
}
