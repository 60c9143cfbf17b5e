/**
 * Site adaptation benchmark: how far a site's own comments move the default model. For each YouTube video, the
 * TubeSpam 70/30 protocol (oldest 70 % of each class for the site, newest 30 % tested), and for the text messages
 * a stratified 70/30 split (a site with 13 % spam and thousands of decisions), on top of a base model trained with
 * the default recipe on every other source (the site itself is never in the base model):
 *   - base only;
 *   - the 70 % as moderator decisions (labelled counts, as the learning store keeps them);
 *   - the same as before the base model's ham evidence of words the site never saw faded with its approvals;
 *   - the same plus a near-duplicate signal: a test comment whose MinHash signature (src/spam/near-duplicates.ts)
 *     is at least NEAR_DUPLICATE_SIMILARITY of one of the site's newest spam decisions, and nearer to it than to any
 *     approved one, gets a fixed log-odds on its score (simulated here; not in the worker);
 *   - the same with the author signals the worker adds (approved before, marked spam before), authors known by name;
 *   - the same with each decision that goes against the score the site's counts gave its comment (spam scored
 *     under 0.5, ham at 0.5 or more) counted twice, error-driven training (simulated here; not in the worker);
 *   - the same with the spam decisions thinned to one in ten (the oldest kept), a site at a realistic spam rate;
 *   - the 70 % unlabelled, fed in order through online EM (each comment scored by the current site state, then
 *     counted with its posterior), as the worker does before any moderator decision;
 *   - the 70 % observed in order as the worker does, and decided by a moderator only when the filter held it (scored
 *     at the flag threshold or above), as on a site whose moderators work through the held queue: the decisions are
 *     mostly spam and the approvals are the ham that looked like spam. Shipped ('subtract': a decision takes its
 *     comment out of the unlabelled counts; Jeffreys smoothing for decisions) and as before ('divide': each decision
 *     on a feature divided its unlabelled weight; add-one smoothing).
 * At the production flag threshold: accuracy, ham blocked (held or rejected), spam caught.
 * Progress on stderr, a table on stdout, `--json` for machines. Runnable alone (`npm run bench:adaptation`)
 * and as a section of `npm run bench:classifier`. `--train-share 0.5` (or 0.8, …) gives each site that share of
 * each class instead of 70 %, so a change can be checked on other time splits than the literature's; `--errors`
 * lists the test comments the "as moderator decisions" row gets wrong, with their scores and reasons.
 */
import { basename } from 'node:path';
import { checkArgs } from './bench-args.ts';
import { addDecision, scoreSubmission, type LearnedCounts, type ScoringOptions, type SubmissionSignals } from '../src/spam/classifier.ts';
import { readCorpus, type LabeledDoc } from '../src/spam/corpus.ts';
import { extractFeatures } from '../src/spam/features.ts';
import { metricsAt, type Scored } from '../src/spam/metrics.ts';
import { DEFAULT_THRESHOLDS } from '../src/spam/policy.ts';
import { emptySoftCounts, observeSoft } from '../src/spam/site-adaptation.ts';
import { DEFAULT_RECIPE, featurize, trainRecipe } from '../src/spam/default-recipe.ts';
import type { SpamModel } from '../src/spam/spam-model.ts';
import { NEAR_DUPLICATE_SIMILARITY, estimatedSimilarity, minHashSignature } from '../src/spam/near-duplicates.ts';
import { PUBLIC_CORPORA, chronologicalSplit, stratifiedSplit, type PublicCorpus } from '../src/spam/splits.ts';
import { withSitePhrases } from '../src/spam/site-phrases.ts';
import { isMain } from '../src/runtime/is-main.ts';

/** The default model's recipe (scripts/train-default.ts, calibration included) without one source. */
export function baseWithout(excludeId: string): SpamModel {
  const sources = PUBLIC_CORPORA.filter((c) => c.id !== excludeId).map((c) => ({ id: c.id, family: c.family, docs: featurize(readCorpus(c.path, c.format).docs) }));
  return trainRecipe(sources, DEFAULT_RECIPE);
}

export function emptyLearned(): LearnedCounts {
  return { spamDocs: 0, hamDocs: 0, tokens: new Map() };
}

/** How a benchmark measures the site phrases: left out (`sitePhrases: false`), or their hashes folded into `buckets` values. */
export interface SitePhraseOptions {
  sitePhrases?: boolean;
  buckets?: number | undefined;
}

