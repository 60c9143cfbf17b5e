/**
 * The spam model file: document and feature counts only (never texts), versioned, with load/validate/save and
 * incremental training. Serialisation is canonical (sorted keys, no timestamps) so a rebuild is byte-identical.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../runtime/package-root.ts';
import { FEATURE_SET_VERSION, extractFeatures, type FeatureOptions, type SubmissionText, DEFAULT_FEATURE_OPTIONS } from './features.ts';

export const SPAM_MODEL_FORMAT = 'comment-spam-nb';
export const SPAM_MODEL_VERSION = 1;

/** Absolute path of the shipped default model (from the package root, so neither cwd nor src/ vs dist/ matters). */
export const DEFAULT_SPAM_MODEL_PATH: string = join(PACKAGE_ROOT, 'models', 'spam-model.json');

/**
 * A trained naive Bayes model. `tokens[feature] = [spamCount, hamCount]`: with binarised features these are
 * the numbers of spam/ham documents containing the feature.
 */
export interface SpamModel {
  format: typeof SPAM_MODEL_FORMAT;
  /** File-format version. */
  version: number;
  /** extractFeatures version the counts were made with; scoring with another version is refused. */
  featureSetVersion: number;
  /** Free-form, deterministic description (corpora used, pruning) for `/stats` and humans. */
  description: string;
  spamDocs: number;
  hamDocs: number;
  tokens: Map<string, [spam: number, ham: number]>;
  /**
   * Maps the summed evidence of the text to calibrated log-odds for a 50/50 mix: `scale * evidence + offset`.
   * Fitted by train:default on sources each model did not see; absent = identity (scale 1, offset 0).
   */
  calibration?: { scale: number; offset: number; structureScale?: number };
}

/** What the service reports about the model file it loaded (moderation stats). */
export interface ModelInfo {
  /** File format, feature set and a content hash, e.g. `v1-fs3-0123456789ab`. */
  version: string;
  documents: number;
}

/** An empty model, the starting point for training from scratch. */
export function emptySpamModel(description = ''): SpamModel {
  return {
    format: SPAM_MODEL_FORMAT,
    version: SPAM_MODEL_VERSION,
    featureSetVersion: FEATURE_SET_VERSION,
    description,
    spamDocs: 0,
    hamDocs: 0,
    tokens: new Map(),
  };
}

/**
 * Adds one labelled document's features to the counts in place (O(features)). `weight` (a positive integer)
 * counts the document that many times, so a small corpus can be balanced against a large one.
 */
export function addFeaturesToModel(model: SpamModel, features: readonly string[], label: 'spam' | 'ham', weight = 1): void {
  const idx = label === 'spam' ? 0 : 1;
  if (idx === 0) model.spamDocs += weight;
  else model.hamDocs += weight;
  for (const f of features) {
    let c = model.tokens.get(f);
    if (!c) {
      c = [0, 0];
      model.tokens.set(f, c);
    }
    c[idx] += weight;
  }
}

/** Extracts features and learns one labelled submission. */
export function trainOne(
  model: SpamModel,
  sub: SubmissionText,
  label: 'spam' | 'ham',
  opts: Readonly<FeatureOptions> = DEFAULT_FEATURE_OPTIONS,
  weight = 1,
): void {
  addFeaturesToModel(model, extractFeatures(sub, opts), label, weight);
}

/**
 * Drops features seen fewer than `minCount` times in total. Singletons are most of a vocabulary and,
 * with smoothing, nearly neutral, so pruning keeps the file small at little cost (measured in docs/classifier.md).
 */
export function pruneSpamModel(model: SpamModel, minCount: number): SpamModel {
  const tokens = new Map<string, [number, number]>();
  for (const [f, c] of model.tokens) if (c[0] + c[1] >= minCount) tokens.set(f, [c[0], c[1]]);
  return { ...model, tokens };
}

