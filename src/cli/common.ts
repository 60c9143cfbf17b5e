/**
 * Shared CLI plumbing: running a CLI only as the entry point, strict argument parsing, the
 * one-line-error-and-exit-2 convention, and reading models, corpora and thresholds as user input.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel, type SpamModel } from '../spam/spam-model.ts';
import { readCorpus, type Corpus } from '../spam/corpus.ts';
import { parseThresholds, type Thresholds } from '../spam/policy.ts';
import { isMain } from '../runtime/is-main.ts';

/** Thrown for user errors; the CLI prints its message on one line and exits 2. */
export class UsageError extends Error {}

/** Prints the error as a single stderr line and exits 2 (user error) or 1 (bug). */
export function fatal(prog: string, err: unknown): never {
  const msg = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${prog}: ${msg.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
}

/** Runs `main` with the command-line arguments when `moduleUrl` is the entry point; errors go through fatal. */
export function runCli(moduleUrl: string, prog: string, main: (argv: string[]) => void): void {
  if (!isMain(moduleUrl)) return;
  try {
    main(process.argv.slice(2));
  } catch (err) {
    fatal(prog, err);
  }
}

/** node:util parseArgs in strict mode, with its errors turned into UsageErrors. */
export function parseCli<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]} (see --help)`);
  }
}

/** Resolves and loads the model: --model, else SPAM_MODEL_PATH, else the default model. */
export function loadModelFromArgs(modelArg: string | undefined): { model: SpamModel; path: string } {
  const path = modelArg ?? (process.env.SPAM_MODEL_PATH?.trim() || DEFAULT_SPAM_MODEL_PATH);
  try {
    return { model: loadSpamModel(path), path };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** A labelled corpus; an unreadable file is a UsageError. */
export function readCorpusArg(path: string): Corpus {
  try {
    return readCorpus(path);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** FLAG_THRESHOLD / REJECT_THRESHOLD from the environment; an invalid value is a UsageError. */
export function thresholdsFromEnv(): Thresholds {
  const t = parseThresholds(process.env.FLAG_THRESHOLD, process.env.REJECT_THRESHOLD);
  if (typeof t === 'string') throw new UsageError(t);
  return t;
}