/**
 * The features the worker scores a comment with and the learning store learns a decision with: its features and its
 * site phrases (src/spam/site-phrases.ts), unless `opts` leaves them out. The unlabelled counts take in `words` only,
 * as the worker observes them.
 */
export function siteFeaturesWith(opts: SitePhraseOptions = {}): (d: LabeledDoc, words?: string[]) => string[] {
  return (d, words = extractFeatures(d)) => (opts.sitePhrases === false ? words : withSitePhrases(words, d.text, opts.buckets));
}

const siteFeatures = siteFeaturesWith();

/**
 * A decision counted `weight` times (fractional weights for measurement); the copies beyond the first were never
 * observed by the worker, so they count as unobserved documents.
 */
export function addWeightedDecision(l: LearnedCounts, label: 'spam' | 'ham', features: readonly string[], weight: number): void {
  addDecision(l, label, features, weight);
  if (weight !== 1) l.unobservedDocs = (l.unobservedDocs ?? 0) + weight - 1;
}

/** What the learning store does for one moderator decision. */
function learnLabelled(l: LearnedCounts, d: LabeledDoc): void {
  addDecision(l, d.label, siteFeatures(d));
}

/** Weight of a simulated decision that goes against the score the site's counts gave its comment (train on error). */
const AGAINST_FILTER_WEIGHT = 2;

/**
 * The decisions in arrival order, each scored with the site's counts so far, and counted AGAINST_FILTER_WEIGHT
 * times when the score was on the wrong side of 0.5 (spam published, ham held): error-driven training, simulated
 * here (not in the worker). The extra copies were never observed, as the store would count them.
 */
function learnAgainstFilter(model: SpamModel, docs: readonly LabeledDoc[]): LearnedCounts {
  const l = emptyLearned();
  for (const d of docs) {
    const features = siteFeatures(d);
    const { spamScore } = scoreSubmission(model, d, { features, learned: l });
    const w = spamScore >= DEFAULT_THRESHOLDS.flag === (d.label === 'spam') ? 1 : AGAINST_FILTER_WEIGHT;
    for (let i = 0; i < w; i++) addDecision(l, d.label, features);
    if (w > 1) l.unobservedDocs = (l.unobservedDocs ?? 0) + w - 1;
  }
  return l;
}

/** What the worker does for each incoming comment before any decision: score with the site's state, then count it softly. */
function learnUnlabelled(model: SpamModel, l: LearnedCounts, docs: readonly LabeledDoc[], scoring: Partial<ScoringOptions>): void {
  {
    for (const d of docs) {
      const features = extractFeatures(d);
      const { spamScore } = scoreSubmission(model, d, { features, learned: l, scoring });
      observeSoft(l.unlabelled!, features, spamScore);
    }
  }
}

/**
 * What the worker and a moderator who works through the held queue do: every comment is scored with the site's
 * current state and observed (EM); the ones held (score at the flag threshold or above) are then decided.
 */
function learnHeldDecisions(model: SpamModel, docs: readonly LabeledDoc[], scoring: Partial<ScoringOptions>): LearnedCounts {
  return learnObserved(model, docs, scoring, siteFeatures, false);
}

/**
 * Every comment scored with the site's current state and observed (EM) with its features (`featuresOf`'s `words`,
 * without site phrases, as the worker observes them); then decided, every one (`decideAll`) or only those held.
 */
export function learnObserved(
  model: SpamModel,
  docs: readonly LabeledDoc[],
  scoring: Partial<ScoringOptions>,
  featuresOf: (d: LabeledDoc, words: string[]) => string[],
  decideAll: boolean,
  /** How many times a decision counts given its label and the score its comment had (default once). */
  weightOf: (label: 'spam' | 'ham', spamScore: number) => number = () => 1,
): LearnedCounts {
  const l: LearnedCounts = { ...emptyLearned(), unlabelled: emptySoftCounts() };
  for (const d of docs) {
    const words = extractFeatures(d);
    const features = featuresOf(d, words);
    const { spamScore } = scoreSubmission(model, d, { features, learned: l, scoring });
    observeSoft(l.unlabelled!, words, spamScore);
    if (decideAll || spamScore >= DEFAULT_THRESHOLDS.flag) addWeightedDecision(l, d.label, features, weightOf(d.label, spamScore));
  }
  return l;
}

/** A test comment the "as moderator decisions" row gets wrong (`--errors`). */
export interface AdaptationError {
  site: string;
  label: 'spam' | 'ham';
  score: number;
  author: string;
  /** Whether the author has a comment among the site's decisions, and how those were labelled. */
  authorDecided: { spam: number; ham: number };
  text: string;
  reasons: string[];
}

