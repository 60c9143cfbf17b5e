/**
 * The CLIs' environment variables, read through the service's config schema (loadConfig's `only`) so they are
 * validated exactly as the service validates them (the model path, the moderation thresholds, Redis); a bad value is
 * the user's to fix, so the CLI exits 2.
 */
import { ConfigError, loadConfig, type Config, type ConfigVariable } from '../config.ts';
import type { SpamModel } from '../spam/spam-model.ts';
import type { Thresholds } from '../spam/policy.ts';
import { MODEL_VARIABLES, THRESHOLD_VARIABLES, UsageError, loadModelArg } from './common.ts';

/** The given variables from the environment, validated as the service does; a bad value is a UsageError (exit 2). */
export function configFromEnv(only: readonly ConfigVariable[], env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env, { only });
  } catch (err) {
    throw err instanceof ConfigError ? new UsageError(err.message) : err;
  }
}

/** Resolves and loads the model: --model, else SPAM_MODEL_PATH, else the default model. */
export function loadModelFromArgs(modelArg: string | undefined, env: NodeJS.ProcessEnv = process.env): { model: SpamModel; path: string } {
  const path = modelArg ?? configFromEnv(MODEL_VARIABLES, env).spamModelPath;
  return { model: loadModelArg(path), path };
}

/** FLAG_THRESHOLD / REJECT_THRESHOLD from the environment; an invalid value is a UsageError. */
export function thresholdsFromEnv(env: NodeJS.ProcessEnv = process.env): Thresholds {
  const c = configFromEnv(THRESHOLD_VARIABLES, env);
  return { flag: c.flagThreshold, reject: c.rejectThreshold };
}
