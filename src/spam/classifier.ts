/**
 * Our own naive Bayes scorer: turns a submission's features into a spam probability using the base model's
 * counts, a site's learned moderator counts and the submission signals, and explains the result.
 * Pure and O(features): it only looks up the features the submission has, never scans the vocabulary.
 */
import { extractFeatures, extractFeaturesWithSlots, WordSlotList, type SubmissionText } from './features.ts';
import type { WordSlot } from './word-slots.ts';
import { evidenceKind, featurePrior, isStructureFeature, type EvidenceKind } from './lexicon.ts';
import type { SpamModel } from './spam-model.ts';
import { signalContributions, type SubmissionSignals } from './signals.ts';
import { isStopword } from './stopwords.ts';
import { isPhraseFeature } from './site-phrases.ts';
import { DEFAULT_ADAPTATION_OPTIONS, observedSpamRate, type SoftCounts } from './site-adaptation.ts';

export type { SubmissionSignals } from './signals.ts';

/** Counts a site has learned from its moderators, fetched from Redis for just the features of the comment being scored. */
export interface LearnedCounts {
  /** Documents the site's moderators marked spam (net of reversals). */
  spamDocs: number;
  /** Documents the site's moderators approved (net of reversals). */
  hamDocs: number;
  /** Per-feature document counts; features absent from the map count as never seen by the site. */
  tokens: Map<string, { spam: number; ham: number }>;
  /**
   * How many of spamDocs + hamDocs the worker never observed (site-backend feedback): they are not in the
   * unlabelled counts, so deciding them takes nothing out of those. Absent: every decision was observed.
   */
  unobservedDocs?: number;
  /**
   * Fractional counts from the site's unlabelled comments (EM, see site-adaptation.ts), for the same features.
   * They join the moderator counts at `unlabelledWeight` per document.
   */
  unlabelled?: SoftCounts;
}

/**
 * Adds one moderator decision to in-process counts, as the learning store does (benchmarks and tests); `weight` counts
 * it that many times (fractional for measurement, scripts/bench-site-adaptation.ts addWeightedDecision).
 */
