/**
 * Per-site adaptation before (and alongside) moderator decisions: semi-supervised naive Bayes with EM over the
 * site's own unlabelled comments (Nigam, McCallum, Thrun, Mitchell, "Text Classification from Labeled and
 * Unlabeled Documents using EM", Machine Learning 39, 2000), run online: every comment the site receives is
 * scored with the current model (E-step) and its features are added to the site's soft counts with its
 * posterior as a fractional label (M-step, stepwise EM). Unlabelled documents weigh λ < 1 of a labelled one
 * (Nigam's EM-λ), so moderator decisions always outvote them.
 *
 * Bounded per site: when the soft document total passes `windowDocs` or the vocabulary passes `maxFeatures`,
 * every soft count is multiplied by `decay` and counts below `minCount` are dropped, so memory and the cost
 * of one update stay bounded and old comments fade (the window follows the site's recent comments).
 * Pure: the stores call these functions (in Lua on Redis, directly in memory).
 */

/** Fractional spam/ham document counts learned from unlabelled comments. */
export interface SoftCounts {
  spamDocs: number;
  hamDocs: number;
  tokens: Map<string, { spam: number; ham: number }>;
  /**
   * Comments ever observed (before any decay). With the window's documents it tells how much of one observed comment
   * the counts still hold, which is what a moderator decision on that comment takes out of them (the scorer's
   * 'subtract'). Absent: as if the window had never decayed.
   */
  observed?: number;
}

export interface AdaptationOptions {
  /** Weight of one unlabelled comment relative to one moderator decision (Nigam's λ). */
  unlabelledWeight: number;
  /** Soft documents kept before the counts decay: the "recent comments" window. */
  windowDocs: number;
  /** Distinct soft features kept per site before the counts decay. */
  maxFeatures: number;
  /** Factor applied to every soft count when a bound is hit. */
  decay: number;
  /** Soft counts below this are dropped at decay time. */
  minCount: number;
  /**
   * Posteriors are clipped to [confidenceFloor, 1 - confidenceFloor] before they are counted, so a single
   * confident mistake cannot write a full document's worth of wrong evidence.
   */
  confidenceFloor: number;
}

export const DEFAULT_ADAPTATION_OPTIONS: Readonly<AdaptationOptions> = Object.freeze({
  unlabelledWeight: 0.3,
  windowDocs: 5000,
  maxFeatures: 30000,
  decay: 0.5,
  minCount: 0.1,
  confidenceFloor: 0.02,
});

/** The soft label (probability of spam) an unlabelled comment is counted with. */
export function softLabel(posterior: number, o: Readonly<AdaptationOptions> = DEFAULT_ADAPTATION_OPTIONS): number {
  if (!Number.isFinite(posterior)) return 0.5;
  return Math.min(1 - o.confidenceFloor, Math.max(o.confidenceFloor, posterior));
}

export function emptySoftCounts(): SoftCounts {
  return { spamDocs: 0, hamDocs: 0, tokens: new Map() };
}

/**
 * M-step for one comment, in place: its features count `p` of a spam document and `1 - p` of a ham one.
 * O(features), plus an O(vocabulary) decay when a bound is hit (amortised O(1) per comment, since a decay
 * halves the totals). Returns true when a decay happened.
 */
export function observeSoft(
  counts: SoftCounts,
  features: readonly string[],
  posterior: number,
  o: Readonly<AdaptationOptions> = DEFAULT_ADAPTATION_OPTIONS,
): boolean {
  const p = softLabel(posterior, o);
  counts.observed = (counts.observed ?? 0) + 1;
  counts.spamDocs += p;
  counts.hamDocs += 1 - p;
  for (const f of features) {
    let c = counts.tokens.get(f);
    if (!c) {
      c = { spam: 0, ham: 0 };
      counts.tokens.set(f, c);
    }
    c.spam += p;
    c.ham += 1 - p;
  }
  if (counts.spamDocs + counts.hamDocs <= o.windowDocs && counts.tokens.size <= o.maxFeatures) return false;
  decaySoft(counts, o);
  return true;
}

/** Multiplies every soft count by `decay` and drops the ones that fall below `minCount`. */
export function decaySoft(counts: SoftCounts, o: Readonly<AdaptationOptions> = DEFAULT_ADAPTATION_OPTIONS): void {
  counts.spamDocs *= o.decay;
  counts.hamDocs *= o.decay;
  for (const [f, c] of counts.tokens) {
    c.spam *= o.decay;
    c.ham *= o.decay;
    if (c.spam + c.ham < o.minCount) counts.tokens.delete(f);
  }
}

/**
 * The site's spam rate as observed so far: the EM estimate of the class prior (mean posterior of its recent
 * comments) with the moderator-labelled documents added, shrunk towards `baseRate` by `pseudoDocs` so the
 * first few comments cannot swing it. Undefined when the site has seen nothing.
 */
export function observedSpamRate(
  labelled: { spamDocs: number; hamDocs: number },
  soft: { spamDocs: number; hamDocs: number } | undefined,
  baseRate: number,
  pseudoDocs = 50,
): number | undefined {
  const s = Math.max(0, labelled.spamDocs) + Math.max(0, soft?.spamDocs ?? 0);
  const h = Math.max(0, labelled.hamDocs) + Math.max(0, soft?.hamDocs ?? 0);
  if (s + h <= 0) return undefined;
  return (s + pseudoDocs * baseRate) / (s + h + pseudoDocs);
}
