/**
 * Loads the spam model a process scores with and names its version, or says which file failed. Apart from the Redis
 * services (services.ts), so what needs a model but no Redis (the in-memory test stack) does not load the Redis client.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadSpamModel, type ModelInfo, type SpamModel } from '../spam/spam-model.ts';

/** Fails with a message naming SPAM_MODEL_PATH when the model file is unusable. */
export function loadModelOrExplain(path: string): { model: SpamModel; info: ModelInfo } {
  try {
    const model = loadSpamModel(path);
    const hash = createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12);
    return { model, info: { version: `v${model.version}-fs${model.featureSetVersion}-${hash}`, documents: model.spamDocs + model.hamDocs } };
  } catch (err) {
    throw new Error(`SPAM_MODEL_PATH: cannot load spam model from ${path}: ${(err as Error).message}`);
  }
}
