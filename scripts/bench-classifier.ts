/**
 * Side-by-side benchmark of our naive Bayes against natural's BayesClassifier on the same splits of every
 * public corpus (TubeSpam chronological 70/30 per video, SMS stratified 70/30 seed 42): accuracy, ham blocked,
 * spam caught, µs per comment (warm, median of passes, ours = extract + score) and the speed ratio against natural
 * measured in the same run, training time and model bytes. Our threshold is picked on the training split
 * only (5-fold CV, lowest threshold with CV ham blocked <= 1%), never on the test split.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';
import { scoreSubmission } from '../src/spam/classifier.ts';
import { readCorpus, type LabeledDoc } from '../src/spam/corpus.ts';
import { extractFeatures } from '../src/spam/features.ts';
import { metricsAt, thresholdForHamBlocked, type Scored } from '../src/spam/metrics.ts';
import { DEFAULT_THRESHOLDS } from '../src/spam/policy.ts';
import { emptySpamModel, serializeSpamModel, trainOne, type SpamModel } from '../src/spam/spam-model.ts';
import { PUBLIC_CORPORA, chronologicalSplit, stratifiedFolds, stratifiedSplit } from '../src/spam/splits.ts';

function train(docs: readonly LabeledDoc[]): SpamModel {
  const m = emptySpamModel();
  for (const d of docs) trainOne(m, d, d.label);
  return m;
}

function score(m: SpamModel, docs: readonly LabeledDoc[], alpha?: number): Scored[] {
  const opts = alpha === undefined ? {} : { scoring: { alpha } };
  return docs.map((d) => ({ score: scoreSubmission(m, d, opts).spamScore, spam: d.label === 'spam' }));
}

const ALPHAS = [0.1, 0.25, 0.5, 1, 2] as const;

/**
 * Smoothing chosen on training data only: the alpha with the best 5-fold CV accuracy at 0.5 (ties go to the
 * alpha nearest the default 1). The shipped scorer keeps alpha = 1 (see docs/classifier.md); this row shows
 * what per-corpus tuning buys under the protocol.
 */
function cvAlpha(docs: readonly LabeledDoc[], k = 5): number {
  const folds = stratifiedFolds(docs, k);
  const models = folds.map((_fold, i) => train(folds.filter((_other, j) => j !== i).flat()));
  let best = 1;
  let bestAcc = -1;
  for (const a of ALPHAS) {
    const oof = folds.flatMap((test, i) => score(models[i]!, test, a));
    const acc = metricsAt(oof, 0.5).accuracy;
    if (acc > bestAcc + 1e-12 || (Math.abs(acc - bestAcc) <= 1e-12 && Math.abs(Math.log(a)) < Math.abs(Math.log(best)))) {
      best = a;
      bestAcc = acc;
    }
  }
  return best;
}

/** Threshold chosen on training data only: pooled out-of-fold scores, ham blocked <= target. */
function cvThreshold(docs: readonly LabeledDoc[], maxHamBlocked = 0.01, k = 5): number {
  const folds = stratifiedFolds(docs, k);
  const oof: Scored[] = [];
  folds.forEach((test, i) => {
    const m = train(folds.filter((_, j) => j !== i).flat());
    oof.push(...score(m, test));
  });
  return thresholdForHamBlocked(oof, maxHamBlocked);
}

interface Row {
  corpus: string;
  system: string;
  accuracy: number;
  hamBlocked: number;
  spamCaught: number;
  usPerComment: number;
  speedup: string;
  trainMs: number;
  modelBytes: number;
  threshold: string;
}

const rows: Row[] = [];

/**
 * A replication of the TubeSpam paper's best LMFAO system, for reference: Bernoulli naive Bayes (alpha 1,
 * evidence from absent words too) on scikit-learn CountVectorizer's default tokens (`\b\w\w+\b`, lower-cased).
 * It shows how far the published figures are from what that method gives on this copy of the data and split.
 */