/** What runSiteAdaptation does besides the default protocol (`--train-share`, `--errors`). */
export interface SiteAdaptationOptions {
  /** Share of each class given to the site (0.7: the literature's 70/30 protocol). */
  trainShare?: number;
  /** Filled with the wrong test comments of the "as moderator decisions" row. */
  errors?: AdaptationError[];
}

/** An author as these corpora know one: by name (the service knows an author by e-mail and network). */
function authorKey(d: LabeledDoc): string {
  return (d.name ?? '').trim().toLowerCase();
}

/** The wrong test comments of a site given its decisions: label, score, reasons, and what the site knew of the author. */
function wrongComments(site: string, model: SpamModel, learned: LearnedCounts, decided: readonly LabeledDoc[], test: readonly LabeledDoc[]): AdaptationError[] {
  const known = new Map<string, { spam: number; ham: number }>();
  for (const d of decided) {
    const a = authorKey(d);
    if (!a) continue;
    const k = known.get(a) ?? { spam: 0, ham: 0 };
    k[d.label]++;
    known.set(a, k);
  }
  const out: AdaptationError[] = [];
  for (const d of test) {
    const r = scoreSubmission(model, d, { features: siteFeatures(d), learned });
    if (r.spamScore >= DEFAULT_THRESHOLDS.flag === (d.label === 'spam')) continue;
    out.push({ site, label: d.label, score: r.spamScore, author: d.name ?? '', authorDecided: known.get(authorKey(d)) ?? { spam: 0, ham: 0 }, text: d.text, reasons: r.reasons });
  }
  return out;
}

export interface AdaptationRow {
  video: string;
  setting: string;
  accuracy: number;
  hamBlocked: number;
  spamCaught: number;
  tested: number;
}

function evaluate(model: SpamModel, learned: LearnedCounts | undefined, test: readonly LabeledDoc[], scoring: Partial<ScoringOptions> = {}): { accuracy: number; hamBlocked: number; spamCaught: number } {
  return flagMetrics(test.map((d) => ({ score: scoreSubmission(model, d, learned ? { features: siteFeatures(d), learned, scoring } : { scoring }).spamScore, spam: d.label === 'spam' })));
}

/** Accuracy, ham blocked and spam caught at the production flag threshold. */
function flagMetrics(items: readonly Scored[]): { accuracy: number; hamBlocked: number; spamCaught: number } {
  const m = metricsAt(items, DEFAULT_THRESHOLDS.flag);
  return { accuracy: m.accuracy, hamBlocked: m.hamBlocked, spamCaught: m.spamCaught };
}

/** Signatures of a site's decisions kept per class: the newest, as a bounded per-site set would hold. */
const NEAR_DUPLICATE_KEPT = 2_000;
/** Log-odds the simulated near-duplicate signal adds: a repeat of a campaign the site's moderators marked spam. */
const NEAR_DUPLICATE_LLR = 4;

/**
 * evaluate() with the near-duplicate signal on top of the site's decisions: a test comment nearer to a spam
 * decision than to any approval, by at least NEAR_DUPLICATE_SIMILARITY, gets NEAR_DUPLICATE_LLR added to its log-odds.
 */
function evaluateNearDuplicates(model: SpamModel, learned: LearnedCounts, decided: readonly LabeledDoc[], test: readonly LabeledDoc[]): { accuracy: number; hamBlocked: number; spamCaught: number } {
  const signatures = (label: string) => decided.filter((d) => d.label === label).slice(-NEAR_DUPLICATE_KEPT).map((d) => minHashSignature(d.text)).filter((s): s is Uint32Array => s !== null);
  const spamSigs = signatures('spam');
  const hamSigs = signatures('ham');
  const nearest = (sig: Uint32Array, set: readonly Uint32Array[]) => set.reduce((m, x) => Math.max(m, estimatedSimilarity(sig, x)), 0);
  const items: Scored[] = test.map((d) => {
    const score = scoreSubmission(model, d, { features: siteFeatures(d), learned }).spamScore;
    const sig = minHashSignature(d.text);
    const toSpam = sig ? nearest(sig, spamSigs) : 0;
    if (!sig || toSpam < NEAR_DUPLICATE_SIMILARITY || toSpam <= nearest(sig, hamSigs)) return { score, spam: d.label === 'spam' };
    const z = Math.log(Math.max(score, 1e-12) / Math.max(1 - score, 1e-12)) + NEAR_DUPLICATE_LLR;
    return { score: 1 / (1 + Math.exp(-z)), spam: d.label === 'spam' };
  });
  return flagMetrics(items);
}

