/**
 * Site adaptation over several splits per site, so a change is not judged on the literature's one 70/30 split:
 * for each video the chronological 70/30, 50/50 and 80/20 and two stratified random 70/30 splits (seeds 2 and 3,
 * the training part in a shuffled arrival order); for the text messages three stratified 70/30 splits (seeds 42, 2
 * and 3). Each split is learned four ways, as in `npm run bench:adaptation`: every training comment decided; every
 * comment observed by the worker (EM) and then decided; observed, and decided only when the filter held it; and
 * decided with the spam thinned to one in ten. Prints, per site and protocol, the test comments wrong and the ham
 * blocked at the production flag threshold, summed over the splits, and totals. Decisions are learned and comments
 * scored with their site phrases (src/spam/site-phrases.ts), as the worker does; the unlabelled counts take in the
 * features without them. Flags: `--scoring '{"option": value}'` scores with other ScoringOptions (an A/B without a
 * second checkout); `--no-site-phrases` without the phrases; `--phrase-buckets N` with the phrase hashes folded into
 * N values (to measure collisions); `--seeds 10-19` only stratified splits with these seeds, for every site;
 * `--against-filter-weight W` each decision whose label disagrees with the verdict the filter gave its comment (its
 * score when it arrived, at the flag threshold) counted W times, in every protocol (train on error; 1: once), and
 * with `--against-filter-label spam` (or ham) only the decisions with that label (missed spam, or held ham);
 * `--detail` one line per split; `--json` for machines.
 */
import { scoreSubmission, type LearnedCounts, type ScoringOptions } from '../src/spam/classifier.ts';
import { readCorpus, type LabeledDoc } from '../src/spam/corpus.ts';
import { DEFAULT_THRESHOLDS } from '../src/spam/policy.ts';
import type { SpamModel } from '../src/spam/spam-model.ts';
import { PUBLIC_CORPORA, chronologicalSplit, mulberry32, oldestFirst, shuffled, stratifiedSplit, type Split } from '../src/spam/splits.ts';
import { isMain } from '../src/runtime/is-main.ts';
import { parseCli } from '../src/cli/common.ts';
import { runBench, UsageError } from './bench-support.ts';
import { addWeightedDecision, baseWithout, emptyLearned, learnObserved, siteFeaturesWith, thinSpam } from './bench-site-adaptation.ts';

interface NamedSplit extends Split {
  name: string;
}

/** How the splits are measured (the command line's flags, see the header). */
export interface SplitFlags {
  /** Decisions learned and comments scored with their site phrases (`--no-site-phrases`: false). */
  sitePhrases: boolean;
  /** `--phrase-buckets N`: the phrase hashes folded into N values. */
  buckets: number | undefined;
  /** `--seeds 10-19`: only stratified splits with these seeds, for every site. */
  seeds: readonly number[] | undefined;
  /** `--against-filter-weight W`: a decision against the filter's verdict counts W times (1: every decision once). */
  againstWeight: number;
  /** `--against-filter-label spam|ham`: only the decisions with that label are weighed so. */
  againstLabel: 'spam' | 'ham' | undefined;
}

const DEFAULT_FLAGS: SplitFlags = { sitePhrases: true, buckets: undefined, seeds: undefined, againstWeight: 1, againstLabel: undefined };

/** The splits of one site: the training part in the order its comments would arrive. */
function splitsOf(protocol: 'chronological' | 'stratified', docs: readonly LabeledDoc[], seeds: readonly number[] | undefined): NamedSplit[] {
  const shuffledTrain = (s: Split, seed: number): NamedSplit => {
    return { name: `stratified seed ${seed}`, train: shuffled(s.train, mulberry32(seed + 1000)), test: s.test };
  };
  if (protocol === 'chronological') {
    const chrono = (share: number): NamedSplit => {
      const s = chronologicalSplit(docs, share);
      return { name: `time ${Math.round(share * 100)}/${Math.round((1 - share) * 100)}`, train: oldestFirst(s.train), test: s.test };
    };
    if (seeds) return seeds.map((seed) => shuffledTrain(stratifiedSplit(docs, 0.7, seed), seed));
    return [chrono(0.7), chrono(0.5), chrono(0.8), shuffledTrain(stratifiedSplit(docs, 0.7, 2), 2), shuffledTrain(stratifiedSplit(docs, 0.7, 3), 3)];
  }
  return (seeds ?? [42, 2, 3]).map((seed) => shuffledTrain(stratifiedSplit(docs, 0.7, seed), seed));
}