export function addDecision(learned: LearnedCounts, label: 'spam' | 'ham', features: readonly string[], weight = 1): void {
  if (label === 'spam') learned.spamDocs += weight;
  else learned.hamDocs += weight;
  for (const f of features) {
    const c = learned.tokens.get(f) ?? { spam: 0, ham: 0 };
    c[label] += weight;
    learned.tokens.set(f, c);
  }
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
 * Spam rate assumed for a site whose own rate is not known yet (ScoringOptions.defaultSpamRate), and what a
 * site's observed rate is shrunk towards: one comment in ten, the rate of a comment section that gets spam at all
 * (a gaming video's comments run at about that). The calibration is fitted for even odds and the prior moves it to
 * this rate, so a new site's scores are probabilities for a 10 % site until its own rate is known.
 */
export const DEFAULT_SPAM_RATE = 0.1;

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
  /** 'blend': n/(n + learnedHalfWeight) mix of base and site ratios; 'map': site counts update the base as a Dirichlet prior of `sitePriorDocs` documents. */
  siteMethod: 'blend' | 'map';
  /** How many site documents the base model's per-class feature rates are worth ('map'). */
  sitePriorDocs: number;
  /**
   * How the smoothing of a site's per-class feature rates ('map', `siteSmoothingDocs` pseudo-documents) is split.
   * 'class-share' splits them between the classes by the site's moderator decisions, the spam class getting at most
   * half; 'even' gives each class half, which on a site with few spam decisions makes a word its moderators approved
   * a few times look like spam (kept to measure against).
   */
  siteSmoothing: 'class-share' | 'even';
  /**
   * How unlabelled counts are split between the classes: 'em' uses each comment's posterior (Nigam's EM,
   * online); 'moments' keeps only the site's spam share from EM and attributes to spam what the base model's
   * spam rates explain, the rest of each feature's frequency to the site's readers.
   */
  unlabelledMethod: 'em' | 'moments';
  /**
   * How a moderator decision and the site's unlabelled counts share a feature. 'divide' divides the feature's
   * unlabelled weight by (1 + decisions on it); 'subtract' takes the decided comments out of the unlabelled counts
   * (the worker observed them before anyone decided them), so a decision replaces its comment's soft label.
   */
  decidedUnlabelled: 'divide' | 'subtract';
  /**
   * Smoothing pseudo-documents of a site's per-class feature rates, both classes together ('map'; split between
   * them by `siteSmoothing`). The base model's rates are the prior already (`sitePriorDocs`); what this adds is a
   * feature in half of each class's documents, which pulls every site count towards "no evidence". For moderator
   * decisions one: Jeffreys' Beta(½, ½) per class (two, add-one, cost accuracy and held more ham on every protocol
   * with decisions in docs/classifier.md).
   */
  siteSmoothingDocs: number;
  /**
   * The same for the site's unlabelled counts, whose labels are estimates: two (add-one). Where a site has both, the
   * smoothing is the mean of the two weighted by each kind's share of the site's counts.
   */
  unlabelledSmoothingDocs: number;
  /**
   * Approved comments (the site's ham decisions) at which the base model's ham evidence for a word the site has never
   * seen (no counts of it in its decisions or in its unlabelled comments) counts half: it is multiplied by
   * k / (k + approvals), 0 = never. What marks a comment as a reader's is the readers' vocabulary, and that is each
   * site's own: the base model learned it from other sources' readers (text messages, news readers, other videos),
   * and a site whose moderators have approved hundreds of its readers' comments without meeting a word has shown
   * that the word is not its readers'. Counted in approvals, not in all decisions: a site whose moderators mostly
   * decide spam has not shown its readers' words (measured in docs/classifier.md). Spam evidence keeps its weight,
   * as spam looks alike on every site (the assumption of 'moments' too). Plain words only: structural features
   * (links, lexicon families, contact channels) keep their evidence.
   */
  unseenHamWordDocs: number;
  /** Upper bound of the spam share used by 'moments', so a base model that holds everything cannot claim it all. */
  maxSoftSpamShare: number;
  /** Weight of one unlabelled (EM) document against one moderator decision, once the window is full. */
  unlabelledWeight: number;
  /** Soft documents a feature needs on the site before its unlabelled counts are used. */
  minUnlabelledDocs: number;
  /** Soft documents the site needs before its unlabelled comments are used at all. */
  minWindowDocs: number;
  /** Unlabelled documents at which they count half of `unlabelledWeight`. */
  unlabelledWarmup: number;
  /**
   * The site's spam rate (0..1), which becomes the prior, when the caller knows it. Undefined: estimated from the
   * site's counts (moderator decisions and the EM share of its unlabelled comments, shrunk towards
   * `defaultSpamRate` by `siteRatePseudoDocs`), or `defaultSpamRate` for a site with no counts yet.
   * Clamped to 0.005..0.95.
   */
  spamRate?: number;
  /** The spam rate assumed for a site that has seen nothing yet, and what its observed rate is shrunk towards. */
  defaultSpamRate: number;
  /** How many documents of `defaultSpamRate` the site's observed rate starts from, so its first comments cannot swing it. */
  siteRatePseudoDocs: number;
  /** Apply the model file's calibration (scale and offset of the text evidence); off only for fitting it. */
  calibrate: boolean;
  /**
   * Apply the calibration's scale to the site's counts too: naive Bayes double-counts correlated features in a
   * site's comments as it does in the corpora, so the site's evidence is scaled like the base model's.
   */
  calibrateSite: boolean;
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
  siteMethod: 'map',
  sitePriorDocs: 10,
  siteSmoothing: 'class-share',
  unlabelledMethod: 'moments',
  decidedUnlabelled: 'subtract',
  siteSmoothingDocs: 1,
  unlabelledSmoothingDocs: 2,
  unseenHamWordDocs: 100,
  maxSoftSpamShare: 0.5,
  unlabelledWeight: DEFAULT_ADAPTATION_OPTIONS.unlabelledWeight,
  unlabelledWarmup: 100,
  minUnlabelledDocs: 3,
  minWindowDocs: 50,
  defaultSpamRate: DEFAULT_SPAM_RATE,
  siteRatePseudoDocs: 50,
  calibrate: true,
  calibrateSite: true,
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

/**
 * What the base model and the hand-set priors say about one feature before any site counts (the calibrated
 * contribution and which part of the evidence it belongs to, see textContributions), and what explaining it needs
 * (its kind of evidence, whether it may be named, its name in the reasons), worked out once per feature.
 */
interface FeatureWeight {
  /** The learned ratio times its calibration slope, or the hand-set prior where that is the floor. */
  readonly c: number;
  /** PART_*: where `c` is summed besides the logit. */
  readonly part: number;
  /** Index of its kind of evidence in KIND_NAMES. */
  readonly kind: number;
  /** isExplanatory: may be named in the reasons. */
  readonly shown: boolean;
  /** `shown` and strong enough to be worth a reason line as it stands (|c| ≥ MIN_REASON_LLR). */
  readonly named: boolean;
  /** describeFeature: its name in the reasons, worked out when first needed (most features are never named). */
  label: string | undefined;
  /**
   * Its reason line at temperature `reasonTemperature` when it contributes exactly `c` (no site counts moved it),
   * made when first named: a feature named again costs no formatting (most features are never named).
   */
  reason?: string;
  reasonTemperature?: number;
}
/** Learned evidence of a word, domain or shape feature (word slope). */
const PART_WORD = 0;
/** Learned evidence of a structural feature (structure slope). */
const PART_STRUCTURE = 1;
/** A hand-set prior, already in log-odds. */
const PART_PRIOR = 2;
/** No base weight: a feature only the site's counts know. */
const PART_NONE = 3;

interface WeightTable {
  /** Unique per table (nextWeightTableId): what a word slot remembers its weight's table by (word-slots.ts). */
  id: number;
  denS: number;
  denH: number;
  alpha: number;
  scale: number;
  structureScale: number;
  priors: boolean;
  table: Map<string, FeatureWeight>;
}
const weightCache = new WeakMap<SpamModel, WeightTable>();
/** Last weight table id handed out; ids start at 1, so a word slot's 0 matches no table. */
let lastWeightTableId = 0;

/**
 * Base-model weights per model object and scoring parameters: a feature's weight (two logarithms, its calibration
 * slope, its hand-set prior) and its explanation are worked out once and then cost one hash lookup, so the scoring
 * loop does no string work per feature. Filled lazily: a CLI run or a worker that scores a few comments pays only
 * for the features it meets (filling it for the whole vocabulary at load was measured: no faster per comment). Only
 * features the model or the priors know are kept, so the table never outgrows the vocabulary. The cache is
 * checked by comparing the parameters as numbers (formatting them into a string key cost more than the lookups).
 */
function weightTable(model: SpamModel, denS: number, denH: number, alpha: number, scale: number, structureScale: number, priors: boolean): WeightTable {
  const hit = weightCache.get(model);
  if (hit && hit.denS === denS && hit.denH === denH && hit.alpha === alpha && hit.scale === scale && hit.structureScale === structureScale && hit.priors === priors) {
    return hit;
  }
  const t: WeightTable = { id: ++lastWeightTableId, denS, denH, alpha, scale, structureScale, priors, table: new Map() };
  weightCache.set(model, t);
  return t;
}

/** The base weight of `f` (undefined when neither the model nor a hand-set prior knows it), memoised in `t`. */
function baseWeightOf(model: SpamModel, t: WeightTable, f: string): FeatureWeight | undefined {
  const hit = t.table.get(f);
  if (hit !== undefined) return hit;
  const counts = model.tokens.get(f);
  const colon = f.indexOf(':');
  if (colon < 0) {
    // A plain word (most features): no hand-set prior, the word slope, a word as evidence, shown unless a stopword.
    if (counts === undefined) return undefined;
    const c = llr(counts[0], counts[1], t.denS, t.denH, t.alpha) * t.scale;
    const shown = !isStopword(f);
    const w: FeatureWeight = {
      c,
      part: PART_WORD,
      kind: KIND_WORDS,
      shown,
      named: shown && Math.abs(c) >= MIN_REASON_LLR,
      label: undefined,
      reason: undefined,
      reasonTemperature: undefined,
    };
    t.table.set(f, w);
    return w;
  }
  // Plain words never have a hand-set prior; only prefixed features are looked up.
  const prior = t.priors && colon > 0 ? featurePrior(f) : undefined;
  if (counts === undefined && prior === undefined) return undefined;
  // Learned evidence is scaled by the calibration (words and structural features each by their own slope); hand-set
  // priors are log-odds already and are not.
  const struct = isStructureFeature(f);
  const learned = counts === undefined ? undefined : llr(counts[0], counts[1], t.denS, t.denH, t.alpha) * (struct ? t.structureScale : t.scale);
  // The hand-set prior is a floor (a ceiling for ham cues): the corpora can show a family is stronger than
  // its prior, but a family the corpora's hams happen to share ("from home" in text messages) keeps its prior.
  const w =
    prior !== undefined && (learned === undefined || (prior >= 0 ? learned < prior : learned > prior))
      ? featureWeight(f, prior, PART_PRIOR)
      : featureWeight(f, learned!, struct ? PART_STRUCTURE : PART_WORD);
  t.table.set(f, w);
  return w;
}

function featureWeight(f: string, c: number, part: number): FeatureWeight {
  const shown = isExplanatory(f);
  return { c, part, kind: kindIndex(evidenceKind(f)), shown, named: shown && Math.abs(c) >= MIN_REASON_LLR, label: undefined, reason: undefined, reasonTemperature: undefined };
}

/** The name of contribution i in the reasons. */
function labelOf(i: number): string {
  const info = cInfo[i]!;
  return (info.label ??= describeFeature(cFeat[i]!));
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

/**
 * An empty array whose elements are stored as references, not as raw doubles (it held a non-number once, and V8 never
 * turns an array back to raw doubles). Baseline code, which a short batch runs, keeps every number boxed: storing one
 * in such an array keeps its box, and reading it back allocates nothing, where a raw-double array re-boxes every value
 * read (the selection of the reasons reads each several times: about 0.4 KB of garbage per comment). Optimised code
 * (the worker) measured no slower with it.
 */
function boxedNumbers(): number[] {
  const a: unknown[] = [undefined];
  a.pop();
  return a as number[];
}

/**
 * The contributions of one comment, in scratch arrays shared by every call (scoring is synchronous and nothing keeps
 * them past scoreSubmission): entry i is feature cFeat[i] with contribution cVal[i] and what explaining it needs in
 * cInfo[i]. Parallel arrays instead of a [feature, value] pair per feature: no allocation per feature (the values in an
 * array of boxed numbers, see boxedNumbers).
 */
const cFeat: string[] = [];
const cVal: number[] = boxedNumbers();
const cInfo: FeatureWeight[] = [];
let cCount = 0;

function resetContributions(): void {
  cCount = 0;
}

function pushContribution(f: string, c: number, info: FeatureWeight): void {
  cFeat[cCount] = f;
  cVal[cCount] = c;
  cInfo[cCount] = info;
  cCount++;
}

/**
 * The k entries of `from` (indexes into the contributions, `n` of them) pushing hardest in direction `dir`, strongest
 * first, ties by feature name; written to `out`, their number returned (partial selection, no full sort).
 */
function selectTop(from: readonly number[], n: number, dir: number, k: number, out: number[]): number {
  let len = 0;
  if (k <= 0) return 0;
  // The values are compared as they are, with the comparison turned for dir -1, rather than multiplied by dir: the same
  // order (dir is ±1), and no product, which baseline code (a short batch) allocates a heap number for.
  const up = dir > 0;
  for (let j = 0; j < n; j++) {
    const e = from[j]!;
    const v = cVal[e]!;
    if (up ? v <= 0 : v >= 0) continue;
    if (len === k && (up ? v <= cVal[out[k - 1]!]! : v >= cVal[out[k - 1]!]!)) continue;
    let i = len < k ? len : k - 1;
    while (i > 0) {
      const prev = out[i - 1]!;
      const pv = cVal[prev]!;
      if (!((up ? pv < v : pv > v) || (pv === v && cFeat[prev]! > cFeat[e]!))) break;
      if (i < k) out[i] = prev;
      i--;
    }
    out[i] = e;
    if (len < k) len++;
  }
  return len;
}

/** False for features that explain nothing to a person: stopwords, and bigrams made only of stopwords. */
export function isExplanatory(f: string): boolean {
  // A site phrase is a hash: it cannot be shown to a moderator.
  if (isPhraseFeature(f)) return false;
  if (f.startsWith('b:')) {
    const i = f.indexOf('_', 2);
    return i < 0 || !isStopword(f.slice(2, i)) || !isStopword(f.slice(i + 1));
  }
  if (f.includes(':')) return true;
  return !isStopword(f);
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
  siteScale: number,
  structureScale: number = scale,
): { logit: number; fixed: number; structure: number } {
  const S = model.spamDocs;
  const H = model.hamDocs;
  const mult = o.estimator === 'multinomial' && !o.absence;
  const tot = mult ? modelTotals(model) : null;
  // Multinomial: same llr formula with "documents" replaced by smoothed class totals.
  const denS = tot ? tot.spam + o.alpha * tot.vocab - 2 * o.alpha : S;
  const denH = tot ? tot.ham + o.alpha * tot.vocab - 2 * o.alpha : H;
  const soft = learned?.unlabelled;
  const softTotal = soft ? Math.max(0, soft.spamDocs) + Math.max(0, soft.hamDocs) : 0;
  // Unlabelled comments speak as a body of evidence, not one by one: their weight grows with how many there are.
  const lu = soft && softTotal >= o.minWindowDocs ? (o.unlabelledWeight * softTotal) / (softTotal + o.unlabelledWarmup) : 0;
  // Site evidence: moderator counts plus λ-weighted EM counts over the site's unlabelled comments.
  const decS = learned ? Math.max(0, learned.spamDocs) : 0;
  const decH = learned ? Math.max(0, learned.hamDocs) : 0;
  // 'subtract': the worker observed every comment it decided before a moderator decided it, so the decided comments
  // are in the unlabelled counts too, at what is left of them after the window's decay (on average window / observed).
  // Taking them out lets a decision replace its comment's soft label instead of silencing every other comment that
  // shares a word with it.
  // Feedback labels of comments the worker never saw are not in the unlabelled counts: only the observed share of
  // the decisions is taken out, spread over the features in proportion (the counts do not say which ones they were).
  const unobserved = Math.min(decS + decH, Math.max(0, learned?.unobservedDocs ?? 0));
  const observedShare = decS + decH > 0 ? 1 - unobserved / (decS + decH) : 1;
  const taken = o.decidedUnlabelled === 'subtract' && soft ? decidedShare(soft, softTotal) * observedShare : 0;
  const softN = Math.max(0, softTotal - taken * (decS + decH));
  // 'moments': the spam class keeps the base model's feature rates (spam looks alike everywhere) at the site's
  // spam share r, so whatever part of a feature's frequency on the site spam cannot explain is its readers' (ham).
  const moments = o.unlabelledMethod === 'moments' && softTotal > 0;
  const r = moments ? Math.min(o.maxSoftSpamShare, Math.max(0.01, Math.max(0, soft!.spamDocs) / softTotal)) : 0;
  const softS = moments ? r * softN : Math.max(0, (soft?.spamDocs ?? 0) - taken * decS);
  const softH = moments ? (1 - r) * softN : Math.max(0, (soft?.hamDocs ?? 0) - taken * decH);
  const LS = learned ? decS + lu * softS : 0;
  const LH = learned ? decH + lu * softH : 0;
  // The site's smoothing pseudo-documents ('map', `siteSmoothingDocs`). Split evenly, they made a word that a site with
  // one spam decision in ten had only seen approved look like spam until it had been approved about nine times (1 / LS
  // against (k + 1) / LH with one per class): the site's readers' words were held, not learned. Where spam is the
  // minority of its decisions they are split by the decisions; the spam class never gets more than half of them,
  // because a site whose decisions are mostly spam is one whose moderators decide what was held, and its few
  // approvals cannot show that a word is not its readers' (splitting there held several times more of the videos' ham
  // in that simulation). By decisions only: the EM share of unlabelled comments is an estimate, and splitting by it let
  // the 'moments' counts talk a site out of spam the base model does not know (the text messages as a site, 17 % → 0 %
  // caught from unlabelled comments). Moderator decisions are labels, the unlabelled counts estimates: each kind of
  // evidence brings its own number of pseudo-documents, in proportion to its weight in the site's counts.
  const softWeight = lu * softN;
  const smoothDocs = softWeight > 0 ? (o.siteSmoothingDocs * (decS + decH) + o.unlabelledSmoothingDocs * softWeight) / (decS + decH + softWeight) : o.siteSmoothingDocs;
  const smoothS = (smoothDocs / 2) * (o.siteSmoothing === 'even' ? 1 : Math.min(1, (2 * (decS + 1)) / (decS + decH + 2)));
  // How much of the base model's ham evidence a word the site has never seen keeps (unseenHamWordDocs): the site's
  // approvals show its readers' words.
  const unseenHam = o.unseenHamWordDocs > 0 ? o.unseenHamWordDocs / (o.unseenHamWordDocs + decH) : 1;

  resetContributions();
  let logit = 0;
  // The part of the logit that comes from hand-set priors (reported so the calibration can be fitted around it).
  let fixed = 0;
  // The part learned from data for structural features (links, contacts, lexicon, shape), which has its own scale.
  let structure = 0;
  if (o.priorWeight !== 0 && S > 0 && H > 0) logit += o.priorWeight * Math.log(S / H);
  if (o.absence && S > 0 && H > 0) logit += allAbsentSum(model, o.alpha);
  // Caller-supplied features may repeat; each counts once, as in training.
  // extractFeatures output is already unique; only lists from callers need the check.
  const seen = dedupe ? new SeenFeatures() : null;
  const table = weightTable(model, denS, denH, o.alpha, scale, structureScale, o.featurePriors);
  // No site counts (the CLI, a site that has seen nothing): each feature's contribution is its base weight. A
  // function of its own, so the code that runs for most comments is small and cheap to optimise.
  if (!learned && !o.absence) return baseContributions(model, features, table, seen, logit, o);
  for (let i = 0; i < features.length; i++) {
    const f = features[i]!;
    // A site phrase (site-phrases.ts) is in neither the base model nor the unlabelled counts, and only the site's
    // approvals speak for it: a phrase no approved comment had is passed over, whatever its spam decisions (without
    // that, one spam decision among many could lower a score through a phrase, as a rare word does in naive Bayes).
    // So a site with no approval scores no phrase, which lets the worker leave them out there (site-phrase-gate.ts).
    const phrase = isPhraseFeature(f);
    const site = learned?.tokens.get(f);
    if (phrase && (site === undefined || site.ham <= 0)) continue;
    const w = phrase ? undefined : baseWeightOf(model, table, f);
    const us = lu > 0 && !phrase ? soft!.tokens.get(f) : undefined;
    const labS = site ? Math.max(0, site.spam) : 0;
    const labH = site ? Math.max(0, site.ham) : 0;
    let uS = us ? Math.max(0, us.spam) : 0;
    let uH = us ? Math.max(0, us.ham) : 0;
    if (taken > 0 && us && labS + labH > 0) {
      if (moments) {
        // 'moments' splits the feature's total below, so only the total loses the decided comments.
        const n = uS + uH;
        const left = Math.max(0, n - taken * (labS + labH));
        uS = n > 0 ? (left * uS) / n : 0;
        uH = left - uS;
      } else {
        uS = Math.max(0, uS - taken * labS);
        uH = Math.max(0, uH - taken * labH);
      }
    }
    // A site's vocabulary is what recurs across its comments: one comment cannot vouch for its own words.
    if (uS + uH < o.minUnlabelledDocs) uS = uH = 0;
    if (us && moments) {
      const n = uS + uH;
      const bc = model.tokens.get(f);
      const expectedSpam = softS * (bc ? (bc[0] + o.alpha) / (S + 2 * o.alpha) : 0);
      // Only what spam cannot explain is evidence; a feature the site uses less than its spam would says
      // nothing new about its readers, and the base keeps its say.
      uH = Math.max(0, n - expectedSpam);
      uS = uH > 0 ? n - uH : 0;
    }
    // 'divide': moderator decisions win for what they have seen, each one on this feature halving, thirding… its
    // unlabelled say (kept to measure against: on a site whose moderators decide what was held, the readers' words in
    // its spam decisions lost their unlabelled ham counts, while the ham class kept every unlabelled document).
    const luf = o.decidedUnlabelled === 'subtract' ? lu : lu / (1 + labS + labH);
    const siteS = labS + luf * uS;
    const siteH = labH + luf * uH;
    const siteN = siteS + siteH;
    if (w === undefined && siteN === 0) continue;
    if (seen?.check(f)) continue;
    if (w !== undefined) {
      if (w.part === PART_STRUCTURE) structure += w.c;
      else if (w.part === PART_PRIOR) fixed += w.c;
    }
    const baseLlr = w?.c;
    let c = baseLlr ?? 0;
    const base = o.absence ? model.tokens.get(f) : undefined;
    if (base && o.absence) {
      const a = absentLlr(base[0], base[1], S, H, o.alpha);
      logit -= a;
      c -= a;
    }
    if (siteN > 0 && o.siteMethod === 'map') {
      // Posterior mean of the site's per-class rate of f, the base rate being a prior worth m documents;
      // compared with the same estimate before any site document, so the site moves the base's evidence.
      const m = o.sitePriorDocs;
      const bc = model.tokens.get(f);
      const ps = bc ? (bc[0] + o.alpha) / (S + 2 * o.alpha) : o.alpha / (S + 2 * o.alpha);
      const ph = bc ? (bc[1] + o.alpha) / (H + 2 * o.alpha) : o.alpha / (H + 2 * o.alpha);
      const after = Math.log((m * ps + siteS + smoothS) / (m + LS + smoothDocs)) - Math.log((m * ph + siteH + smoothDocs - smoothS) / (m + LH + smoothDocs));
      const before = Math.log((m * ps + smoothDocs / 2) / (m * ph + smoothDocs / 2));
      c += siteScale * (after - before);
    } else if (siteN > 0) {
      const lam = siteN / (siteN + o.learnedHalfWeight);
      const cs = siteScale * llr(siteS, siteH, LS, LH, o.alpha);
      c = baseLlr !== undefined ? (1 - lam) * c + lam * cs : lam * cs;
    }
    // A site phrase (site-phrases.ts) speaks only for the site's readers: a phrase its moderators approved lowers a
    // score, and its spam decisions never raise one through a phrase. Measured both ways over the splits of
    // `npm run bench:adaptation-splits`: the spam side double-counts what the phrase's words already say (a campaign's
    // head is written in the readers' words) and missed more spam and held more ham on the videos; the readers' side
    // is what held fewer of every site's readers.
    if (c > 0 && phrase) continue;
    if (siteN === 0 && c < 0 && unseenHam < 1 && w !== undefined && w.kind === KIND_WORDS && f.indexOf(':') < 0) c *= unseenHam;
    if (c === 0 || Math.abs(c) < o.minAbsLlr) continue;
    pushContribution(f, c, w ?? featureWeight(f, 0, PART_NONE));
  }
  return finishContributions(logit, fixed, structure, o);
}

/**
 * How much of one decided comment is still in the site's unlabelled counts: all of it until the window first decays,
 * then on average what is left of any observed comment (soft documents in the window / comments ever observed).
 */
function decidedShare(soft: SoftCounts, softTotal: number): number {
  const observed = soft.observed;
  return observed !== undefined && observed > softTotal ? softTotal / observed : 1;
}

/** textContributions without site counts or absence evidence: the base weights of the features the model knows. */
function baseContributions(
  model: SpamModel,
  features: readonly string[],
  table: WeightTable,
  seen: SeenFeatures | null,
  logit: number,
  o: Readonly<ScoringOptions>,
): { logit: number; fixed: number; structure: number } {
  let fixed = 0;
  let structure = 0;
  const minAbs = o.minAbsLlr;
  // Lengths, fields and |c| are read once into locals and the contribution is stored without a call: in a batch this
  // loop mostly runs as baseline code, where each property read and call goes through a stub.
  const n = features.length;
  for (let i = 0; i < n; i++) {
    const f = features[i]!;
    const w = baseWeightOf(model, table, f);
    if (w === undefined || (seen !== null && seen.check(f))) continue;
    const c = w.c;
    const part = w.part;
    if (part === PART_STRUCTURE) structure += c;
    else if (part === PART_PRIOR) fixed += c;
    if (c === 0 || (c < 0 ? -c : c) < minAbs) continue;
    cFeat[cCount] = f;
    cVal[cCount] = c;
    cInfo[cCount] = w;
    cCount++;
  }
  return finishContributions(logit, fixed, structure, o);
}

/** The `topK` cut and the sum of the contributions, shared by both loops of textContributions. */
function finishContributions(logit: number, fixed: number, structure: number, o: Readonly<ScoringOptions>): { logit: number; fixed: number; structure: number } {
  if (o.topK > 0 && cCount > o.topK) {
    const order = Array.from({ length: cCount }, (_, i) => i);
    order.sort((a, b) => Math.abs(cVal[b]!) - Math.abs(cVal[a]!) || (cFeat[a]! < cFeat[b]! ? -1 : cFeat[a]! > cFeat[b]! ? 1 : 0));
    order.length = o.topK;
    const feats = order.map((i) => cFeat[i]!);
    const vals = order.map((i) => cVal[i]!);
    const infos = order.map((i) => cInfo[i]!);
    resetContributions();
    for (let i = 0; i < feats.length; i++) pushContribution(feats[i]!, vals[i]!, infos[i]!);
  }
  for (let i = 0; i < cCount; i++) logit += cVal[i]!;
  return { logit, fixed, structure };
}

/**
 * The uncalibrated evidence of the text alone (no prior, no signals, no site counts), split into the part learned
 * from data (`learned`, which the calibration scales) and the hand-set priors (`fixed`): what the calibration is
 * fitted on.
 */
export function textEvidence(model: SpamModel, features: readonly string[], scoring?: Partial<ScoringOptions>): { learned: number; structure: number; fixed: number } {
  const o = scoring ? { ...DEFAULT_SCORING_OPTIONS, ...scoring } : DEFAULT_SCORING_OPTIONS;
  const r = textContributions(model, features, o, undefined, false, 1, 1);
  return { learned: r.logit - r.fixed - r.structure, structure: r.structure, fixed: r.fixed };
}

/**
 * The spam rate a site's prior follows: `spamRate` when the caller knows it; otherwise the site's observed rate
 * (moderator decisions plus the EM share of its unlabelled comments once their window is large enough, shrunk
 * towards `defaultSpamRate`); `defaultSpamRate` for a site that has seen nothing.
 */
export function siteSpamRate(learned: LearnedCounts | undefined, scoring?: Partial<ScoringOptions>): number {
  return resolvedSiteSpamRate(learned, scoring ? { ...DEFAULT_SCORING_OPTIONS, ...scoring } : DEFAULT_SCORING_OPTIONS);
}

/** siteSpamRate with the options already merged (scoreSubmission: no second copy of them per comment). */
function resolvedSiteSpamRate(learned: LearnedCounts | undefined, o: Readonly<ScoringOptions>): number {
  if (o.spamRate !== undefined && Number.isFinite(o.spamRate)) return o.spamRate;
  if (!learned) return o.defaultSpamRate;
  const soft = learned.unlabelled;
  const softTotal = soft ? Math.max(0, soft.spamDocs) + Math.max(0, soft.hamDocs) : 0;
  return observedSpamRate(learned, softTotal >= o.minWindowDocs ? soft : undefined, o.defaultSpamRate, o.siteRatePseudoDocs) ?? o.defaultSpamRate;
}

/**
 * Scores a submission. The base model gives each feature a log-likelihood ratio, with the hand-set priors of
 * lexicon and structure features as floors; where the site has counts for that feature (moderator decisions, plus
 * its unlabelled comments through EM, see site-adaptation.ts), they update the base model's per-class rates as a
 * Dirichlet prior ('map'), so features the site never saw keep the generic evidence (but for the ham evidence of a
 * word, which fades as the site's approvals show it is not its readers': unseenHamWordDocs). The text evidence
 * is calibrated (the model file's scale and offset, fitted on sources the model did not see, for even odds; the
 * site's counts move it in the same calibrated units), the prior follows the site's spam rate (siteSpamRate), and
 * the submission signals come on top.
 */
export function scoreSubmission(
  model: SpamModel,
  sub: SubmissionText,
  opts: { signals?: SubmissionSignals; learned?: LearnedCounts; features?: string[]; scoring?: Partial<ScoringOptions> } = {},
): ScoreResult {
  if (TEXT_PATH && opts.scoring === undefined && opts.learned === undefined && opts.signals === undefined && opts.features === undefined) return scoreText(model, sub);
  const o = opts.scoring ? { ...DEFAULT_SCORING_OPTIONS, ...opts.scoring } : DEFAULT_SCORING_OPTIONS;
  const features = opts.features ?? extractFeatures(sub);
  const cal = o.calibrate ? model.calibration : undefined;
  const scale = cal ? cal.scale : 1;
  const { logit: textLogit } = textContributions(model, features, o, opts.learned, opts.features !== undefined, scale, o.calibrateSite ? scale : 1, cal ? (cal.structureScale ?? scale) : 1);
  const rate = resolvedSiteSpamRate(opts.learned, o);
  const prior = rateLogOdds(rate);
  let logit = textLogit + (cal ? cal.offset : 0) + prior;

  const signals = signalContributions(opts.signals);
  for (const [, c] of signals) logit += c;

  const z = logit / o.temperature;
  const spamScore = sigmoid(z);
  // A site whose rate differs from the default sees it among the reasons: it moved every score on the site.
  const shift = prior - rateLogOdds(o.defaultSpamRate);
  const withRate: ReadonlyArray<[string, number]> = Math.abs(shift) >= MIN_REASON_LLR ? [...signals, [`site-spam-rate:${Math.round(rate * 100)}%`, shift]] : signals;
  return { spamScore, reasons: explain(z >= 0 ? 1 : -1, withRate, o), evidenceKinds: strongKinds(signals) };
}

/** Scratch list of the word slots of the comment scoreText is scoring. */
const textSlots = new WordSlotList();

/**
 * Whether the default options let scoreText serve a comment scored with them: no topK cut and minAbsLlr 0, for which
 * textWeights keeps only the contributions it may name. Decided once: with other defaults every comment takes
 * scoreSubmission's general loop.
 */
const TEXT_PATH = DEFAULT_SCORING_OPTIONS.topK === 0 && DEFAULT_SCORING_OPTIONS.minAbsLlr === 0;

/** The prior of a site whose spam rate is not known: the default rate's log-odds. */
const DEFAULT_PRIOR = rateLogOdds(DEFAULT_SCORING_OPTIONS.defaultSpamRate);
const NO_SIGNALS: ReadonlyArray<[string, number]> = [];

/**
 * scoreSubmission with the default options, no site counts and no signals (the classify CLI, a site that has seen
 * nothing): the same arithmetic in the same order, without the site's terms, so every comment of a batch runs
 * only the code it needs.
 */
function scoreText(model: SpamModel, sub: SubmissionText): ScoreResult {
  // The features other than the words, which are in textSlots.
  const others = extractFeaturesWithSlots(sub, textSlots);
  const o = DEFAULT_SCORING_OPTIONS;
  const cal = model.calibration;
  const scale = cal ? cal.scale : 1;
  const tot = modelTotals(model);
  const denS = tot.spam + o.alpha * tot.vocab - 2 * o.alpha;
  const denH = tot.ham + o.alpha * tot.vocab - 2 * o.alpha;
  const table = weightTable(model, denS, denH, o.alpha, scale, cal ? (cal.structureScale ?? scale) : 1, o.featurePriors);
  const logit = textWeights(model, others, textSlots.slots, textSlots.count, table) + (cal ? cal.offset : 0) + DEFAULT_PRIOR;
  const z = logit / o.temperature;
  return { spamScore: sigmoid(z), reasons: explainShown(cCount, z >= 0 ? 1 : -1, NO_SIGNALS, o), evidenceKinds: kindsAbove(0) };
}

/**
 * baseContributions, finishContributions (without a topK cut) and the first loops of explain and strongKinds in one
 * pass, for scoreText: returns the sum of the contributions (added in the same order), leaves the per-kind sums in
 * kindSums, and keeps as contributions (cFeat, cVal, cInfo, listed in shownIdx) only those that may be named in
 * the reasons. The sum of the hand-set priors and of the structure, which only the calibration needs, is not kept.
 * Only for options without a topK cut and with minAbsLlr 0 (the defaults). The words are slots[0..nSlots), the other
 * features `others` (extractFeaturesWithSlots), in that order.
 */
function textWeights(model: SpamModel, others: readonly string[], slots: readonly WordSlot[], nSlots: number, table: WeightTable): number {
  let logit = 0;
  for (let k = 0; k < KIND_NAMES.length; k++) kindSums[k] = 0;
  let n = 0;
  const tableId = table.id;
  // The words come first, each with its slot; a word's evidence is always of the kind "words".
  for (let i = 0; i < nSlots; i++) {
    const slot = slots[i]!;
    if (slot.ownerId !== tableId) {
      slot.weight = baseWeightOf(model, table, slot.word);
      slot.ownerId = tableId;
    }
    const w = slot.weight as FeatureWeight | undefined;
    if (w === undefined) continue;
    const c = w.c;
    // minAbsLlr is 0 here (scoreText): every contribution but 0 counts.
    if (c === 0) continue;
    logit += c;
    if (w.named) {
      cFeat[n] = slot.word;
      cVal[n] = c;
      cInfo[n] = w;
      shownIdx[n] = n;
      n++;
    }
  }
  // The words come first, so their kind's sum so far is the logit itself (the same additions in the same order): it is
  // not summed a second time, as baseline code allocates a heap number for every sum of fractions.
  let words = logit;
  const count = others.length;
  for (let i = 0; i < count; i++) {
    const f = others[i]!;
    const w = baseWeightOf(model, table, f);
    if (w === undefined) continue;
    const c = w.c;
    if (c === 0) continue;
    logit += c;
    const kind = w.kind;
    if (kind === KIND_WORDS) words += c;
    else kindSums[kind]! += c;
    if (w.named) {
      cFeat[n] = f;
      cVal[n] = c;
      cInfo[n] = w;
      shownIdx[n] = n;
      n++;
    }
  }
  kindSums[KIND_WORDS] = words;
  cCount = n;
  return logit;
}

/** Contributions weaker than this (log-odds) are not worth a reason line. */
const MIN_REASON_LLR = 0.05;
/** At most this many text features are listed against the verdict's direction. */
const MAX_COUNTER_REASONS = 2;

/** The signals for and against of a comment without signals (explainShown never adds to it). */
const NO_SIGNAL_REASONS: Array<[string, number]> = [];

/** Scratch index lists of explain (see cFeat). */
const shownIdx: number[] = [];
const wordIdx: number[] = [];
const againstIdx: number[] = [];
const topIdx: number[] = [];
const bestWord: number[] = [];

/**
 * The reasons list: what moved the score, both ways. First the evidence for the direction the score went
 * (signals, which moderators cannot see in the text, then the strongest text features), then the strongest
 * evidence against it, so a moderator sees e.g. a known-author discount on a comment that is held anyway.
 * Stopwords never appear: they explain nothing to a reader, even when they carry weight. Reads the contributions
 * of the comment just scored (cFeat, cVal, cInfo).
 */
function explain(dir: number, signals: ReadonlyArray<[string, number]>, o: ScoringOptions): string[] {
  let nShown = 0;
  const n = cCount;
  for (let i = 0; i < n; i++) {
    const c = cVal[i]!;
    if ((c < 0 ? -c : c) >= MIN_REASON_LLR && cInfo[i]!.shown) shownIdx[nShown++] = i;
  }
  return explainShown(nShown, dir, signals, o);
}

/** explain once the contributions that may be named are listed in shownIdx[0, nShown). */
function explainShown(nShown: number, dir: number, signals: ReadonlyArray<[string, number]>, o: ScoringOptions): string[] {
  const t = o.temperature;
  // Without signals (the CLI, most comments) nothing is ever pushed to these: one shared empty list, no allocation.
  const forSignals: Array<[string, number]> = signals.length > 0 ? [] : NO_SIGNAL_REASONS;
  const againstSignals: Array<[string, number]> = signals.length > 0 ? [] : NO_SIGNAL_REASONS;
  for (let i = 0; i < signals.length; i++) {
    const e = signals[i]!;
    const c = e[1];
    if (Math.abs(c) < MIN_REASON_LLR) continue;
    if (c * dir > 0) forSignals.push(e);
    else if (c * dir < 0) againstSignals.push(e);
  }
  const nAgainst = selectTop(shownIdx, nShown, -dir, Math.max(0, MAX_COUNTER_REASONS - againstSignals.length), againstIdx);
  const forBudget = Math.max(1, o.maxReasons - forSignals.length - againstSignals.length - nAgainst);
  const reasons: string[] = [];
  for (let i = 0; i < forSignals.length; i++) reasons.push(reasonLine(forSignals[i]![0], forSignals[i]![1], t));
  const nTop = selectTop(shownIdx, nShown, dir, forBudget, topIdx);
  // The words are what a moderator can see and the dashboard highlights: when structural features (lexicon
  // families, kinds of link) fill every slot, the strongest word for the verdict takes the last one.
  if (nTop === forBudget && forBudget > 1 && !hasWord(topIdx, nTop)) {
    let nWords = 0;
    for (let i = 0; i < nShown; i++) if (cInfo[shownIdx[i]!]!.kind === KIND_WORDS) wordIdx[nWords++] = shownIdx[i]!;
    if (selectTop(wordIdx, nWords, dir, 1, bestWord) > 0) topIdx[nTop - 1] = bestWord[0]!;
  }
  for (let i = 0; i < nTop; i++) reasons.push(contributionReason(topIdx[i]!, t));
  for (let i = 0; i < againstSignals.length; i++) reasons.push(reasonLine(againstSignals[i]![0], againstSignals[i]![1], t));
  for (let i = 0; i < nAgainst; i++) reasons.push(contributionReason(againstIdx[i]!, t));
  return reasons;
}

/**
 * The reason line of contribution i. Where it is the feature's base weight (always, without site counts) the line is
 * the same every time the feature is named, so it is kept with the weight: the strongest features of a stream are
 * named over and over.
 */
function contributionReason(i: number, temperature: number): string {
  const info = cInfo[i]!;
  const c = cVal[i]!;
  if (c !== info.c) return reasonLine(labelOf(i), c, temperature);
  if (info.reasonTemperature === temperature) return info.reason!;
  const line = reasonLine(labelOf(i), c, temperature);
  info.reason = line;
  info.reasonTemperature = temperature;
  return line;
}

/** One reason: the name and the contribution in log-odds at the scorer's temperature ("token:viagra +2.3"). */
function reasonLine(name: string, c: number, temperature: number): string {
  return `${name} ${fmt(c / temperature)}`;
}

/** True when one of the first `n` contributions listed in `idx` is a word (evidence kind "words"). */
function hasWord(idx: readonly number[], n: number): boolean {
  for (let i = 0; i < n; i++) if (cInfo[idx[i]!]!.kind === KIND_WORDS) return true;
  return false;
}

/**
 * Per-kind sums of strongKinds, in alphabetical order of the kinds (the order evidenceKinds lists them in):
 * author, business, contact, links, shape, signals, words. A fixed array instead of a Map per comment.
 */
const KIND_NAMES = ['author', 'business', 'contact', 'links', 'shape', 'signals', 'words'] as const;
const KIND_SIGNALS = 5;
const KIND_WORDS = 6;
const kindSums = new Float64Array(KIND_NAMES.length);

function kindIndex(k: EvidenceKind): number {
  switch (k) {
    case 'author':
      return 0;
    case 'business':
      return 1;
    case 'contact':
      return 2;
    case 'links':
      return 3;
    case 'shape':
      return 4;
    default:
      return KIND_WORDS;
  }
}

/**
 * The kinds of evidence that each add at least STRONG_EVIDENCE towards spam (see ScoreResult.evidenceKinds), from
 * the contributions of the comment just scored and its signals.
 */
function strongKinds(signals: ReadonlyArray<[string, number]>): string[] {
  // Element by element: TypedArray fill is a call into the runtime, dearer than seven stores.
  for (let k = 0; k < KIND_NAMES.length; k++) kindSums[k] = 0;
  for (let i = 0; i < cCount; i++) kindSums[cInfo[i]!.kind]! += cVal[i]!;
  let sig = 0;
  for (let i = 0; i < signals.length; i++) sig += signals[i]![1];
  return kindsAbove(sig);
}

/** strongKinds once kindSums holds the sums of the text's contributions; `sig` is the signals' sum. */
function kindsAbove(sig: number): string[] {
  kindSums[KIND_SIGNALS] = sig;
  const out: string[] = [];
  for (let k = 0; k < KIND_NAMES.length; k++) if (kindSums[k]! >= STRONG_EVIDENCE) out.push(KIND_NAMES[k]!);
  return out;
}