/**
 * The author signals the worker adds (src/comments/score-comment.ts) as the site's decisions leave them: an author
 * with an approved comment is known (author-approved-before), one whose latest decided comment was spam is marked
 * (author-marked-spam-before; an approval clears it). The service knows an author by e-mail and network; these
 * corpora have only the name, which stands in for it.
 */
function authorSignals(decided: readonly LabeledDoc[]): (d: LabeledDoc) => SubmissionSignals {
  const approved = new Set<string>();
  const marked = new Set<string>();
  for (const d of decided) {
    const a = authorKey(d);
    if (!a) continue;
    if (d.label === 'spam') marked.add(a);
    else {
      marked.delete(a);
      approved.add(a);
    }
  }
  return (d) => ({ authorApprovedBefore: approved.has(authorKey(d)), authorMarkedSpam: marked.has(authorKey(d)) });
}

/** evaluate() with each test comment's author signals. */
function evaluateWithSignals(model: SpamModel, learned: LearnedCounts, test: readonly LabeledDoc[], signals: (d: LabeledDoc) => SubmissionSignals): { accuracy: number; hamBlocked: number; spamCaught: number } {
  return flagMetrics(test.map((d) => ({ score: scoreSubmission(model, d, { features: siteFeatures(d), learned, signals: signals(d) }).spamScore, spam: d.label === 'spam' })));
}

/** Oldest first within the training part, as the comments would have arrived. */
function arrivalOrder(docs: readonly LabeledDoc[]): LabeledDoc[] {
  if (!docs.every((d) => d.date)) return [...docs];
  return [...docs].sort((a, b) => (a.date! < b.date! ? -1 : a.date! > b.date! ? 1 : 0));
}

/** Every ham document and the oldest spam ones, as many as make `rate` of the result spam. */
export function thinSpam(docs: readonly LabeledDoc[], rate: number): LabeledDoc[] {
  let keep = Math.round((docs.filter((d) => d.label === 'ham').length * rate) / (1 - rate));
  return docs.filter((d) => d.label === 'ham' || keep-- > 0);
}