function tubespamBernoulli(tr: readonly LabeledDoc[], te: readonly LabeledDoc[]): Scored[] {
  const words = (t: string) => new Set(t.toLowerCase().match(/\b\w\w+\b/gu) ?? []);
  const counts = new Map<string, [number, number]>();
  let ns = 0;
  let nh = 0;
  for (const d of tr) {
    const spam = d.label === 'spam';
    if (spam) ns++;
    else nh++;
    for (const w of words(d.text)) {
      const c = counts.get(w) ?? [0, 0];
      c[spam ? 0 : 1]++;
      counts.set(w, c);
    }
  }
  let baseS = Math.log(ns / (ns + nh));
  let baseH = Math.log(nh / (ns + nh));
  const present = new Map<string, [number, number]>();
  for (const [w, [s, h]] of counts) {
    const ps = (s + 1) / (ns + 2);
    const ph = (h + 1) / (nh + 2);
    baseS += Math.log(1 - ps);
    baseH += Math.log(1 - ph);
    present.set(w, [Math.log(ps) - Math.log(1 - ps), Math.log(ph) - Math.log(1 - ph)]);
  }
  return te.map((d) => {
    let s = baseS;
    let h = baseH;
    for (const w of words(d.text)) {
      const v = present.get(w);
      if (v) {
        s += v[0];
        h += v[1];
      }
    }
    return { score: s > h ? 1 : 0, spam: d.label === 'spam' };
  });
}
const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const skipNatural = process.argv.includes('--no-natural');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/**
 * Warm µs per comment: `reps` timed passes over `docs` after `warm` untimed calls, median pass. The machine is
 * shared, so single passes vary a lot; the median of several is what the tables report.
 */
function usPerDoc(docs: readonly LabeledDoc[], fn: (d: LabeledDoc) => unknown, reps: number, warmDocs: readonly LabeledDoc[]): number {
  let sink = 0;
  for (const d of warmDocs) sink += fn(d) ? 1 : 0;
  const passes: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    for (const d of docs) sink += fn(d) ? 1 : 0;
    passes.push(((performance.now() - t0) * 1000) / docs.length);
  }
  if (sink < 0) console.log(sink);
  return median(passes);
}

function trainNatural(docs: readonly LabeledDoc[]): { nb: BayesClassifier; ms: number } {
  const nb = new BayesClassifier();
  const t0 = performance.now();
  for (const d of docs) nb.addDocument(d.text, d.label);
  nb.train();
  return { nb, ms: performance.now() - t0 };
}

/** Ours (extract + score, the whole per-comment path) against natural's classify on the same docs, same run. */
function speedRows(model: SpamModel, tr: readonly LabeledDoc[], te: readonly LabeledDoc[]): { ours: number; natural: number | null; nb: BayesClassifier | null; nTrainMs: number } {
  const warm = [...tr, ...tr, ...tr];
  const ours = usPerDoc(te, (d) => scoreSubmission(model, d).spamScore, 15, warm);
  if (skipNatural) return { ours, natural: null, nb: null, nTrainMs: 0 };
  const { nb, ms } = trainNatural(tr);
  // natural costs ~0.1-2 ms a comment: warm it on up to 300 training docs, 3 timed passes.
  const natural = usPerDoc(te, (d) => nb.classify(d.text), 3, tr.slice(0, 300));
  return { ours, natural, nb, nTrainMs: ms };
}

// Warm the whole path once on every corpus first, so the first corpus is not timed on a cold JIT.
{
  const docs = PUBLIC_CORPORA.flatMap((c) => readCorpus(c.path).docs);
  const m = train(docs);
  for (let r = 0; r < 5; r++) score(m, docs);
}

const ratio = (n: number | null, o: number): string => (n === null ? '' : `${(n / o).toFixed(0)}×`);
const speedNotes: string[] = [];

