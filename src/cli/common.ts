/**
 * Shared CLI plumbing: running a CLI only as the entry point, strict argument parsing, the
 * one-line-error-and-exit-2 convention, and reading models, corpora and thresholds as user input.
 * Environment variables are read through the service's config schema, never from process.env here.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadSpamModel, type SpamModel } from '../spam/spam-model.ts';
import { readCorpus, type Corpus } from '../spam/corpus.ts';
import type { Thresholds } from '../spam/policy.ts';
import { ConfigError, loadConfig, type Config, type ConfigVariable } from '../config.ts';
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

/** The given variables from the environment, validated as the service does; a bad value is a UsageError. */
export function configFromEnv(only: readonly ConfigVariable[], env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env, { only });
  } catch (err) {
    throw err instanceof ConfigError ? new UsageError(err.message) : err;
  }
}

/** Resolves and loads the model: --model, else SPAM_MODEL_PATH, else the default model. */
export function loadModelFromArgs(modelArg: string | undefined, env: NodeJS.ProcessEnv = process.env): { model: SpamModel; path: string } {
  const path = modelArg ?? configFromEnv(['SPAM_MODEL_PATH'], env).spamModelPath;
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
export function thresholdsFromEnv(env: NodeJS.ProcessEnv = process.env): Thresholds {
  const c = configFromEnv(['FLAG_THRESHOLD', 'REJECT_THRESHOLD'], env);
  return { flag: c.flagThreshold, reject: c.rejectThreshold };
}