export const SPLIT_PROTOCOLS = ['decided', 'observed-decided', 'held-only', 'thinned'] as const;
export type SplitProtocol = (typeof SPLIT_PROTOCOLS)[number];

/** What the worker scores and the learning store learns: the comment's features and, unless turned off, its site phrases. */
type FeaturesOf = (d: LabeledDoc, words?: string[]) => string[];

/** The command line's flags; a mistyped or malformed one is a UsageError, so the bench never runs without it. */
function splitFlags(values: Record<string, string | boolean | undefined>): SplitFlags {
  const text = (name: string): string | undefined => values[name] as string | undefined;
  const seeds = text('seeds') === undefined ? undefined : seedRange(text('seeds')!);
  const buckets = text('phrase-buckets') === undefined ? undefined : Number(text('phrase-buckets'));
  if (buckets !== undefined && !(Number.isInteger(buckets) && buckets >= 1)) throw new UsageError('--phrase-buckets needs a whole number of at least 1');
  const againstWeight = text('against-filter-weight') === undefined ? 1 : Number(text('against-filter-weight'));
  if (!(againstWeight >= 1)) throw new UsageError('--against-filter-weight needs a number of at least 1, e.g. 2');
  const againstLabel = text('against-filter-label');
  if (againstLabel !== undefined && againstLabel !== 'spam' && againstLabel !== 'ham') throw new UsageError('--against-filter-label needs spam or ham');
  return { sitePhrases: values['no-site-phrases'] !== true, buckets, seeds, againstWeight, againstLabel };
}
function seedRange(spec: string): number[] {
  const [a, b] = spec.split('-').map(Number);
  if (!Number.isInteger(a) || (b !== undefined && !Number.isInteger(b))) throw new UsageError('--seeds needs a range, e.g. 10-19');
  return Array.from({ length: (b ?? a!) - a! + 1 }, (_, i) => a! + i);
}

/** The site's counts after its training comments, learned as `protocol` says. */
function learn(model: SpamModel, train: readonly LabeledDoc[], protocol: SplitProtocol, scoring: Partial<ScoringOptions>, flags: SplitFlags, siteFeatures: FeaturesOf): LearnedCounts {
  const againstWeight = (label: 'spam' | 'ham', spamScore: number): number => weightAgainst(flags, label, spamScore);
  if (protocol === 'decided' || protocol === 'thinned') {
    const docs = protocol === 'thinned' ? thinSpam(train, 0.1) : train;
    const l = emptyLearned();
    for (const d of docs) {
      const features = siteFeatures(d);
      // The verdict the filter gave the comment: its score with the site's counts so far (nothing observed here).
      const spamScore = flags.againstWeight === 1 ? 0 : scoreSubmission(model, d, { features, learned: l, scoring }).spamScore;
      addWeightedDecision(l, d.label, features, flags.againstWeight === 1 ? 1 : againstWeight(d.label, spamScore));
    }
    return l;
  }
  return learnObserved(model, train, scoring, siteFeatures, protocol === 'observed-decided', againstWeight);
}

/** How many times a decision counts given the score its comment had: the flags' weight when the two disagree. */
function weightAgainst(flags: SplitFlags, label: 'spam' | 'ham', spamScore: number): number {
  if (flags.againstLabel !== undefined && label !== flags.againstLabel) return 1;
  return spamScore >= DEFAULT_THRESHOLDS.flag === (label === 'spam') ? 1 : flags.againstWeight;
}

export interface SplitResult {
  site: string;
  split: string;
  protocol: SplitProtocol;
  tested: number;
  testHam: number;
  wrong: number;
  hamBlocked: number;
}

