/**
 * The classify CLI against natural's BayesClassifier, per comment, on the same comments and in the same run
 * (part of `npm run bench:classifier`; alone: `node --import tsx scripts/bench-classify-speed.ts [--rounds N]`).
 *
 * - The comments: every 4th comment of every public corpus (a stratified quarter, so natural's O(vocabulary)
 *   classify stays affordable). natural is trained on every corpus comment once (what the shipped model is
 *   trained on) and classifies them in process; the CLI scores the same comments.
 * - The CLI is the built one (`dist/src/cli/classify.js`, what `npm run classify` runs), one invocation on the
 *   sample repeated 4× (JIT warm-up and process start-up amortised as in a long-running worker); its time per
 *   comment is (total − the same CLI on an empty input, i.e. Node start-up plus loading the model) / lines.
 *   The sample once, unrepeated, is reported too.
 * - Rounds interleave empty, repeated, once and natural, so load from other processes hits all of them alike;
 *   every figure is the median over rounds, and the ratio is also given as the median of per-round ratios.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';
import { readCorpus, type LabeledDoc } from '../src/spam/corpus.ts';
import { PUBLIC_CORPORA } from '../src/spam/splits.ts';
import { stripHtml } from '../src/spam/tokenize.ts';
import { isMain } from '../src/runtime/is-main.ts';

/** Figures of one speed measurement (medians over rounds). */
export interface ClassifySpeed {
  /** Distinct comments timed (both sides). */
  comments: number;
  /** Lines given to the CLI in the repeated run. */
  cliLines: number;
  rounds: number;
  startupMs: number;
  totalMs: number;
  /** CLI µs per comment, repeated input, start-up subtracted. */
  usPerComment: number;
  /** CLI µs per comment on the sample once, start-up subtracted. */
  usPerCommentOnce: number;
  naturalUs: number;
  /** Median over rounds of (CLI µs / natural µs), repeated input. */
  ratio: number;
  /** Same for the sample once. */
  ratioOnce: number;
}

const SAMPLE_EVERY = 4;
const REPEAT = 4;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Runs the measurement; `progress` gets one line per step. */
export function measureClassifySpeed(rounds = 3, progress: (msg: string) => void = () => {}): ClassifySpeed {
  const cli = join(process.cwd(), 'dist/src/cli/classify.js');
  if (!existsSync(cli)) throw new Error('dist/src/cli/classify.js is missing: run `npm run build` first');
  const corpora: LabeledDoc[][] = PUBLIC_CORPORA.map((c) => readCorpus(c.path, c.format).docs);
  const sample = corpora.flatMap((docs) => docs.filter((_, i) => i % SAMPLE_EVERY === 0));
  const nb = new BayesClassifier();
  for (const docs of corpora) for (const d of docs) nb.addDocument(stripHtml(d.text), d.label);
  nb.train();
  const texts = sample.map((d) => stripHtml(d.text));

  const dir = mkdtempSync(join(tmpdir(), 'bench-classify-'));
  try {
    const lines = sample.map((d) => JSON.stringify({ text: d.text, name: d.name ?? null }));
    const files = { empty: join(dir, 'empty.jsonl'), once: join(dir, 'once.jsonl'), repeated: join(dir, 'repeated.jsonl') };
    writeFileSync(files.empty, '');
    writeFileSync(files.once, lines.join('\n') + '\n');
    writeFileSync(files.repeated, Array.from({ length: REPEAT }, () => lines.join('\n')).join('\n') + '\n');
    const run = (file: string): number => {
      const t = performance.now();
      const r = spawnSync(process.execPath, [cli, '--input', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
      if (r.status !== 0) throw new Error(`classify failed: ${r.stderr}`);
      return performance.now() - t;
    };
    // One warm-up of each side (disk cache, natural's first pass).
    run(files.empty);
    for (const t of texts.slice(0, 100)) nb.classify(t);
    const per = { startup: [] as number[], total: [] as number[], once: [] as number[], natural: [] as number[], ratio: [] as number[], ratioOnce: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      const startup = run(files.empty);
      const total = run(files.repeated);
      const once = run(files.once);
      const t = performance.now();
      for (const x of texts) nb.classify(x);
      const naturalUs = ((performance.now() - t) * 1000) / texts.length;
      const us = ((total - startup) * 1000) / (lines.length * REPEAT);
      const usOnce = ((once - startup) * 1000) / lines.length;
      per.startup.push(startup);
      per.total.push(total);
      per.once.push(usOnce);
      per.natural.push(naturalUs);
      per.ratio.push(us / naturalUs);
      per.ratioOnce.push(usOnce / naturalUs);
      progress(`speed round ${r + 1}/${rounds}: CLI ${us.toFixed(1)} µs/comment (once ${usOnce.toFixed(1)}), natural ${naturalUs.toFixed(0)} µs/comment`);
    }
    const startupMs = median(per.startup);
    const totalMs = median(per.total);
    return {
      comments: sample.length,
      cliLines: lines.length * REPEAT,
      rounds,
      startupMs,
      totalMs,
      usPerComment: ((totalMs - startupMs) * 1000) / (lines.length * REPEAT),
      usPerCommentOnce: median(per.once),
      naturalUs: median(per.natural),
      ratio: median(per.ratio),
      ratioOnce: median(per.ratioOnce),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One paragraph for the bench's text output. */
export function classifySpeedText(s: ClassifySpeed): string {
  const frac = (x: number): string => `${x.toFixed(4)} (1/${Math.round(1 / x)})`;
  return (
    `classify CLI (built, shipped model) vs natural BayesClassifier (trained on every corpus comment), on the same ${s.comments} comments ` +
    `(every ${SAMPLE_EVERY}th of each corpus), ${s.rounds} interleaved rounds, medians:\n` +
    `  CLI ${s.cliLines} lines (the comments ×${REPEAT}) in ${s.totalMs.toFixed(0)} ms, empty-input start-up ${s.startupMs.toFixed(0)} ms → ${s.usPerComment.toFixed(1)} µs/comment\n` +
    `  CLI the comments once → ${s.usPerCommentOnce.toFixed(1)} µs/comment; natural ${s.naturalUs.toFixed(0)} µs/comment\n` +
    `  ours / natural per comment: ${frac(s.ratio)} (comments once: ${frac(s.ratioOnce)})`
  );
}

if (isMain(import.meta.url)) {
  const i = process.argv.indexOf('--rounds');
  const rounds = i > 0 ? Math.max(1, Number(process.argv[i + 1]) || 3) : 3;
  const s = measureClassifySpeed(rounds, (m) => process.stderr.write(`bench:classify-speed: ${m}\n`));
  if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(s, null, 2) + '\n');
  else console.log(classifySpeedText(s));
}
