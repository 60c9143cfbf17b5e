/**
 * Scores a comment with everything it carries: the base model, this site's learned counts, and the
 * submission signals (repeats, earlier published comments, authors marked spam, honeypot, typing time). Used by the
 * worker and by the synchronous check endpoints, so both score exactly alike. The worker's phrase gate
 * (site-phrase-gate.ts) leaves out only phrases that cannot change a score, except on the one comment per site and
 * process whose fetch first shows an approval, which the worker scores without the phrases approved a moment before.
 */
import type { Comment } from '../../models/comment.ts';
import type { CommentStore, ScoringSignals } from '../store/comment-store.ts';
import type { LearningStore } from '../store/learning-store.ts';
import { extractFeatures, type SubmissionText } from '../spam/features.ts';
import { scoreSubmission, type LearnedCounts, type ScoreResult, type SubmissionSignals } from '../spam/classifier.ts';
import type { SpamModel } from '../spam/spam-model.ts';
import { withSitePhrases } from '../spam/site-phrases.ts';
import { isJsSpace } from '../spam/tokenize.ts';
import type { SitePhraseGate } from './site-phrase-gate.ts';

export interface ScoreDeps {
  store: Pick<CommentStore, 'scoringSignals'>;
  learning: Pick<LearningStore, 'fetch'>;
  /** Read on every call, so a reloaded model takes effect without a restart. */
  model: () => SpamModel;
  /** Sites known to have no approval, whose comments are scored without their site phrases; without it, none are. */
  phraseGate?: SitePhraseGate | undefined;
}

/** The parts of a comment the classifier reads as text. */
export function submissionOf(c: Pick<Comment, 'comment' | 'name' | 'email' | 'website'>): SubmissionText {
  return { text: c.comment, name: c.name, email: c.email, website: c.website };
}

/** The features a comment is scored and learned with: its features and its site phrases (src/spam/site-phrases.ts). */
export function featuresOf(c: Pick<Comment, 'comment' | 'name' | 'email' | 'website'>): string[] {
  return withSitePhrases(extractFeatures(submissionOf(c)), c.comment);
}

/**
 * Short replies ("Great article!", "Thanks") recur naturally on any busy site, so only texts with at
 * least this many words count as repeated submissions; copy-pasted spam is longer than that.
 */
export const MIN_WORDS_FOR_REPEAT = 6;

/**
 * Whether the text has at least MIN_WORDS_FOR_REPEAT words (runs of non-white-space, as `/\S+/g` finds them),
 * counted only up to that threshold and without a match object per word (this runs on every job).
 */
export function countsAsRepeatable(text: string): boolean {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isJsSpace(text.charCodeAt(i));
    if (!space && !inWord && ++words >= MIN_WORDS_FOR_REPEAT) return true;
    inWord = !space;
  }
  return false;
}

/** The score, plus what the worker needs to let the site adapt to this comment. */
export interface CommentScore extends ScoreResult {
  /** The features it was scored with, without its site phrases: what the site's unlabelled counts (EM) take in. */
  features: string[];
  /** The same text was submitted before on this site: a repeat says nothing new about the site's readers. */
  repeated: boolean;
}

/**
 * `known`: the comment's signals as scoringSignals(comment, { repeatable: true }) answers them, when the caller read
 * them with the comment (CommentStore.getForScoring); otherwise they are asked for here.
 */
export async function scoreComment(deps: ScoreDeps, comment: Comment, known?: ScoringSignals | null): Promise<CommentScore> {
  const sub = submissionOf(comment);
  // Each feature once (the default, binarised options): the learning store is told so and looks for no duplicate.
  const features = extractFeatures(sub);
  // Its site phrases are scored with the site's decisions on them, but never join the unlabelled counts: the EM
  // split ('moments') would count every phrase as the readers', the base model knowing none as spam.
  const gate = deps.phraseGate;
  const scored = gate && !gate.wants(comment.siteId) ? features : withSitePhrases(features, comment.comment);
  const repeatable = countsAsRepeatable(comment.comment);
  let learned: LearnedCounts;
  let signals: ScoringSignals;
  if (known) {
    learned = await deps.learning.fetch(comment.siteId, scored, true);
    signals = known;
  } else {
    [learned, signals] = await Promise.all([deps.learning.fetch(comment.siteId, scored, true), deps.store.scoringSignals(comment, { repeatable })]);
  }
  gate?.saw(comment.siteId, learned);
  // A text too short to be repeatable counts no repeats, whatever `known` holds for it.
  const repeatCount = repeatable ? signals.repeatCount : 0;
  const { authorHasPublished: authorApprovedBefore, authorMarkedSpam } = signals;
  const { honeypotFilled, msToSubmit } = comment.signals;
  const submissionSignals: SubmissionSignals = { repeatCount, authorApprovedBefore, authorMarkedSpam };
  if (honeypotFilled !== undefined) submissionSignals.honeypotFilled = honeypotFilled;
  if (msToSubmit !== undefined) submissionSignals.msToSubmit = msToSubmit;
  // The classifier's fresh result, completed in place rather than copied.
  const result = scoreSubmission(deps.model(), sub, { features: scored, learned, signals: submissionSignals }) as CommentScore;
  result.features = features;
  result.repeated = repeatCount > 0;
  return result;
}