/** Every site, split and protocol, scored with `scoring` (on top of the shipped defaults). */
export function runSplits(scoring: Partial<ScoringOptions> = {}, progress: (m: string) => void = () => {}, flags: SplitFlags = DEFAULT_FLAGS): SplitResult[] {
  const out: SplitResult[] = [];
  const siteFeatures = siteFeaturesWith({ sitePhrases: flags.sitePhrases, buckets: flags.buckets });
  for (const c of PUBLIC_CORPORA.filter((x) => x.protocol !== null)) {
    progress(`splits: ${c.id}`);
    const { docs } = readCorpus(c.path, c.format);
    const model = baseWithout(c.id);
    for (const s of splitsOf(c.protocol!, docs, flags.seeds)) {
      for (const protocol of SPLIT_PROTOCOLS) {
        const learned = learn(model, s.train, protocol, scoring, flags, siteFeatures);
        let wrong = 0;
        let hamBlocked = 0;
        for (const d of s.test) {
          const held = scoreSubmission(model, d, { features: siteFeatures(d), learned, scoring }).spamScore >= DEFAULT_THRESHOLDS.flag;
          if (held !== (d.label === 'spam')) wrong++;
          if (held && d.label === 'ham') hamBlocked++;
        }
        out.push({ site: c.id, split: s.name, protocol, tested: s.test.length, testHam: s.test.filter((d) => d.label === 'ham').length, wrong, hamBlocked });
      }
    }
  }
  return out;
}

/** Sums per site and protocol, then per protocol for the videos and for the text messages. */
export function splitsTable(rows: readonly SplitResult[], detail = false): string {
  const lines = ['| site | protocol | splits | tested | wrong | ham blocked (of test ham) |', '|---|---|---|---|---|---|'];
  const sum = (rs: readonly SplitResult[]) => rs.reduce((a, r) => ({ n: a.n + 1, tested: a.tested + r.tested, ham: a.ham + r.testHam, wrong: a.wrong + r.wrong, hb: a.hb + r.hamBlocked }), { n: 0, tested: 0, ham: 0, wrong: 0, hb: 0 });
  const line = (site: string, protocol: string, rs: readonly SplitResult[]) => {
    const t = sum(rs);
    lines.push(`| ${site} | ${protocol} | ${t.n} | ${t.tested} | ${t.wrong} | ${t.hb} (of ${t.ham}) |`);
  };
  const sites = [...new Set(rows.map((r) => r.site))];
  for (const site of sites) for (const p of SPLIT_PROTOCOLS) line(site, p, rows.filter((r) => r.site === site && r.protocol === p));
  for (const p of SPLIT_PROTOCOLS) line('videos', p, rows.filter((r) => r.site.startsWith('youtube') && r.protocol === p));
  line('videos', 'all', rows.filter((r) => r.site.startsWith('youtube')));
  line('sms', 'all', rows.filter((r) => r.site === 'sms'));
  if (detail) {
    lines.push('', '| site | split | protocol | tested | wrong | ham blocked |', '|---|---|---|---|---|---|');
    for (const r of rows) lines.push(`| ${r.site} | ${r.split} | ${r.protocol} | ${r.tested} | ${r.wrong} | ${r.hamBlocked} (of ${r.testHam}) |`);
  }
  return lines.join('\n');
}

if (isMain(import.meta.url)) {
  runBench('bench:adaptation-splits', async () => {
    const { values } = parseCli(process.argv.slice(2), {
      scoring: { type: 'string' }, 'no-site-phrases': { type: 'boolean' }, 'phrase-buckets': { type: 'string' }, seeds: { type: 'string' },
      'against-filter-weight': { type: 'string' }, 'against-filter-label': { type: 'string' }, detail: { type: 'boolean' }, json: { type: 'boolean' },
    });
    let scoring: Partial<ScoringOptions> = {};
    if (values.scoring !== undefined) {
      try {
        scoring = JSON.parse(values.scoring) as Partial<ScoringOptions>;
      } catch {
        throw new UsageError('--scoring needs a JSON object, e.g. \'{"sitePriorDocs": 5}\'');
      }
    }
    const rows = runSplits(scoring, (m) => process.stderr.write(`${m}\n`), splitFlags(values));
    if (values.json) console.log(JSON.stringify({ scoring, splits: rows }, null, 2));
    else console.log(splitsTable(rows, values.detail));
  });
}
