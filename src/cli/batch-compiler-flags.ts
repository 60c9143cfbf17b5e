/**
 * V8 compiler settings for the batch CLIs (classify): a run scores a few thousand comments once and exits, so the
 * optimising compiler's own work is a large share of the run. A batch shorter than OPTIMISE_FROM_LINES runs without
 * it: its code runs as baseline (Sparkplug) code, which costs more per comment than optimised code but nothing to
 * compile, and the compiles did not pay for themselves before the batch ended (docs/classifier.md, the paragraph
 * "Short batches without the optimising compiler" under "natural's BayesClassifier on the same splits"). A longer
 * batch gets it back, with cheaper optimising compiles (no inlining, loop peeling, escape analysis or load
 * elimination). Long-running processes (API, worker) keep V8's defaults: there the compiles are paid once and
 * the code runs for days.
 */
import { setFlagsFromString } from 'node:v8';

const BATCH_COMPILER_FLAGS: readonly string[] = [
  '--no-turbo-inlining',
  '--no-turbo-loop-peeling',
  '--no-turbo-escape',
  '--no-turbo-load-elimination',
  '--no-turbo-splitting',
];

/**
 * Lines from which a batch is scored with the optimising compiler. Measured on the corpus comments (CPU time of
 * whole runs, 5–7 interleaved runs each): without it 1 902 lines cost about 20 % less, 7 608 about 7 % less and
 * 9 510 about 3 % less; from about 11 000 lines the optimised code made up for its compiles, and at 30 000 lines the
 * run without it cost 30 % more.
 */
const OPTIMISE_FROM_LINES = 10_000;

/**
 * Without TurboFan (Maglev is off in this V8) baseline code is the top tier. Not `--max-opt=1`: it turns TurboFan off
 * through a flag implication that setting it back does not undo.
 */
const BASELINE_ONLY = '--no-turbofan';
const EVERY_TIER = '--turbofan';

let batchFlags = false;

/**
 * Applies the batch settings to this process: no optimising compiler until sizeBatch learns the batch is long, and
 * BATCH_COMPILER_FLAGS for when it is. Called by a CLI's entry point before any work, never on import: they only
 * affect functions compiled afterwards, and tests that run a CLI in process keep their own settings.
 */
export function useBatchCompilerFlags(): void {
  for (const f of BATCH_COMPILER_FLAGS) setFlagsFromString(f);
  setFlagsFromString(BASELINE_ONLY);
  batchFlags = true;
}

/** Told the number of lines once the input is read: a batch of OPTIMISE_FROM_LINES or more gets the optimising compiler. */
export function sizeBatch(lines: number): void {
  if (batchFlags && lines >= OPTIMISE_FROM_LINES) setFlagsFromString(EVERY_TIER);
}
