/**
 * The classify CLI against natural's BayesClassifier, per comment, on the same comments and in the same run
 * (part of `npm run bench:classifier`; alone: `npm run bench:classify-speed -- [--rounds N] [--cli PATH] [--baseline PATH] [--json]`).
 *
 * - The comments: every 4th comment of every public corpus (a stratified quarter, so natural's O(vocabulary)
 *   classify stays affordable). natural is trained on every corpus comment once (what the shipped model is
 *   trained on) and classifies them in process; the CLI scores the same comments.
 * - The CLI is the built one (`dist/src/cli/classify.js`, what `npm run classify` runs), one invocation on the
 *   sample repeated 4× (JIT warm-up and process start-up amortised as in a long-running worker); its time per
 *   comment is (total − the same CLI on an empty input, i.e. Node start-up plus loading the model) / lines.
 *   The sample once, unrepeated, is reported too. So are the whole runs divided by their lines (start-up included:
 *   what someone timing the command on a batch sees).
 * - Rounds interleave empty, repeated, once and natural, so load from other processes hits all of them alike;
 *   every figure is the median over rounds, and the ratio is also given as the median of per-round ratios.
 * - `--baseline PATH` times a second build (an older commit's dist/, say) in the same rounds, interleaved with the
 *   first, for a before/after on a shared machine where load changes from minute to minute.
 * - Both wall-clock and CPU time (user + system, every thread: the CLI reports its own process.cpuUsage() on
 *   exit through a preloaded module; natural's loop is bracketed by process.cpuUsage()). On a shared machine CPU
 *   time is the steadier of the two, since waiting for a core is not counted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';
import { readCorpus, type LabeledDoc } from '../src/spam/corpus.ts';
import { PUBLIC_CORPORA } from '../src/spam/splits.ts';
import { stripHtml } from '../src/spam/tokenize.ts';
import { isMain } from '../src/runtime/is-main.ts';
import { checkArgs } from './bench-args.ts';

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
  /** The same figures in CPU time (user + system). */
  cpu: CpuFigures;
  /** With a baseline build: its path and CPU figures from the same rounds (medians; ratios against the same natural runs). */
  baseline?: { cli: string } & Omit<CpuFigures, 'naturalUs'>;
  /** 1-minute load average at the start and at the end of the measurement. */
  loadAverage: [start: number, end: number];
}

/** CPU-time figures of one build (medians over rounds). */
export interface CpuFigures {
  startupMs: number;
  usPerComment: number;
  usPerCommentOnce: number;
  naturalUs: number;
  ratio: number;
  ratioOnce: number;
  /** Whole run (start-up included) / lines, repeated input and the sample once, and their ratios to natural. */
  usPerLineWhole: number;
  usPerLineWholeOnce: number;
  ratioWhole: number;
  ratioWholeOnce: number;
}

