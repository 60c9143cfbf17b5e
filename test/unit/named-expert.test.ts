/**
 * A person introduced by title and full name (src/spam/named-expert.ts, `text:named-expert`): how investment and
 * recovery testimonials name their "expert". With a second cue such a comment is held; a reader naming a doctor, a
 * teacher or a politician the same way is published, and so is a warning that names the scammer. None of these
 * sentences is in the evaluation sets or the corpora.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scoreSubmission } from '../../src/spam/classifier.ts';
import { extractFeatures } from '../../src/spam/features.ts';
import { namesExpert } from '../../src/spam/named-expert.ts';
import { DEFAULT_THRESHOLDS, decide } from '../../src/spam/policy.ts';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel } from '../../src/spam/spam-model.ts';

const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);
const verdict = (text: string) => {
  const sub = { text, name: 'Robin', email: 'robin.k@gmail.com' };
  const r = scoreSubmission(model, sub);
  return { v: decide(r.spamScore, DEFAULT_THRESHOLDS, r.evidenceKinds), r, f: extractFeatures(sub) };
};

test('a testimonial naming its trader by title and full name, with an amount or a profit → held', () => {
  for (const text of [
    'My savings were gone until Mrs. Olivia Grant showed me how to trade, now I withdraw profits every week.',
    'I can only thank Mr Samuel Brooks, my account grew from $800 to $9,600 with his signals.',
  ]) {
    const { v, r, f } = verdict(text);
    assert.ok(f.includes('text:named-expert'), text);
    assert.notEqual(v, 'publish', `${text}: ${r.spamScore} ${r.reasons.join(', ')}`);
  }
});

test('a reader naming a doctor, a teacher or a principal by title and full name → published', () => {
  for (const text of [
    "Dr. Sarah Patel at Mercy General saved my dad's life last winter, the nurses there are heroes.",
    'Ms. Janet Rivera taught my daughter piano for six years and charged a fair price. Sad to see her studio close.',
    'The new principal, Mr. David Ortiz, sent a letter home saying the budget cuts mean no bus for field trips.',
  ]) {
    const { v, r } = verdict(text);
    assert.equal(v, 'publish', `${text}: ${r.spamScore} ${r.reasons.join(', ')}`);
  }
});

test('a public figure by title and surname, a warning naming the scammer without a contact → no text:named-expert', () => {
  assert.equal(namesExpert('Mr. Powell raised rates again and my mortgage payment went up $300 a month.'), false);
  assert.equal(namesExpert('I will miss Your Best Friend Forever'), false);
  const warning = verdict("Beware of anyone telling you to invest with Mrs. Olivia Grant, she took my neighbour's $5,000 and vanished.");
  assert.ok(!warning.f.includes('text:named-expert'), warning.f.join());
  assert.equal(warning.v, 'publish');
});
