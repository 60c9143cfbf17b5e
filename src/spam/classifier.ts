/**
 * Our own naive Bayes scorer: turns a submission's features into a spam probability using the base model's
 * counts, a site's learned moderator counts and the submission signals, and explains the result.
 * Pure and O(features): it only looks up the features the submission has, never scans the vocabulary.
 */
import { extractFeatures, type SubmissionText } from './features.ts';
import { evidenceKind, featurePrior, type EvidenceKind } from './lexicon.ts';
import type { SpamModel } from './spam-model.ts';
import { signalContributions, type SubmissionSignals } from './signals.ts';

export type { SubmissionSignals } from './signals.ts';

/** Counts a site has learned from its moderators, fetched from Redis for just the features of the comment being scored. */
export interface LearnedCounts {
  /** Documents the site's moderators marked spam (net of reversals). */
  spamDocs: number;
  /** Documents the site's moderators approved (net of reversals). */
  hamDocs: number;
  /** Per-feature document counts; features absent from the map count as never seen by the site. */
  tokens: Map<string, { spam: number; ham: number }>;
}

/** Result of scoring one submission. */
export interface ScoreResult {
  /** Probability-like spam score in 0..1. */
  spamScore: number;
  /** The few contributions that drove the score, strongest first, e.g. "token:subscribe +2.1", "links:3". */
  reasons: string[];
  /**
   * The kinds of evidence (words, links, contact channels, business lexicon, shape, author/e-mail, submission
   * signals) that each pushed towards spam by at least STRONG_EVIDENCE. `decide` only rejects without review when
   * there are two or more: a comment whose only evidence is its link is never rejected outright.
   */
  evidenceKinds: string[];
}

/** Log-odds a kind of evidence must add towards spam to count as one of the kinds behind a reject. */
export const STRONG_EVIDENCE = 1.5;

/**
 * Spam rate assumed for a site whose own rate is not known yet: even odds, the mix the calibration is fitted for.
 * Callers that know the site's observed rate pass it as `spamRate`.
 */
export const DEFAULT_SPAM_RATE = 0.5;

/** Tunables of the scorer; defaults were chosen by scripts/bench-classifier.ts (see docs/classifier.md). */
export interface ScoringOptions {
  /** Additive (Laplace/Lidstone) smoothing of per-class document frequencies. */
  alpha: number;
  /**
   * How many site observations of a feature make the site's evidence count as much as the base model's.
   * Small values let a few hundred moderator decisions override the generic prior quickly.
   */
  learnedHalfWeight: number;
  /** Divides the log-odds before the sigmoid, because naive Bayes is overconfident on correlated features. */
  temperature: number;
  /** Weight of the class prior log(spamDocs/hamDocs); 0 treats classes as equally likely a priori. */
  priorWeight: number;
  /**
   * Full Bernoulli NB: also count the evidence of vocabulary features that are absent. Kept O(features) by
   * precomputing the all-absent sum once per model and correcting it for the features present.
   */
  absence: boolean;
  /**
   * 'multinomial' normalises by each class's total feature count (better calibrated when spam and ham
   * documents differ in length); 'bernoulli' by its document count.
   */
  estimator: 'multinomial' | 'bernoulli';
  /**
   * Only the `topK` strongest feature contributions count (0 = all), as in Graham/Robinson filters: weak,
   * common words add noise that grows with comment length.
   */
  topK: number;
  /** Contributions weaker than this (in log-odds) are ignored. */
  minAbsLlr: number;
  /** Number of contributions listed in `reasons`. */
  maxReasons: number;
  /**
   * The site's observed share of spam (0..1), which becomes the prior: the model's evidence is calibrated for a
   * 50/50 mix and this moves it to the site's own. Undefined: DEFAULT_SPAM_RATE. Clamped to 0.005..0.95.
   */
  spamRate?: number;
  /** Apply the model file's calibration (scale and offset of the text evidence); off only for fitting it. */
  calibrate: boolean;
  /** Blend the hand-set priors of lexicon and structure features (lexicon.ts) into their learned evidence. */
  featurePriors: boolean;
}

export const DEFAULT_SCORING_OPTIONS: Readonly<ScoringOptions> = Object.freeze({
  alpha: 1,
  learnedHalfWeight: 3,
  temperature: 1,
  priorWeight: 0,
  absence: false,
  estimator: 'multinomial',
  topK: 0,
  minAbsLlr: 0,
  maxReasons: 5,
  calibrate: true,
  featurePriors: true,
});