const SAMPLE_EVERY = 4;
const REPEAT = 4;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Runs the measurement; `progress` gets one line per step. */
export function measureClassifySpeed(rounds = 3, progress: (msg: string) => void = () => {}, cliPath = 'dist/src/cli/classify.js', baselinePath?: string): ClassifySpeed {
  const load0 = loadavg()[0]!;
  const cli = resolve(cliPath);
  if (!existsSync(cli)) throw new Error(`${cliPath} is missing: run \`npm run build\` first`);
  const baseCli = baselinePath === undefined ? undefined : resolve(baselinePath);
  if (baseCli !== undefined && !existsSync(baseCli)) throw new Error(`${baselinePath} is missing`);
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
    // Preloaded into the CLI: reports the process's CPU time on stderr as it exits (stdout stays the CLI's).
    const cpuReport = join(dir, 'cpu-report.mjs');
    writeFileSync(cpuReport, "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`\\ncpu-us ${u.user + u.system}\\n`); });\n");
    const run = (file: string, build = cli): { wall: number; cpu: number } => {
      const t = performance.now();
      const r = spawnSync(process.execPath, ['--import', pathToFileURL(cpuReport).href, build, '--input', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
      const wall = performance.now() - t;
      const m = /cpu-us (\d+)/.exec(r.stderr);
      if (r.status !== 0 || !m) throw new Error(`classify failed: ${r.stderr}`);
      return { wall, cpu: Number(m[1]) / 1000 };
    };
    // One warm-up of each side (disk cache, natural's first pass).
    run(files.empty);
    for (const t of texts.slice(0, 100)) nb.classify(t);
    const n = lines.length;
    type Round = {
      startup: number;
      total: number;
      us: number;
      usOnce: number;
      naturalUs: number;
      ratio: number;
      ratioOnce: number;
      whole: number;
      wholeOnce: number;
      ratioWhole: number;
      ratioWholeOnce: number;
    };
    const wallRounds: Round[] = [];
    const cpuRounds: Round[] = [];
    const baseRounds: Round[] = [];
    const round = (startup: number, total: number, once: number, naturalUs: number): Round => {
      const us = ((total - startup) * 1000) / (n * REPEAT);
      const usOnce = ((once - startup) * 1000) / n;
      const whole = (total * 1000) / (n * REPEAT);
      const wholeOnce = (once * 1000) / n;
      return {
        startup,
        total,
        us,
        usOnce,
        naturalUs,
        ratio: us / naturalUs,
        ratioOnce: usOnce / naturalUs,
        whole,
        wholeOnce,
        ratioWhole: whole / naturalUs,
        ratioWholeOnce: wholeOnce / naturalUs,
      };
    };
    for (let r = 0; r < rounds; r++) {
      const startup = run(files.empty);
      const total = run(files.repeated);
      const once = run(files.once);
      const base = baseCli === undefined ? undefined : [run(files.empty, baseCli), run(files.repeated, baseCli), run(files.once, baseCli)];
      const c0 = process.cpuUsage();
      const t = performance.now();
      for (const x of texts) nb.classify(x);
      const wallUs = ((performance.now() - t) * 1000) / texts.length;
      const c = process.cpuUsage(c0);
      const cpuUs = (c.user + c.system) / texts.length;
      const w = round(startup.wall, total.wall, once.wall, wallUs);
      const k = round(startup.cpu, total.cpu, once.cpu, cpuUs);
      wallRounds.push(w);
      cpuRounds.push(k);
      if (base) baseRounds.push(round(base[0]!.cpu, base[1]!.cpu, base[2]!.cpu, cpuUs));
      progress(`speed round ${r + 1}/${rounds}: CLI ${w.us.toFixed(1)} µs/comment wall, ${k.us.toFixed(1)} CPU; natural ${w.naturalUs.toFixed(0)} wall, ${k.naturalUs.toFixed(0)} CPU`);
    }
    const med = (rs: Round[], key: keyof Round): number => median(rs.map((x) => x[key]));
    const cpuFigures = (rs: Round[]): CpuFigures => ({
      startupMs: med(rs, 'startup'),
      usPerComment: med(rs, 'us'),
      usPerCommentOnce: med(rs, 'usOnce'),
      naturalUs: med(rs, 'naturalUs'),
      ratio: med(rs, 'ratio'),
      ratioOnce: med(rs, 'ratioOnce'),
      usPerLineWhole: med(rs, 'whole'),
      usPerLineWholeOnce: med(rs, 'wholeOnce'),
      ratioWhole: med(rs, 'ratioWhole'),
      ratioWholeOnce: med(rs, 'ratioWholeOnce'),
    });
    return {
      comments: n,
      cliLines: n * REPEAT,
      rounds,
      startupMs: med(wallRounds, 'startup'),
      totalMs: med(wallRounds, 'total'),
      usPerComment: med(wallRounds, 'us'),
      usPerCommentOnce: med(wallRounds, 'usOnce'),
      naturalUs: med(wallRounds, 'naturalUs'),
      ratio: med(wallRounds, 'ratio'),
      ratioOnce: med(wallRounds, 'ratioOnce'),
      cpu: cpuFigures(cpuRounds),
      ...(baselinePath !== undefined
        ? (() => {
            const { naturalUs: _, ...rest } = cpuFigures(baseRounds);
            return { baseline: { cli: baselinePath, ...rest } };
          })()
        : {}),
      loadAverage: [load0, loadavg()[0]!],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One paragraph for the bench's text output. */
export function classifySpeedText(s: ClassifySpeed): string {
  const frac = (x: number): string => `${x.toFixed(4)} (1/${Math.round(1 / x)})`;
  const wholeLine = (c: Omit<CpuFigures, 'naturalUs'>): string =>
    `whole run / lines (start-up included): ${c.usPerLineWhole.toFixed(1)} µs (once: ${c.usPerLineWholeOnce.toFixed(1)}) → ours/natural ${frac(c.ratioWhole)} (once: ${frac(c.ratioWholeOnce)})`;
  return (
    `classify CLI (built, shipped model) vs natural BayesClassifier (trained on every corpus comment), on the same ${s.comments} comments ` +
    `(every ${SAMPLE_EVERY}th of each corpus), ${s.rounds} interleaved rounds, medians; CLI per comment = (run − empty-input run) / lines; ` +
    `load average ${s.loadAverage[0].toFixed(1)} → ${s.loadAverage[1].toFixed(1)}:\n` +
    `  wall: CLI ${s.cliLines} lines (the comments ×${REPEAT}) in ${s.totalMs.toFixed(0)} ms, empty input ${s.startupMs.toFixed(0)} ms → ${s.usPerComment.toFixed(1)} µs/comment ` +
    `(the comments once: ${s.usPerCommentOnce.toFixed(1)}); natural ${s.naturalUs.toFixed(0)} µs/comment → ours/natural ${frac(s.ratio)} (once: ${frac(s.ratioOnce)})\n` +
    `  CPU:  CLI ${s.cpu.usPerComment.toFixed(1)} µs/comment (once: ${s.cpu.usPerCommentOnce.toFixed(1)}; empty input ${s.cpu.startupMs.toFixed(0)} ms); natural ${s.cpu.naturalUs.toFixed(0)} µs/comment → ` +
    `ours/natural ${frac(s.cpu.ratio)} (once: ${frac(s.cpu.ratioOnce)})\n` +
    `        ${wholeLine(s.cpu)}` +
    (s.baseline
      ? `\n  baseline ${s.baseline.cli}, same rounds, CPU: ${s.baseline.usPerComment.toFixed(1)} µs/comment (once: ${s.baseline.usPerCommentOnce.toFixed(1)}; ` +
        `empty input ${s.baseline.startupMs.toFixed(0)} ms) → ours/natural ${frac(s.baseline.ratio)} (once: ${frac(s.baseline.ratioOnce)})\n` +
        `        ${wholeLine(s.baseline)}`
      : '')
  );
}

if (isMain(import.meta.url)) {
  checkArgs('bench:classify-speed', ['--json'], ['--rounds', '--cli', '--baseline']);
  const i = process.argv.indexOf('--rounds');
  const rounds = i > 0 ? Math.max(1, Number(process.argv[i + 1]) || 3) : 3;
  // --cli PATH (relative to the repository) times another build of the CLI, e.g. an older commit's, the same way.
  const c = process.argv.indexOf('--cli');
  const b = process.argv.indexOf('--baseline');
  const s = measureClassifySpeed(rounds, (m) => process.stderr.write(`bench:classify-speed: ${m}\n`), c > 0 ? process.argv[c + 1] : undefined, b > 0 ? process.argv[b + 1] : undefined);
  if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(s, null, 2) + '\n');
  else console.log(classifySpeedText(s));
}
