/**
 * Submission signals that are not in the text (honeypot, timing, repetition, author history) and their fixed
 * log-odds weights. The corpora carry none of these, so the weights are explained priors, not fitted values.
 */

/** Facts about how a comment was submitted, gathered by the API/widget. All optional. */
export interface SubmissionSignals {
  /** Widget honeypot came back filled. */
  honeypotFilled?: boolean;
  /** ms between form render and submit (only when widget supplied a valid signed token). */
  msToSubmit?: number;
  /** How many times the same normalised text was submitted before (on this site). */
  repeatCount?: number;
  /** Author (email) has an earlier approved comment on this site. */
  authorApprovedBefore?: boolean;
  /** A moderator marked an earlier comment of this author (email) on this site spam, and approved none since. */
  authorMarkedSpam?: boolean;
}

/**
 * Log-odds weights. A filled honeypot is a near-certain bot, but a browser autofill can fill it, so it
 * pushes strongly towards reject without being infinite. Sub-2-second submits are out of reach for a person
 * who read the page and typed; 2–5 s is merely suspicious (short replies, pasted text). Repetition grows
 * logarithmically so a popular "thanks!" posted twice is not condemned. Earlier approval is a strong ham cue
 * (roughly one token's worth less than the honeypot) but can be overridden by an obviously spammy text. An author a
 * moderator marked spam is the opposite cue, a little stronger: in the YouTube comments every comment whose author
 * had an earlier spam comment on the same video was spam (20 of 20), so +4 holds such an author's next comment for
 * a moderator even when its text looks like a reader's (at a 10 % site, a text at 2 % goes to about 52 %), and the
 * site's moderators clear it by approving one of the author's comments.
 */
export const SIGNAL_WEIGHTS = Object.freeze({
  honeypot: 8,
  submitUnder2s: 4,
  submitUnder5s: 1.5,
  repeatPerDoubling: 1.2,
  repeatMax: 4,
  authorApproved: -3,
  authorMarkedSpam: 4,
});

/** Log-odds contributions of the given signals, labelled for `reasons`. */
export function signalContributions(signals: SubmissionSignals | undefined): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  if (!signals) return out;
  const w = SIGNAL_WEIGHTS;
  if (signals.honeypotFilled === true) out.push(['honeypot', w.honeypot]);
  const ms = signals.msToSubmit;
  if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) {
    if (ms < 2000) out.push([`fast-submit:${Math.round(ms)}ms`, w.submitUnder2s]);
    else if (ms < 5000) out.push([`fast-submit:${Math.round(ms)}ms`, w.submitUnder5s]);
  }
  const rep = signals.repeatCount;
  if (typeof rep === 'number' && Number.isFinite(rep) && rep >= 1) {
    out.push([`repeated:${Math.floor(rep)}`, Math.min(w.repeatMax, w.repeatPerDoubling * Math.log2(1 + rep))]);
  }
  if (signals.authorApprovedBefore === true) out.push(['author-approved-before', w.authorApproved]);
  if (signals.authorMarkedSpam === true) out.push(['author-marked-spam-before', w.authorMarkedSpam]);
  return out;
}
