/**
 * Scores a comment with everything it carries: the base model, this site's learned counts, and the
 * submission signals (repeats, earlier published comments, authors marked spam, honeypot, typing time). Used by the
 * worker and by the synchronous check endpoints, so both score exactly alike.
 */
import type { Comment } from '../../models/comment.ts';
import type { CommentStore } from '../store/comment-store.ts';
import type { LearningStore } from '../store/learning-store.ts';
import { extractFeatures, type SubmissionText } from '../spam/features.ts';
import { scoreSubmission, type ScoreResult } from '../spam/classifier.ts';
import type { SpamModel } from '../spam/spam-model.ts';

export interface ScoreDeps {
  store: Pick<CommentStore, 'scoringSignals'>;
  learning: Pick<LearningStore, 'fetch'>;
  /** Read on every call, so a reloaded model takes effect without a restart. */
  model: () => SpamModel;
}

/** The parts of a comment the classifier reads as text. */
export function submissionOf(c: Pick<Comment, 'comment' | 'name' | 'email' | 'website'>): SubmissionText {
  return { text: c.comment, name: c.name, email: c.email, website: c.website };
}

/** The features a comment is scored and learned with. */
export function featuresOf(c: Pick<Comment, 'comment' | 'name' | 'email' | 'website'>): string[] {
  return extractFeatures(submissionOf(c));
}

/**
 * Short replies ("Great article!", "Thanks") recur naturally on any busy site, so only texts with at
 * least this many words count as repeated submissions; copy-pasted spam is longer than that.
 */
export const MIN_WORDS_FOR_REPEAT = 6;

const WORD = /\S+/g;

/** Counts words only up to the threshold, without splitting the whole text (this runs on every job). */
function countsAsRepeatable(text: string): boolean {
  WORD.lastIndex = 0;
  let words = 0;
  while (WORD.exec(text) !== null) if (++words >= MIN_WORDS_FOR_REPEAT) return true;
  return false;
}

/** The score, plus what the worker needs to let the site adapt to this comment. */
export interface CommentScore extends ScoreResult {
  /** The features it was scored with. */
  features: string[];
  /** The same text was submitted before on this site: a repeat says nothing new about the site's readers. */
  repeated: boolean;
}

export async function scoreComment(deps: ScoreDeps, comment: Comment): Promise<CommentScore> {
  const sub = submissionOf(comment);
  const features = extractFeatures(sub);
  const [learned, { repeatCount, authorHasPublished: authorApprovedBefore, authorMarkedSpam }] = await Promise.all([
    deps.learning.fetch(comment.siteId, features),
    deps.store.scoringSignals(comment, { repeatable: countsAsRepeatable(comment.comment) }),
  ]);
  const result = scoreSubmission(deps.model(), sub, {
    features,
    learned,
    signals: {
      repeatCount,
      authorApprovedBefore,
      authorMarkedSpam,
      ...(comment.signals.honeypotFilled !== undefined ? { honeypotFilled: comment.signals.honeypotFilled } : {}),
      ...(comment.signals.msToSubmit !== undefined ? { msToSubmit: comment.signals.msToSubmit } : {}),
    },
  });
  return { ...result, features, repeated: repeatCount > 0 };
}
