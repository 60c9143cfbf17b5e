/**
 * The base model's ham evidence for a word a site has never seen fades as the site's approvals grow
 * (ScoringOptions.unseenHamWordDocs): a spam comment written in other sources' readers' words is no longer
 * published on a site whose own readers never use them. Spam evidence, words the site has seen, structural
 * features and sites without approvals are untouched.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scoreSubmission, type LearnedCounts } from '../../src/spam/classifier.ts';
import { DEFAULT_THRESHOLDS } from '../../src/spam/policy.ts';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel } from '../../src/spam/spam-model.ts';

const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);
const logit = (p: number) => Math.log(p / (1 - p));
const before = { unseenHamWordDocs: 0 };

// A fundraising plea told in a reader's words (the kind of spam the YouTube videos get).
const plea = {
  text: 'im sorry but my name is Jenny. I go to high school and my mom passed away when i was 6 so i live with my dad and my two brothers. we dont have much but we are happy. thank you for reading, it would mean a lot https://www.gofundme.com/help-jenny',
};

/** A site with these decisions, none of which had any of the plea's words or its link. */
function site(spam: number, ham: number): LearnedCounts {
  return { spamDocs: spam, hamDocs: ham, tokens: new Map() };
}

test('on a site with 290 approvals that never met its words, a plea told in other readers\' words is held (it was published)', () => {
  const learned = site(10, 290);
  const was = scoreSubmission(model, plea, { learned, scoring: before }).spamScore;
  const now = scoreSubmission(model, plea, { learned }).spamScore;
  assert.ok(was < DEFAULT_THRESHOLDS.flag, `published before: ${was}`);
  assert.ok(now >= DEFAULT_THRESHOLDS.flag, `held now: ${now}`);
});

test('counted in approvals: a site whose decisions are mostly spam has not shown its readers\' words, and barely moves', () => {
  const mostlySpam = site(290, 10);
  const shift = logit(scoreSubmission(model, plea, { learned: mostlySpam }).spamScore) - logit(scoreSubmission(model, plea, { learned: mostlySpam, scoring: before }).spamScore);
  const readers = site(10, 290);
  const readersShift = logit(scoreSubmission(model, plea, { learned: readers }).spamScore) - logit(scoreSubmission(model, plea, { learned: readers, scoring: before }).spamScore);
  assert.ok(shift >= 0 && shift < 0.5, `mostly spam decisions: ${shift}`);
  assert.ok(readersShift > 2, `mostly approvals: ${readersShift}`);
});

test('words the site has seen, spam evidence and a site without approvals are untouched', () => {
  // Every word of this reader's comment is among the site's approved ones: its evidence is the site's, as before.
  const reader = { text: 'Great song, my brothers love it too' };
  const seen: LearnedCounts = { spamDocs: 10, hamDocs: 290, tokens: new Map(['great', 'song', 'my', 'brothers', 'love', 'it', 'too'].map((w) => [w, { spam: 0, ham: 5 }])) };
  assert.equal(scoreSubmission(model, reader, { learned: seen }).spamScore, scoreSubmission(model, reader, { learned: seen, scoring: before }).spamScore);
  // A text whose words all lean towards spam in the base model: nothing to fade.
  const spammy = { text: 'win free cash prize claim now' };
  assert.equal(scoreSubmission(model, spammy, { learned: site(10, 290) }).spamScore, scoreSubmission(model, spammy, { learned: site(10, 290), scoring: before }).spamScore);
  // No approvals yet: every word keeps its evidence.
  assert.equal(scoreSubmission(model, plea, { learned: site(40, 0) }).spamScore, scoreSubmission(model, plea, { learned: site(40, 0), scoring: before }).spamScore);
});
