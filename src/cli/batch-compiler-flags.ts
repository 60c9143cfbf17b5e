/**
 * V8 compiler settings for the batch CLIs (classify): a run scores a few thousand comments once and exits, so the
 * optimising compiler's own work is a large share of the run. These flags keep optimised code but make each
 * optimising compile cheaper (no inlining, loop peeling, escape analysis or load elimination): on the shared
 * 2-core machine they about halved the compiler threads' CPU time over 7 608 comments and left the main thread's
 * time unchanged (docs/classifier.md, "Through the classify CLI"). Long-running processes (API, worker) keep
 * V8's defaults: there the compiles are paid once and the code runs for days.
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
 * Applies BATCH_COMPILER_FLAGS to this process. Called by a CLI's entry point before any work, never on import:
 * they only affect functions optimised afterwards, and tests that run a CLI in process keep their own settings.
 */
export function useBatchCompilerFlags(): void {
  for (const f of BATCH_COMPILER_FLAGS) setFlagsFromString(f);
}
