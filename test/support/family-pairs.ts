/**
 * The check the transfer-cue tests make of each phrase they add to the lexicon: the phrase names its family, and the
 * everyday sentence with the same words beside it names none.
 */
import assert from 'node:assert/strict';
import { extractFeatures } from '../../src/spam/features.ts';

const features = (text: string) => extractFeatures({ text });

/** Asserts, for each [family, spam, reader], that `spam` has the feature `family` and `reader` has not. */
export function assertFamilyPairs(cases: ReadonlyArray<readonly [family: string, spam: string, reader: string]>): void {
  for (const [family, spam, reader] of cases) {
    assert.ok(features(spam).includes(family), `${spam}: ${features(spam).join()}`);
    assert.ok(!features(reader).includes(family), `${reader}: ${features(reader).join()}`);
  }
}