/** The rows of the site adaptation table (see the module header), one group per source with both classes. */
export function runSiteAdaptation(progress: (msg: string) => void = () => {}, opts: SiteAdaptationOptions = {}): AdaptationRow[] {
  const rows: AdaptationRow[] = [];
  const share = opts.trainShare ?? 0.7;
  const pctShare = `${Math.round(share * 100)} %`;
  // Every source with both classes: the videos (chronological) and the text messages (stratified).
  const sites = PUBLIC_CORPORA.filter((c: PublicCorpus) => c.protocol !== null);
  for (const c of sites) {
    progress(`site adaptation: ${basename(c.path)}`);
    const { docs } = readCorpus(c.path, c.format);
    const { train, test } = c.protocol === 'chronological' ? chronologicalSplit(docs, share) : stratifiedSplit(docs, share);
    const model = baseWithout(c.id);
    const push = (setting: string, learned: LearnedCounts | undefined, scoring: Partial<ScoringOptions> = {}) =>
      rows.push({ video: c.id, setting, tested: test.length, ...evaluate(model, learned, test, scoring) });

    push(`default model only (${c.protocol === 'chronological' ? 'video' : 'source'} not in it)`, undefined);

    const arrived: readonly LabeledDoc[] = arrivalOrder(train);
    const labelled = emptyLearned();
    for (const d of arrived) learnLabelled(labelled, d);
    push(`+ ${pctShare} as moderator decisions (${train.length})`, labelled);
    push(`+ ${pctShare} as moderator decisions, as before (the ham evidence of words the site never saw kept whole) (${train.length})`, labelled, { unseenHamWordDocs: 0 });
    if (opts.errors) opts.errors.push(...wrongComments(c.id, model, labelled, arrived, test));
    rows.push({ video: c.id, setting: `+ ${pctShare} as moderator decisions, with the author signals (approved before -3, marked spam before +4; authors by name) (${train.length})`, tested: test.length, ...evaluateWithSignals(model, labelled, test, authorSignals(arrived)) });
    rows.push({ video: c.id, setting: `+ ${pctShare} as moderator decisions, near-duplicate of a spam decision +${NEAR_DUPLICATE_LLR} (${train.length})`, tested: test.length, ...evaluateNearDuplicates(model, labelled, arrived, test) });

    push(`+ ${pctShare} as moderator decisions, those against the filter's score counted ${AGAINST_FILTER_WEIGHT}× (simulated) (${train.length})`, learnAgainstFilter(model, arrived));

    // The same decisions at one spam in ten: most sites get far less spam than these videos.
    const thinned = thinSpam(arrived, 0.1);
    const labelledThin = emptyLearned();
    for (const d of thinned) learnLabelled(labelledThin, d);
    push(`+ ${pctShare} as moderator decisions, spam thinned to 10 % (${thinned.length})`, labelledThin);

    // Shipped: EM's spam share, features split by what the base model's spam explains.
    const unl: LearnedCounts = { ...emptyLearned(), unlabelled: emptySoftCounts() };
    learnUnlabelled(model, unl, arrived, {});
    push(`+ ${pctShare} unlabelled, EM share + moments (shipped) (${train.length})`, unl);

    // Nigam's EM as such: every feature counted with the comment's posterior.
    const em = { unlabelledMethod: 'em' } as const;
    const unlEm: LearnedCounts = { ...emptyLearned(), unlabelled: emptySoftCounts() };
    learnUnlabelled(model, unlEm, arrived, em);
    push(`+ ${pctShare} unlabelled, plain online EM (${train.length})`, unlEm, em);

    // A site whose moderators decide only what the filter held.
    const held = learnHeldDecisions(model, arrived, {});
    push(`+ ${pctShare} observed, only what was held decided (shipped) (${held.spamDocs + held.hamDocs})`, held);
    const before = { decidedUnlabelled: 'divide', siteSmoothingDocs: 2, unseenHamWordDocs: 0 } as const;
    const heldBefore = learnHeldDecisions(model, arrived, before);
    push(`+ ${pctShare} observed, only what was held decided, as before (decisions divide the unlabelled weight, add-one) (${heldBefore.spamDocs + heldBefore.hamDocs})`, heldBefore, before);
  }
  return rows;
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

export function adaptationTable(rows: readonly AdaptationRow[]): string {
  const out = [`| site | setting | accuracy | ham blocked | spam caught | tested |`, `|---|---|---|---|---|---|`];
  for (const r of rows) out.push(`| ${r.video} | ${r.setting} | ${pct(r.accuracy)} | ${pct(r.hamBlocked)} | ${pct(r.spamCaught)} | ${r.tested} |`);
  out.push('', `threshold: production flag ${DEFAULT_THRESHOLDS.flag} (ham blocked = held for review or rejected)`);
  return out.join('\n');
}

/** The wrong comments as a list: site, label, score, what the site knew of the author, text, reasons. */
export function errorList(errors: readonly AdaptationError[]): string {
  const out = ['wrong test comments of the "as moderator decisions" rows (label, score, author decided before as spam/ham):'];
  for (const e of errors) {
    const text = e.text.replace(/\s+/g, ' ').slice(0, 160);
    out.push(`- ${e.site} ${e.label} ${e.score.toFixed(3)} author ${e.authorDecided.spam}/${e.authorDecided.ham}: ${JSON.stringify(text)}`, `    ${e.reasons.join(', ')}`);
  }
  return out.join('\n');
}

/** `--train-share X`: a share strictly between 0 and 1, or exit 2. */
function trainShareArg(argv: readonly string[]): number | undefined {
  const i = argv.indexOf('--train-share');
  if (i < 0) return undefined;
  const x = Number(argv[i + 1]);
  if (!(x > 0 && x < 1)) {
    process.stderr.write('bench:adaptation: --train-share needs a number between 0 and 1, e.g. 0.5\n');
    process.exit(2);
  }
  return x;
}

if (isMain(import.meta.url)) {
  checkArgs('bench:adaptation', ['--json', '--errors'], ['--train-share']);
  const argv = process.argv.slice(2);
  const trainShare = trainShareArg(argv);
  const errors: AdaptationError[] | undefined = argv.includes('--errors') ? [] : undefined;
  const rows = runSiteAdaptation((m) => process.stderr.write(`${m}\n`), { ...(trainShare !== undefined ? { trainShare } : {}), ...(errors ? { errors } : {}) });
  if (argv.includes('--json')) console.log(JSON.stringify({ siteAdaptation: rows, ...(errors ? { decisionErrors: errors } : {}) }, null, 2));
  else console.log(adaptationTable(rows) + (errors ? `\n\n${errorList(errors)}` : ''));
}
