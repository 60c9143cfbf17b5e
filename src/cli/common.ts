/**
 * Shared CLI plumbing: running a CLI only as the entry point, strict argument parsing, the
 * one-line-error-and-exit-2 convention, and reading models and corpora as user input. Environment variables are
 * read through the service's config schema (config-from-env.ts), never one by one; this module does not load that
 * schema, so a CLI that needs none of its variables starts without it.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadSpamModel, type SpamModel } from '../spam/spam-model.ts';
import { readCorpus, type Corpus } from '../spam/corpus.ts';
import { isMain } from '../runtime/is-main.ts';

/** Thrown for user errors; the CLI prints its message on one line and exits 2. */
export class UsageError extends Error {}

/** Where a CLI reads its environment and writes its output; tests pass their own to run a CLI in process. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/**
 * The process's streams, each created when first used: creating one loads Node's stream modules, and most runs of a
 * batch CLI never write to stderr (a few ms of a start-up that is most of a short run).
 */
export function processIo(): CliIo {
  return {
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
    env: process.env,
  };
}

/** Writes the error as a single stderr line; returns the exit status, 2 for a user error and 1 for a bug. */
export function reportError(prog: string, err: unknown, io: Pick<CliIo, 'stderr'>): number {
  const msg = err instanceof Error ? err.message : String(err);
  io.stderr.write(`${prog}: ${msg.replace(/\s*\n\s*/g, ' ')}\n`);
  return err instanceof UsageError ? 2 : 1;
}

/** Prints the error as a single stderr line and exits 2 (user error) or 1 (bug). */
export function fatal(prog: string, err: unknown): never {
  process.exit(reportError(prog, err, process));
}

/** Runs a CLI body; errors become one stderr line. Returns the exit status. */
export function runCliBody(prog: string, body: (argv: string[], io: CliIo) => void, argv: string[], io: CliIo): number {
  try {
    body(argv, io);
    return 0;
  } catch (err) {
    return reportError(prog, err, io);
  }
}

/** Runs `main` with the command-line arguments when `moduleUrl` is the entry point, and exits with its status. */
export function runCli(moduleUrl: string, main: (argv: string[], io: CliIo) => number): void {
  if (!isMain(moduleUrl)) return;
  process.exitCode = main(process.argv.slice(2), processIo());
}

/** node:util parseArgs in strict mode, with its errors turned into UsageErrors. */
export function parseCli<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]} (see --help)`);
  }
}

/** Loads a model file named on the command line or by the environment; an unreadable or invalid one is a UsageError. */
export function loadModelArg(path: string): SpamModel {
  try {
    return loadSpamModel(path);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** The environment variables that choose the model and the moderation thresholds, as the CLIs read them. */
export const MODEL_VARIABLES = ['SPAM_MODEL_PATH'] as const;
export const THRESHOLD_VARIABLES = ['FLAG_THRESHOLD', 'REJECT_THRESHOLD'] as const;

/** A labelled corpus; an unreadable file is a UsageError. */
export function readCorpusArg(path: string): Corpus {
  try {
    return readCorpus(path);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
