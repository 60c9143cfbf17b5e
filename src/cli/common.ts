/**
 * Shared CLI plumbing: strict argument parsing, the one-line-error-and-exit-2 convention, and model lookup
 * (--model, then SPAM_MODEL_PATH, then the shipped default).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel, type SpamModel } from '../spam/spam-model.ts';

/** Thrown for user errors; the CLI prints its message on one line and exits 2. */
export class UsageError extends Error {}

/** Prints the error as a single stderr line and exits 2 (user error) or 1 (bug). */
export function fatal(prog: string, err: unknown): never {
  const msg = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${prog}: ${msg.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
}

/** node:util parseArgs in strict mode, with its errors turned into UsageErrors. */
export function parseCli<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
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