for (const c of PUBLIC_CORPORA) {
  const { docs } = readCorpus(c.path);
  const { train: tr, test: te } = c.protocol === 'chronological' ? chronologicalSplit(docs) : stratifiedSplit(docs);

  const t0 = performance.now();
  const model = train(tr);
  const trainMs = performance.now() - t0;
  const bytes = Buffer.byteLength(serializeSpamModel(model));
  const sp = speedRows(model, tr, te);
  const items = score(model, te);
  const tCv = cvThreshold(tr);
  for (const [label, t] of [
    ['ours @ 0.5 (argmax)', 0.5],
    [`ours @ default flag ${DEFAULT_THRESHOLDS.flag}`, DEFAULT_THRESHOLDS.flag],
    ['ours @ CV threshold', tCv],
  ] as const) {
    const m = metricsAt(items, t);
    rows.push({ corpus: c.id, system: label, accuracy: m.accuracy, hamBlocked: m.hamBlocked, spamCaught: m.spamCaught, usPerComment: sp.ours, speedup: ratio(sp.natural, sp.ours), trainMs, modelBytes: bytes, threshold: t.toPrecision(3) });
  }
  const alpha = cvAlpha(tr);
  {
    const m = metricsAt(score(model, te, alpha), 0.5);
    rows.push({ corpus: c.id, system: `ours @ 0.5, alpha ${alpha} by train CV`, accuracy: m.accuracy, hamBlocked: m.hamBlocked, spamCaught: m.spamCaught, usPerComment: sp.ours, speedup: ratio(sp.natural, sp.ours), trainMs, modelBytes: bytes, threshold: '0.500' });
  }

  if (c.protocol === 'chronological') {
    const m = metricsAt(tubespamBernoulli(tr, te), 0.5);
    rows.push({ corpus: c.id, system: 'TubeSpam Bernoulli NB (replication)', accuracy: m.accuracy, hamBlocked: m.hamBlocked, spamCaught: m.spamCaught, usPerComment: NaN, speedup: '', trainMs: NaN, modelBytes: NaN, threshold: 'argmax' });
  }

  if (sp.nb && sp.natural !== null) {
    const nb = sp.nb;
    const nBytes = Buffer.byteLength(JSON.stringify(nb));
    const nItems: Scored[] = te.map((d) => ({ score: nb.classify(d.text) === 'spam' ? 1 : 0, spam: d.label === 'spam' }));
    const m = metricsAt(nItems, 0.5);
    rows.push({ corpus: c.id, system: 'natural BayesClassifier', accuracy: m.accuracy, hamBlocked: m.hamBlocked, spamCaught: m.spamCaught, usPerComment: sp.natural, speedup: '1×', trainMs: sp.nTrainMs, modelBytes: nBytes, threshold: 'argmax' });
  }
}

// The default model's setting: trained on every corpus (largest vocabulary, where natural's per-comment scan of
// the whole vocabulary costs most), timed on the union of the test splits (which it has seen; speed only).
{
  const all: LabeledDoc[] = [];
  const tests: LabeledDoc[] = [];
  for (const c of PUBLIC_CORPORA) {
    const { docs } = readCorpus(c.path);
    all.push(...docs);
    tests.push(...(c.protocol === 'chronological' ? chronologicalSplit(docs) : stratifiedSplit(docs)).test);
  }
  const t0 = performance.now();
  const model = train(all);
  const trainMs = performance.now() - t0;
  const sample = tests.filter((_, i) => i % 2 === 0);
  const sp = speedRows(model, all, sample);
  speedNotes.push(
    `all corpora (${all.length} docs, ${model.tokens.size} features unpruned), timed on ${sample.length} test comments: ours ${sp.ours.toFixed(1)} µs/comment` +
      (sp.natural !== null ? `, natural ${sp.natural.toFixed(0)} µs/comment → ${ratio(sp.natural, sp.ours)} faster (natural trained in ${(sp.nTrainMs / 1000).toFixed(1)} s, ours in ${trainMs.toFixed(0)} ms)` : ''),
  );
  // The parts of our path, for the docs: extraction alone and scoring with precomputed features.
  const feats = new Map(sample.map((d) => [d, extractFeatures(d)]));
  const ex = usPerDoc(sample, (d) => extractFeatures(d).length, 15, all);
  const sc = usPerDoc(sample, (d) => scoreSubmission(model, d, { features: feats.get(d)! }).spamScore, 15, sample);
  speedNotes.push(`  of which feature extraction ${ex.toFixed(1)} µs, scoring with precomputed features ${sc.toFixed(1)} µs`);
}

const orBlank = (s: string): string => (s === 'NaN' ? '' : s);
const header = ['corpus', 'system', 'threshold', 'accuracy', 'ham blocked', 'spam caught', 'µs/comment', '× natural speed', 'train ms', 'model bytes'];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const r of rows) {
  console.log(
    `| ${r.corpus} | ${r.system} | ${r.threshold} | ${pct(r.accuracy)} | ${pct(r.hamBlocked)} | ${pct(r.spamCaught)} | ${orBlank(r.usPerComment.toFixed(1))} | ${r.speedup} | ${orBlank(r.trainMs.toFixed(0))} | ${orBlank(String(r.modelBytes))} |`,
  );
}
console.log('');
for (const n of speedNotes) console.log(n);
console.log(`\nmachine: ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, Node ${process.version}; µs = median of timed passes after warm-up (ours 15, natural 3)`);

// Site adaptation (scripts/bench-site-adaptation.ts): the 70/30 protocol per video on top of the default recipe.
{
  const { runSiteAdaptation, adaptationTable } = await import('./bench-site-adaptation.ts');
  console.log('\n## Site adaptation\n');
  console.log(adaptationTable(runSiteAdaptation((m) => process.stderr.write(`${m}\n`))));
}
