/**
 * Turns a spam score into a moderation verdict. Thresholds come from the evaluation in docs/classifier.md.
 * The rules for a valid threshold live here once; config, the CLIs and per-site overrides all use them.
 */
import { z } from 'zod';

export type Verdict = 'publish' | 'flag' | 'reject';

/** Score cut-offs: below `flag` publishes, at or above `reject` goes straight to spam, in between waits for a moderator. */
export interface Thresholds {
  flag: number;
  reject: number;
}

/**
 * Chosen by leave-one-video-out evaluation of the default model's recipe (docs/classifier.md): on a video it
 * never saw, 0.95 holds ~2% of ham for review and 0.999 sends well under 1% of ham straight to spam.
 */
export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({ flag: 0.95, reject: 0.999 });

export function decide(spamScore: number, t: Thresholds): Verdict {
  if (spamScore >= t.reject) return 'reject';
  if (spamScore >= t.flag) return 'flag';
  return 'publish';
}

const NOT_A_THRESHOLD = 'must be a number from 0 to 1';

/**
 * One threshold as written in an environment variable or a command-line flag. A hair above 1 is
 * accepted so that a REJECT_THRESHOLD no score can reach switches automatic rejection off.
 */
export const thresholdValue = z
  .string()
  .trim()
  .min(1, NOT_A_THRESHOLD)
  .transform(Number)
  .pipe(z.number({ error: NOT_A_THRESHOLD }).min(0, NOT_A_THRESHOLD).max(1.0001, NOT_A_THRESHOLD));

/** The ordering rule: nothing may be rejected outright that would not also be held for review. */
export function thresholdsInOrder(t: Partial<Thresholds>): boolean {
  return t.flag === undefined || t.reject === undefined || t.flag <= t.reject;
}