function fail(path: string, why: string): never {
  throw new Error(`invalid spam model ${path}: ${why}`);
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

/** Validates a parsed model file. `path` only labels the error message. */
export function parseSpamModel(json: unknown, path = '<memory>'): SpamModel {
  if (!json || typeof json !== 'object' || Array.isArray(json)) fail(path, 'not a JSON object');
  const o = json as Record<string, unknown>;
  if (o.format !== SPAM_MODEL_FORMAT) fail(path, `format is not "${SPAM_MODEL_FORMAT}"`);
  if (o.version !== SPAM_MODEL_VERSION) fail(path, `unsupported version ${String(o.version)} (expected ${SPAM_MODEL_VERSION})`);
  if (o.featureSetVersion !== FEATURE_SET_VERSION) {
    fail(path, `made with feature set ${String(o.featureSetVersion)}, this code extracts feature set ${FEATURE_SET_VERSION}: its counts are of other features and would score wrongly; retrain it from its corpus with \`npm run train\` (or \`npm run train:default\` for the shipped model)`);
  }
  if (!isCount(o.spamDocs) || !isCount(o.hamDocs)) fail(path, 'spamDocs/hamDocs must be non-negative integers');
  if (!o.tokens || typeof o.tokens !== 'object' || Array.isArray(o.tokens)) fail(path, 'tokens must be an object');
  const tokens = new Map<string, [number, number]>();
  const counts = o.tokens as Record<string, unknown>;
  const spamDocs = o.spamDocs;
  const hamDocs = o.hamDocs;
  // for-in, not Object.entries: the same order (JSON.parse makes plain own properties), without an entry array per
  // feature; loading the model is most of a CLI's start-up after Node's own.
  for (const f in counts) {
    const c = counts[f];
    if (!Array.isArray(c) || c.length !== 2) fail(path, `bad counts for feature ${JSON.stringify(f)}`);
    const s = c[0] as unknown;
    const h = c[1] as unknown;
    if (!isCount(s) || !isCount(h)) fail(path, `bad counts for feature ${JSON.stringify(f)}`);
    if (s > spamDocs || h > hamDocs) fail(path, `feature ${JSON.stringify(f)} counted in more documents than exist`);
    tokens.set(f, [s, h]);
  }
  const model: SpamModel = {
    format: SPAM_MODEL_FORMAT,
    version: SPAM_MODEL_VERSION,
    featureSetVersion: FEATURE_SET_VERSION,
    description: typeof o.description === 'string' ? o.description : '',
    spamDocs: o.spamDocs,
    hamDocs: o.hamDocs,
    tokens,
  };
  if (o.calibration !== undefined) {
    const c = o.calibration as Record<string, unknown> | null;
    if (!c || typeof c !== 'object' || typeof c.scale !== 'number' || typeof c.offset !== 'number' || !(c.scale > 0) || !Number.isFinite(c.scale) || !Number.isFinite(c.offset)) {
      fail(path, 'calibration must be {"scale": positive number, "offset": number}');
    }
    if (c.structureScale !== undefined && (typeof c.structureScale !== 'number' || !(c.structureScale > 0) || !Number.isFinite(c.structureScale))) {
      fail(path, 'calibration.structureScale must be a positive number');
    }
    model.calibration = { scale: c.scale, offset: c.offset, ...(typeof c.structureScale === 'number' ? { structureScale: c.structureScale } : {}) };
  }
  return model;
}

/** Reads and validates a model file; throws an Error naming the path and the problem. */
export function loadSpamModel(path: string): SpamModel {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read spam model ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new Error(`invalid spam model ${path}: not JSON (${(err as Error).message})`);
  }
  return parseSpamModel(json, path);
}

/** Canonical JSON: fixed key order, features sorted by code unit, one feature per line for readable diffs. */
export function serializeSpamModel(model: SpamModel): string {
  const keys = [...model.tokens.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lines = keys.map((k) => {
    const c = model.tokens.get(k)!;
    return `    ${JSON.stringify(k)}: [${c[0]}, ${c[1]}]`;
  });
  return (
    '{\n' +
    `  "format": ${JSON.stringify(model.format)},\n` +
    `  "version": ${model.version},\n` +
    `  "featureSetVersion": ${model.featureSetVersion},\n` +
    `  "description": ${JSON.stringify(model.description)},\n` +
    `  "spamDocs": ${model.spamDocs},\n` +
    `  "hamDocs": ${model.hamDocs},\n` +
    (model.calibration
      ? `  "calibration": {"scale": ${model.calibration.scale}, "offset": ${model.calibration.offset}` +
        (model.calibration.structureScale !== undefined ? `, "structureScale": ${model.calibration.structureScale}` : '') +
        '},\n'
      : '') +
    `  "tokens": {${lines.length ? '\n' + lines.join(',\n') + '\n  ' : ''}}\n` +
    '}\n'
  );
}

export function saveSpamModel(model: SpamModel, path: string): void {
  writeFileSync(path, serializeSpamModel(model));
}