/** log(p / (1 - p)) of a spam rate, clamped so a site reporting 0 % or 100 % cannot make evidence irrelevant. */
export function rateLogOdds(rate: number | undefined): number {
  const r = rate === undefined || !Number.isFinite(rate) ? DEFAULT_SPAM_RATE : Math.min(0.95, Math.max(0.005, rate));
  return Math.log(r / (1 - r));
}

/** Log-likelihood ratio of a feature seen in `s` of `S` spam docs and `h` of `H` ham docs (Bernoulli, present-only). */
function llr(s: number, h: number, S: number, H: number, alpha: number): number {
  return Math.log((s + alpha) / (S + 2 * alpha)) - Math.log((h + alpha) / (H + 2 * alpha));
}

/** log((1-p_s)/(1-p_h)) for one feature: the evidence of its absence. */
function absentLlr(s: number, h: number, S: number, H: number, alpha: number): number {
  return Math.log(1 - (s + alpha) / (S + 2 * alpha)) - Math.log(1 - (h + alpha) / (H + 2 * alpha));
}

const totalsCache = new WeakMap<SpamModel, { spam: number; ham: number; vocab: number }>();

/** Total feature counts per class and vocabulary size, computed once per model object. */
export function modelTotals(model: SpamModel): { spam: number; ham: number; vocab: number } {
  let t = totalsCache.get(model);
  if (!t) {
    t = { spam: 0, ham: 0, vocab: model.tokens.size };
    for (const c of model.tokens.values()) {
      t.spam += c[0];
      t.ham += c[1];
    }
    totalsCache.set(model, t);
  }
  return t;
}

interface LlrTable {
  denS: number;
  denH: number;
  alpha: number;
  table: Map<string, number>;
}
const llrCache = new WeakMap<SpamModel, LlrTable>();

/**
 * Base-model log-likelihood ratio of every feature, computed once per model object (O(vocabulary) once) so
 * scoring costs one hash lookup per feature instead of four logarithms. The cache is checked by comparing the
 * parameters as numbers (formatting them into a string key cost more than the lookups themselves).
 */
function llrTable(model: SpamModel, denS: number, denH: number, alpha: number): Map<string, number> {
  const hit = llrCache.get(model);
  if (hit && hit.denS === denS && hit.denH === denH && hit.alpha === alpha) return hit.table;
  const table = new Map<string, number>();
  for (const [f, c] of model.tokens) table.set(f, llr(c[0], c[1], denS, denH, alpha));
  llrCache.set(model, { denS, denH, alpha, table });
  return table;
}

/**
 * Remembers which features were already counted, for caller-supplied lists that may repeat. Only features the
 * model or the site knows reach it (unknown ones are skipped before), so it stays short: a scan up to 32
 * entries, a Set beyond, O(1) per feature either way.
 */
class SeenFeatures {
  private readonly list: string[] = [];
  private set: Set<string> | null = null;
  /** True if `f` was added before; otherwise adds it. */
  check(f: string): boolean {
    const set = this.set;
    if (set) {
      if (set.has(f)) return true;
      set.add(f);
      return false;
    }
    const list = this.list;
    for (let i = 0; i < list.length; i++) if (list[i] === f) return true;
    list.push(f);
    if (list.length > 32) this.set = new Set(list);
    return false;
  }
}

const absenceCache = new WeakMap<SpamModel, { alpha: number; sum: number }>();

