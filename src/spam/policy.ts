/**
 * Turns a spam score into a moderation verdict. Thresholds come from the evaluation in docs/classifier.md.
 * The ordering rule for thresholds lives here once (parsing one from text is threshold-value.ts); config, the CLIs
 * and per-site overrides all use them. No dependencies: the classify CLI loads this without the config schema.
 */

export type Verdict = 'publish' | 'flag' | 'reject';

/** Score cut-offs: below `flag` publishes, at or above `reject` goes straight to spam, in between waits for a moderator. */
export interface Thresholds {
  flag: number;
  reject: number;
}

/**
 * Scores are calibrated probabilities at the site's spam rate, so `flag` 0.5 holds a comment for a moderator when
 * it is more likely spam than not. Chosen by leave-one-source-out evaluation of the default recipe at 10 % spam
 * (docs/classifier.md): at 0.5 no left-out video has any of its ham held nor the Fox News readers any, with a margin
 * for a site whose prior follows a higher spam rate; 0.3 holds 0.5 % of two videos' ham, 0.2 over 1 % of one. `reject` stays near certainty and also needs
 * two kinds of evidence (see decide), so only blatant spam skips the moderator.
 */
export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({ flag: 0.5, reject: 0.999 });

/**
 * The verdict for a score. With `evidenceKinds` (from ScoreResult), rejecting without review also needs strong
 * evidence of two different kinds (say spammy words and a contact channel, or a shortener and a filled honeypot):
 * a score that high from one kind alone, such as links, goes to a moderator instead. A reject threshold of 0
 * rejects every comment, as configured.
 */
export function decide(spamScore: number, t: Thresholds, evidenceKinds?: readonly string[]): Verdict {
  // A reject threshold of 0 is an operator's explicit "reject everything": no evidence rule applies.
  if (spamScore >= t.reject && (t.reject <= 0 || evidenceKinds === undefined || evidenceKinds.length >= 2)) return 'reject';
  if (spamScore >= t.flag) return 'flag';
  return 'publish';
}

/** The ordering rule: nothing may be rejected outright that would not also be held for review. */
export function thresholdsInOrder(t: Partial<Thresholds>): boolean {
  return t.flag === undefined || t.reject === undefined || t.flag <= t.reject;
}
