/**
 * Sending the reader to look up a third person ("look her name up on the internet", "look him up on Google", "google
 * her name") is how spam promotes someone without a link: a rapper's friend on a music video, a recovery agent, an
 * account manager, a lender. It is a phrasing of the testimonial family (`lex:testimony`), worth its hand-set prior:
 * readers send each other to look up a mayor, a singer or a contractor too, so it holds a comment only with another
 * cue. The sentences are in test/fixtures/third-party-promotion.json; none of them is in the training data or in
 * corpora/eval.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFeatures } from '../../src/spam/features.ts';
import { LEXICON_PRIOR } from '../../src/spam/lexicon.ts';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel } from '../../src/spam/spam-model.ts';
import { scoreSubmission } from '../../src/spam/classifier.ts';
import { assertVerdicts, readFixture } from '../support/fixture-verdicts.ts';

const fixture = readFixture<{ readers: string[]; spam: string[] }>('third-party-promotion.json');
const author = { name: 'Dana Whitfield', email: 'dana.w@example.org' };
const has = (text: string, f: string) => extractFeatures({ text }).includes(f);

test('"look her name up", "look him up", "google his name" → lex:testimony; "look it up", "hit me up", "search for him" → no testimony', () => {
  for (const text of ['Just look her name up on the internet.', 'Look him up on Google, he is the best.', 'google his name', 'Look up her name.', 'Look their name up.']) {
    assert.ok(has(text, 'lex:testimony'), `${text}: ${extractFeatures({ text }).join(', ')}`);
  }
  for (const text of ['Go look it up, the law changed in 2019.', 'Hit me up when you are back.', 'Search for him on the memorial site.', 'Look them up in the index.']) {
    assert.ok(!has(text, 'lex:testimony'), `${text}: ${extractFeatures({ text }).join(', ')}`);
  }
});

test('readers sending each other to look up a mayor, a singer, a contractor or a relative → published', () => {
  assertVerdicts(fixture.readers, author, 'publish', 10);
});

test('spam that sends the reader to look up its agent, lender or friend, with one other cue → held', () => {
  assertVerdicts(fixture.spam, author, 'held', 6);
});

test('the testimonial family in the default model → worth its hand-set prior, not the 3.2 its one YouTube comment teaches', () => {
  const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);
  const text = 'Look him up on Wikipedia, he was the mayor before the scandal broke.';
  const features = extractFeatures({ text });
  const withFamily = scoreSubmission(model, { text }, { features }).spamScore;
  const without = scoreSubmission(model, { text }, { features: features.filter((f) => f !== 'lex:testimony') }).spamScore;
  const logit = (p: number) => Math.log(p / (1 - p));
  assert.ok(Math.abs(logit(withFamily) - logit(without) - LEXICON_PRIOR.testimony) < 1e-9, `${logit(withFamily) - logit(without)}`);
});
