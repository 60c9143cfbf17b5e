/**
 * Turns a spam score into a moderation verdict. Thresholds come from the evaluation in docs/classifier.md.
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
 * (docs/classifier.md): at 0.5 no left-out video has more than 0.5 % of its ham held and the Fox News readers
 * 0.1 %, with a margin that 0.4 lacks once a site's prior follows a higher spam rate; 0.3 holds 1.1 % of one video's ham. `reject` stays near certainty and also needs
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

/**
 * Parses FLAG_THRESHOLD / REJECT_THRESHOLD-style strings. Returns an error message instead of throwing so CLIs
 * and config loaders can report it their own way.
 */
export function parseThresholds(flag: string | undefined, reject: string | undefined, defaults: Thresholds = DEFAULT_THRESHOLDS): Thresholds | string {
  const num = (name: string, v: string | undefined, d: number): number | string => {
    if (v === undefined || v.trim() === '') return d;
    const n = Number(v);
    return Number.isFinite(n) && n >= 0 && n <= 1 ? n : `${name} must be a number between 0 and 1, got ${JSON.stringify(v)}`;
  };
  const f = num('FLAG_THRESHOLD', flag, defaults.flag);
  if (typeof f === 'string') return f;
  const r = num('REJECT_THRESHOLD', reject, defaults.reject);
  if (typeof r === 'string') return r;
  if (f > r) return `FLAG_THRESHOLD (${f}) must not exceed REJECT_THRESHOLD (${r})`;
  return { flag: f, reject: r };
}
