/**
 * Side-by-side benchmark of our naive Bayes against natural's BayesClassifier on the same splits of every
 * public corpus (TubeSpam chronological 70/30 per video, SMS stratified 70/30 seed 42): accuracy, ham blocked,
 * spam caught, µs per comment, training time and model bytes. Our threshold is picked on the training split
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

function score(m: SpamModel, docs: readonly LabeledDoc[]): Scored[] {
  return docs.map((d) => ({ score: scoreSubmission(m, d).spamScore, spam: d.label === 'spam' }));
}

/** Threshold chosen on training data only: pooled out-of-fold scores, ham blocked <= target. */
export function cvThreshold(docs: readonly LabeledDoc[], maxHamBlocked = 0.01, k = 5): number {
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
  trainMs: number;
  modelBytes: number;
  threshold: string;
}

const rows: Row[] = [];
const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const skipNatural = process.argv.includes('--no-natural');

for (const c of PUBLIC_CORPORA) {
  const { docs } = readCorpus(c.path);
  const { train: tr, test: te } = c.protocol === 'chronological' ? chronologicalSplit(docs) : stratifiedSplit(docs);

  let t0 = performance.now();
  const model = train(tr);
  const trainMs = performance.now() - t0;
  const bytes = Buffer.byteLength(serializeSpamModel(model));
  // Warm up the JIT on the training set so µs/comment reflects steady-state scoring.
  for (let r = 0; r < 3; r++) for (const d of tr) scoreSubmission(model, d);
  const REPS = 5;
  t0 = performance.now();
  for (let r = 1; r < REPS; r++) score(model, te);
  const items = score(model, te);
  const us = ((performance.now() - t0) * 1000) / (te.length * REPS);
  const tCv = cvThreshold(tr);
  for (const [label, t] of [
    ['ours @ 0.5 (argmax)', 0.5],
    [`ours @ default flag ${DEFAULT_THRESHOLDS.flag}`, DEFAULT_THRESHOLDS.flag],
    ['ours @ CV threshold', tCv],
  ] as const) {
    const m = metricsAt(items, t);
    rows.push({ corpus: c.id, system: label, accuracy: m.accuracy, hamBlocked: m.hamBlocked, spamCaught: m.spamCaught, usPerComment: us, trainMs, modelBytes: bytes, threshold: t.toPrecision(3) });
  }

  if (!skipNatural) {
    const nb = new BayesClassifier();
    t0 = performance.now();
    for (const d of tr) nb.addDocument(d.text, d.label);
    nb.train();
    const nTrainMs = performance.now() - t0;
    const nBytes = Buffer.byteLength(JSON.stringify(nb));
    t0 = performance.now();
    const preds = te.map((d) => nb.classify(d.text));
    const nUs = ((performance.now() - t0) * 1000) / te.length;
    const nItems: Scored[] = preds.map((p, i) => ({ score: p === 'spam' ? 1 : 0, spam: te[i]!.label === 'spam' }));
    const m = metricsAt(nItems, 0.5);
    rows.push({ corpus: c.id, system: 'natural BayesClassifier', accuracy: m.accuracy, hamBlocked: m.hamBlocked, spamCaught: m.spamCaught, usPerComment: nUs, trainMs: nTrainMs, modelBytes: nBytes, threshold: 'argmax' });
  }
}

const header = ['corpus', 'system', 'threshold', 'accuracy', 'ham blocked', 'spam caught', 'µs/comment', 'train ms', 'model bytes'];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const r of rows) {
  console.log(
    `| ${r.corpus} | ${r.system} | ${r.threshold} | ${pct(r.accuracy)} | ${pct(r.hamBlocked)} | ${pct(r.spamCaught)} | ${r.usPerComment.toFixed(1)} | ${r.trainMs.toFixed(0)} | ${r.modelBytes} |`,
  );
}
console.log(`\nmachine: ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, Node ${process.version}`);