/** Sum of absence evidence over the whole vocabulary, computed once per model object (O(vocabulary) once). */
function allAbsentSum(model: SpamModel, alpha: number): number {
  const hit = absenceCache.get(model);
  if (hit && hit.alpha === alpha) return hit.sum;
  let sum = 0;
  for (const c of model.tokens.values()) sum += absentLlr(c[0], c[1], model.spamDocs, model.hamDocs, alpha);
  absenceCache.set(model, { alpha, sum });
  return sum;
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/**
 * `Math.abs(x).toFixed(1)` without the generic number-to-decimal conversion, which was a tenth of the scoring
 * time. Values next to a rounding boundary (or huge) still go through toFixed so the text is always identical.
 */
function fixed1(ax: number): string {
  const t = ax * 10;
  const fl = Math.floor(t);
  const frac = t - fl;
  if (!(ax < 1e9) || Math.abs(frac - 0.5) < 1e-6) return ax.toFixed(1);
  const r = frac > 0.5 ? fl + 1 : fl;
  return `${Math.floor(r / 10)}.${r % 10}`;
}

function fmt(x: number): string {
  return `${x >= 0 ? '+' : '-'}${fixed1(Math.abs(x))}`;
}

/** The k contributions pushing hardest in direction `dir`, strongest first (partial selection, no full sort). */
function topContributions(contribs: ReadonlyArray<[string, number]>, dir: number, k: number): Array<[string, number]> {
  const top: Array<[string, number]> = [];
  for (const e of contribs) {
    const v = e[1] * dir;
    if (v <= 0) continue;
    if (top.length === k && v <= top[k - 1]![1] * dir) continue;
    let i = top.length < k ? top.length : k - 1;
    while (i > 0 && (top[i - 1]![1] * dir < v || (top[i - 1]![1] * dir === v && top[i - 1]![0] > e[0]))) {
      if (i < k) top[i] = top[i - 1]!;
      i--;
    }
    top[i] = e;
    if (top.length > k) top.length = k;
  }
  return top;
}

/** Human-readable name of a feature for `reasons`. */
export function describeFeature(f: string): string {
  if (f.startsWith('b:')) return `bigram:${f.slice(2).replace('_', ' ')}`;
  if (f.includes(':')) return f;
  return `token:${f}`;
}

/** Per-feature contributions of the text (base model, hand-set priors, the site's learned counts), before calibration. */
function textContributions(
  model: SpamModel,
  features: readonly string[],
  o: Readonly<ScoringOptions>,
  learned: LearnedCounts | undefined,
  dedupe: boolean,
  scale: number,
): { contribs: Array<[string, number]>; logit: number; fixed: number } {
  const S = model.spamDocs;
  const H = model.hamDocs;
  const mult = o.estimator === 'multinomial' && !o.absence;
  const tot = mult ? modelTotals(model) : null;
  // Multinomial: same llr formula with "documents" replaced by smoothed class totals.
  const denS = tot ? tot.spam + o.alpha * tot.vocab - 2 * o.alpha : S;
  const denH = tot ? tot.ham + o.alpha * tot.vocab - 2 * o.alpha : H;
  const LS = learned ? Math.max(0, learned.spamDocs) : 0;
  const LH = learned ? Math.max(0, learned.hamDocs) : 0;

  const contribs: Array<[string, number]> = [];
  let logit = 0;
  // The part of the logit that comes from hand-set priors (reported so the calibration can be fitted around it).
  let fixed = 0;
  if (o.priorWeight !== 0 && S > 0 && H > 0) logit += o.priorWeight * Math.log(S / H);
  if (o.absence && S > 0 && H > 0) logit += allAbsentSum(model, o.alpha);
  if (LS + LH > 0) {
    // The site's own spam rate says something too, but only once it has a few decisions.
    const w = (LS + LH) / (LS + LH + 20);
    logit += w * Math.log((LS + 1) / (LH + 1)) * 0.5;
  }

  // Caller-supplied features may repeat; each counts once, as in training.
  // extractFeatures output is already unique; only lists from callers need the check.
  const seen = dedupe ? new SeenFeatures() : null;
  const table = llrTable(model, denS, denH, o.alpha);
  for (let i = 0; i < features.length; i++) {
    const f = features[i]!;
    let baseLlr = table.get(f);
    // Plain words never have a hand-set prior; only prefixed features are looked up.
    const prior = o.featurePriors && f.indexOf(':') > 0 ? featurePrior(f) : undefined;
    const site = learned?.tokens.get(f);
    const siteN = site ? Math.max(0, site.spam) + Math.max(0, site.ham) : 0;
    if (baseLlr === undefined && siteN === 0 && prior === undefined) continue;
    if (seen?.check(f)) continue;
    // Learned evidence is scaled by the calibration; hand-set priors are log-odds already and are not.
    if (baseLlr !== undefined) baseLlr *= scale;
    if (prior !== undefined) {
      // The hand-set prior is a floor (a ceiling for ham cues): the corpora can show a family is stronger than
      // its prior, but a family the corpora's hams happen to share ("from home" in text messages) keeps its prior.
      if (baseLlr === undefined || (prior >= 0 ? baseLlr < prior : baseLlr > prior)) {
        baseLlr = prior;
        fixed += prior;
      }
    }
    let c = baseLlr ?? 0;
    const base = o.absence ? model.tokens.get(f) : undefined;
    if (base && o.absence) {
      const a = absentLlr(base[0], base[1], S, H, o.alpha);
      logit -= a;
      c -= a;
    }
    if (site && siteN > 0) {
      const lam = siteN / (siteN + o.learnedHalfWeight);
      const cs = llr(Math.max(0, site.spam), Math.max(0, site.ham), LS, LH, o.alpha);
      c = baseLlr !== undefined ? (1 - lam) * c + lam * cs : lam * cs;
    }
    if (c === 0 || Math.abs(c) < o.minAbsLlr) continue;
    contribs.push([f, c]);
  }
  if (o.topK > 0 && contribs.length > o.topK) {
    contribs.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    contribs.length = o.topK;
  }
  for (const [, c] of contribs) logit += c;
  return { contribs, logit, fixed };
}

/**
 * The uncalibrated evidence of the text alone (no prior, no signals, no site counts), split into the part learned
 * from data (`learned`, which the calibration scales) and the hand-set priors (`fixed`): what the calibration is
 * fitted on.
 */
export function textEvidence(model: SpamModel, features: readonly string[], scoring?: Partial<ScoringOptions>): { learned: number; fixed: number } {
  const o = scoring ? { ...DEFAULT_SCORING_OPTIONS, ...scoring } : DEFAULT_SCORING_OPTIONS;
  const r = textContributions(model, features, o, undefined, false, 1);
  return { learned: r.logit - r.fixed, fixed: r.fixed };
}

/**
 * Scores a submission. The base model gives each feature a log-likelihood ratio; where the site has learned
 * counts for that feature, its own ratio is blended in with weight n/(n + learnedHalfWeight), n being how
 * often the site saw the feature, so features the site never saw keep the generic evidence unchanged and
 * no bias comes from the site's spam/ham mix. The text evidence is then calibrated (the model file's scale and
 * offset, fitted on sources the model did not see), the site's spam rate added as the prior, and the
 * submission signals on top.
 */
export function scoreSubmission(
  model: SpamModel,
  sub: SubmissionText,
  opts: { signals?: SubmissionSignals; learned?: LearnedCounts; features?: string[]; scoring?: Partial<ScoringOptions> } = {},
): ScoreResult {
  const o = opts.scoring ? { ...DEFAULT_SCORING_OPTIONS, ...opts.scoring } : DEFAULT_SCORING_OPTIONS;
  const features = opts.features ?? extractFeatures(sub);
  const cal = o.calibrate ? model.calibration : undefined;
  const { contribs, logit: textLogit } = textContributions(model, features, o, opts.learned, opts.features !== undefined, cal ? cal.scale : 1);
  let logit = textLogit + (cal ? cal.offset : 0) + rateLogOdds(o.spamRate);

  const signals = signalContributions(opts.signals);
  for (const [, c] of signals) logit += c;

  const z = logit / o.temperature;
  const spamScore = sigmoid(z);
  // Reasons explain the direction the score went: the strongest contributions on the winning side first.
  // Signals are always named when they point the same way, since moderators cannot see them in the text.
  const dir = z >= 0 ? 1 : -1;
  const top = topContributions(contribs, dir, o.maxReasons);
  const reasons: string[] = [];
  for (const [n, c] of signals) if (c * dir > 0) reasons.push(`${n} ${fmt(c / o.temperature)}`);
  for (const [f, c] of top) if (reasons.length < o.maxReasons) reasons.push(`${describeFeature(f)} ${fmt(c / o.temperature)}`);
  return { spamScore, reasons, evidenceKinds: strongKinds(contribs, signals) };
}

/** The kinds of evidence that each add at least STRONG_EVIDENCE towards spam (see ScoreResult.evidenceKinds). */
function strongKinds(contribs: ReadonlyArray<[string, number]>, signals: ReadonlyArray<[string, number]>): string[] {
  const sums = new Map<EvidenceKind | 'signals', number>();
  for (const [f, c] of contribs) {
    const k = evidenceKind(f);
    sums.set(k, (sums.get(k) ?? 0) + c);
  }
  let sig = 0;
  for (const [, c] of signals) sig += c;
  if (sig !== 0) sums.set('signals', sig);
  const out: string[] = [];
  for (const [k, v] of sums) if (v >= STRONG_EVIDENCE) out.push(k);
  return out.sort();
}
