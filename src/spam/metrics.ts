/**
 * Binary classification metrics for spam scores: confusion-matrix figures at a threshold, ROC AUC, and the
 * lowest threshold that keeps the ham-blocked rate under a target. Shared by the evaluate CLI and the bench.
 */

/** A score with its true label (true = spam). */
export interface Scored {
  score: number;
  spam: boolean;
}

export interface Metrics {
  n: number;
  spam: number;
  ham: number;
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  mcc: number;
  /** Share of ham scored at or above the threshold (false-positive rate). */
  hamBlocked: number;
  /** Share of spam scored at or above the threshold (recall). */
  spamCaught: number;
  rocAuc: number;
}

const div = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** ROC AUC by the rank-sum (Mann–Whitney) formula, ties counted half. */
export function rocAuc(items: readonly Scored[]): number {
  const sorted = [...items].sort((a, b) => a.score - b.score);
  let rankSumSpam = 0;
  let nSpam = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]!.score === sorted[i]!.score) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (sorted[k]!.spam) {
        rankSumSpam += avgRank;
        nSpam++;
      }
    }
    i = j + 1;
  }
  const nHam = sorted.length - nSpam;
  if (nSpam === 0 || nHam === 0) return NaN;
  return (rankSumSpam - (nSpam * (nSpam + 1)) / 2) / (nSpam * nHam);
}

/** Confusion-matrix metrics when everything scoring >= threshold counts as spam. */
export function metricsAt(items: readonly Scored[], threshold: number, auc = rocAuc(items)): Metrics {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (const it of items) {
    const pred = it.score >= threshold;
    if (pred && it.spam) tp++;
    else if (pred) fp++;
    else if (it.spam) fn++;
    else tn++;
  }
  const precision = div(tp, tp + fp);
  const recall = div(tp, tp + fn);
  const mccDen = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  return {
    n: items.length,
    spam: tp + fn,
    ham: tn + fp,
    threshold,
    tp, fp, tn, fn,
    accuracy: div(tp + tn, items.length),
    precision,
    recall,
    f1: div(2 * precision * recall, precision + recall),
    mcc: div(tp * tn - fp * fn, mccDen),
    hamBlocked: div(fp, tn + fp),
    spamCaught: recall,
    rocAuc: auc,
  };
}

/**
 * The lowest threshold (so the most spam caught) at which at most `maxHamBlocked` of ham scores >= it.
 * Returned as a score value just above the offending ham score; 1 if even that is impossible.
 */
export function thresholdForHamBlocked(items: readonly Scored[], maxHamBlocked: number): number {
  const ham = items.filter((i) => !i.spam).map((i) => i.score).sort((a, b) => b - a);
  if (ham.length === 0) return 0;
  const allowed = Math.floor(maxHamBlocked * ham.length + 1e-9);
  // Blocking the `allowed` highest ham is fine; the next one must fall below the threshold.
  const firstUnblocked = ham[allowed];
  if (firstUnblocked === undefined) return 0;
  const t = nextUp(firstUnblocked);
  return t > 1 ? 1 : t;
}

/** Smallest double greater than x (so `score >= t` excludes x itself). */
function nextUp(x: number): number {
  if (x >= 1) return 1 + Number.EPSILON;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  if (x === 0) return Number.MIN_VALUE;
  buf.setBigUint64(0, buf.getBigUint64(0) + 1n);
  return buf.getFloat64(0);
}
