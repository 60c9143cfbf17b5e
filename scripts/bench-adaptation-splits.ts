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
import { addWeightedDecision, baseWithout, emptyLearned, learnObserved, siteFeaturesWith, thinSpam } from './bench-site-adaptation.ts';

interface NamedSplit extends Split {
  name: string;
}

/** The splits of one site: the training part in the order its comments would arrive. */
function splitsOf(protocol: 'chronological' | 'stratified', docs: readonly LabeledDoc[]): NamedSplit[] {
  const shuffledTrain = (s: Split, seed: number): NamedSplit => {
    return { name: `stratified seed ${seed}`, train: shuffled(s.train, mulberry32(seed + 1000)), test: s.test };
  };
  if (protocol === 'chronological') {
    const chrono = (share: number): NamedSplit => {
      const s = chronologicalSplit(docs, share);
      return { name: `time ${Math.round(share * 100)}/${Math.round((1 - share) * 100)}`, train: oldestFirst(s.train), test: s.test };
    };
    if (SEEDS) return SEEDS.map((seed) => shuffledTrain(stratifiedSplit(docs, 0.7, seed), seed));
    return [chrono(0.7), chrono(0.5), chrono(0.8), shuffledTrain(stratifiedSplit(docs, 0.7, 2), 2), shuffledTrain(stratifiedSplit(docs, 0.7, 3), 3)];
  }
  return (SEEDS ?? [42, 2, 3]).map((seed) => shuffledTrain(stratifiedSplit(docs, 0.7, seed), seed));
}

export const SPLIT_PROTOCOLS = ['decided', 'observed-decided', 'held-only', 'thinned'] as const;
export type SplitProtocol = (typeof SPLIT_PROTOCOLS)[number];

/** `--no-site-phrases` measures without the site phrases; `--phrase-buckets N` with another hash space. */
const ARGV = process.argv.slice(2);
const SITE_PHRASES = !ARGV.includes('--no-site-phrases');
/** `--seeds 10-19`: only stratified splits with these seeds, for every site (more splits than the default five). */
const SEEDS = ARGV.includes('--seeds') ? seedRange(ARGV[ARGV.indexOf('--seeds') + 1] ?? '') : undefined;
function seedRange(spec: string): number[] {
  const [a, b] = spec.split('-').map(Number);
  if (!Number.isInteger(a) || (b !== undefined && !Number.isInteger(b))) throw new Error('--seeds needs a range, e.g. 10-19');
  return Array.from({ length: (b ?? a!) - a! + 1 }, (_, i) => a! + i);
}
const BUCKETS = ARGV.includes('--phrase-buckets') ? Number(ARGV[ARGV.indexOf('--phrase-buckets') + 1]) : undefined;
/** `--against-filter-weight W`: a decision against the filter's verdict counts W times (1: every decision once). */
const AGAINST_WEIGHT = ARGV.includes('--against-filter-weight') ? Number(ARGV[ARGV.indexOf('--against-filter-weight') + 1]) : 1;
if (!(AGAINST_WEIGHT >= 1)) throw new Error('--against-filter-weight needs a number of at least 1, e.g. 2');
const AGAINST_LABEL = ARGV.includes('--against-filter-label') ? ARGV[ARGV.indexOf('--against-filter-label') + 1] : undefined;
if (AGAINST_LABEL !== undefined && AGAINST_LABEL !== 'spam' && AGAINST_LABEL !== 'ham') throw new Error('--against-filter-label needs spam or ham');

/** What the worker scores and the learning store learns: the comment's features and, unless turned off, its site phrases. */
const siteFeatures = siteFeaturesWith({ sitePhrases: SITE_PHRASES, buckets: BUCKETS });

/** The site's counts after its training comments, learned as `protocol` says. */
function learn(model: SpamModel, train: readonly LabeledDoc[], protocol: SplitProtocol, scoring: Partial<ScoringOptions>): LearnedCounts {
  if (protocol === 'decided' || protocol === 'thinned') {
    const docs = protocol === 'thinned' ? thinSpam(train, 0.1) : train;
    const l = emptyLearned();
    for (const d of docs) {
      const features = siteFeatures(d);
      // The verdict the filter gave the comment: its score with the site's counts so far (nothing observed here).
      const spamScore = AGAINST_WEIGHT === 1 ? 0 : scoreSubmission(model, d, { features, learned: l, scoring }).spamScore;
      addWeightedDecision(l, d.label, features, AGAINST_WEIGHT === 1 ? 1 : againstWeight(d.label, spamScore));
    }
    return l;
  }
  return learnObserved(model, train, scoring, siteFeatures, protocol === 'observed-decided', againstWeight);
}

/** How many times a decision counts given the score its comment had: AGAINST_WEIGHT when the two disagree. */
function againstWeight(label: 'spam' | 'ham', spamScore: number): number {
  if (AGAINST_LABEL !== undefined && label !== AGAINST_LABEL) return 1;
  return spamScore >= DEFAULT_THRESHOLDS.flag === (label === 'spam') ? 1 : AGAINST_WEIGHT;
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
export function runSplits(scoring: Partial<ScoringOptions> = {}, progress: (m: string) => void = () => {}): SplitResult[] {
  const out: SplitResult[] = [];
  for (const c of PUBLIC_CORPORA.filter((x) => x.protocol !== null)) {
    progress(`splits: ${c.id}`);
    const { docs } = readCorpus(c.path, c.format);
    const model = baseWithout(c.id);
    for (const s of splitsOf(c.protocol!, docs)) {
      for (const protocol of SPLIT_PROTOCOLS) {
        const learned = learn(model, s.train, protocol, scoring);
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
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--scoring');
  let scoring: Partial<ScoringOptions> = {};
  if (i >= 0) {
    try {
      scoring = JSON.parse(argv[i + 1] ?? '') as Partial<ScoringOptions>;
    } catch {
      process.stderr.write('bench:adaptation-splits: --scoring needs a JSON object, e.g. \'{"sitePriorDocs": 5}\'\n');
      process.exit(2);
    }
  }
  const rows = runSplits(scoring, (m) => process.stderr.write(`${m}\n`));
  if (argv.includes('--json')) console.log(JSON.stringify({ scoring, splits: rows }, null, 2));
  else console.log(splitsTable(rows, argv.includes('--detail')));
}
