/**
 * The default model's verdicts on a fixture's sentences as a new site's worker gives them (production thresholds, no
 * site history), for the tests that hold readers' sentences to being published and spam of the same shapes to being
 * held: one loop, so each test file states only its sentences, its author and what it expects.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { scoreSubmission } from '../../src/spam/classifier.ts';
import type { SubmissionText } from '../../src/spam/features.ts';
import { DEFAULT_THRESHOLDS, decide } from '../../src/spam/policy.ts';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel } from '../../src/spam/spam-model.ts';

const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);

/** A JSON file of test/fixtures. */
export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** A fixture's sentence: its text alone, or a submission with its own fields. */
export type FixtureSentence = string | SubmissionText;

/**
 * Asserts that the fixture holds at least `atLeast` sentences (so an emptied fixture fails) and that each, written by
 * `author`, is published (`expected` 'publish') or held or rejected ('held'); a failure names the sentence, its
 * score and its reasons.
 */
export function assertVerdicts(
  sentences: readonly FixtureSentence[],
  author: { name: string; email: string },
  expected: 'publish' | 'held',
  atLeast: number,
): void {
  assert.ok(sentences.length >= atLeast, `${sentences.length} sentences, at least ${atLeast} expected`);
  for (const s of sentences) {
    const sub: SubmissionText = { ...author, ...(typeof s === 'string' ? { text: s } : s) };
    const r = scoreSubmission(model, sub);
    const v = decide(r.spamScore, DEFAULT_THRESHOLDS, r.evidenceKinds);
    const why = `${sub.text}: ${r.spamScore} ${r.reasons.join(', ')}`;
    if (expected === 'publish') assert.equal(v, 'publish', why);
    else assert.notEqual(v, 'publish', why);
  }
}
