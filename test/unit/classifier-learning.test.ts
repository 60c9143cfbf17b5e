/**
 * Moderator learning: a site's own spam/ham decisions (LearnedCounts, as the Redis store keeps them) must
 * quickly outweigh the generic default model.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { addDecision, scoreSubmission, type LearnedCounts } from '../../src/spam/classifier.ts';
import { parseJsonl } from '../../src/spam/corpus.ts';
import { extractFeatures } from '../../src/spam/features.ts';
import { DEFAULT_THRESHOLDS, decide } from '../../src/spam/policy.ts';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel } from '../../src/spam/spam-model.ts';

const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);
const site = parseJsonl(readFileSync(new URL('../fixtures/classifier-site-spam.jsonl', import.meta.url), 'utf8')).docs;

/** Mimics the store: extractFeatures on each decided comment, per-feature spam/ham document counts. */
function learn(times: number): LearnedCounts {
  const l: LearnedCounts = { spamDocs: 0, hamDocs: 0, tokens: new Map() };
  for (let r = 0; r < times; r++) {
    for (const d of site) addDecision(l, d.label, extractFeatures(d));
  }
  return l;
}

const investmentBot = { text: 'Interesting post. This trading bot doubles your coins, join today.' };
const printer = { text: 'Nice post! Call our printer support experts for any printer offline issue.' };
const hamPrinter = { text: 'My printer broke too, I bought a new one at the shop.' };

test('learned spam decisions on a new kind of spam (an investment bot) raise its score from publish to flag or reject', () => {
  const before = scoreSubmission(model, investmentBot).spamScore;
  const after = scoreSubmission(model, investmentBot, { learned: learn(2) }).spamScore;
  assert.equal(decide(before, DEFAULT_THRESHOLDS), 'publish');
  // Compare log-odds: near 1 a probability can only move a little, the evidence still moves a lot.
  const logit = (p: number) => Math.log(p / (1 - p));
  assert.ok(logit(after) > logit(before) + 2, `expected a large increase, got ${before} -> ${after}`);
  assert.notEqual(decide(after, DEFAULT_THRESHOLDS), 'publish');
});

test('learned decisions push site spam (printer support) to reject and keep site ham about printers published', () => {
  const learned = learn(2);
  assert.equal(decide(scoreSubmission(model, printer, { learned }).spamScore, DEFAULT_THRESHOLDS), 'reject');
  assert.equal(decide(scoreSubmission(model, hamPrinter, { learned }).spamScore, DEFAULT_THRESHOLDS), 'publish');
});

test('learned ham decisions lower the score of a word the prior thinks is spammy', () => {
  const sub = { text: 'check out the new subscribe button on the newsletter page' };
  const before = scoreSubmission(model, sub).spamScore;
  const tokens = new Map(extractFeatures(sub).map((f) => [f, { spam: 0, ham: 30 }]));
  const after = scoreSubmission(model, sub, { learned: { spamDocs: 30, hamDocs: 300, tokens } }).spamScore;
  assert.ok(after < before, `${after} should be below ${before}`);
});

test('empty learned counts leave the score unchanged', () => {
  const a = scoreSubmission(model, investmentBot).spamScore;
  const b = scoreSubmission(model, investmentBot, { learned: { spamDocs: 0, hamDocs: 0, tokens: new Map() } }).spamScore;
  assert.equal(a, b);
});

test('on a site with one spam decision in ten, words its moderators approved a few times count towards ham, not spam', () => {
  // 30 spam and 270 approved comments; the reader's words were each approved three times and never marked spam.
  const sub = { text: 'The council meeting about the ferry timetable was adjourned again' };
  const words = extractFeatures(sub);
  const learned: LearnedCounts = { spamDocs: 30, hamDocs: 270, tokens: new Map(words.map((f) => [f, { spam: 0, ham: 3 }])) };
  const logit = (p: number) => Math.log(p / (1 - p));
  // The same site rate either way, so only the words' evidence differs.
  const scoring = { spamRate: 0.1 };
  const before = logit(scoreSubmission(model, sub, { scoring }).spamScore);
  const after = logit(scoreSubmission(model, sub, { learned, scoring }).spamScore);
  assert.ok(after < before, `approved words raised the score: ${before.toFixed(2)} -> ${after.toFixed(2)}`);
  const even = logit(scoreSubmission(model, sub, { learned, scoring: { ...scoring, siteSmoothing: 'even' } }).spamScore);
  assert.ok(even > before, `the even smoothing this replaces should show the flaw: ${before.toFixed(2)} -> ${even.toFixed(2)}`);
});

test('on a site whose decisions are mostly spam, the smoothing is one pseudo-document per class as before', () => {
  // Moderators who decide what was held: 270 spam, 30 approvals. Their few approvals cannot vouch for a word.
  const sub = { text: 'The council meeting about the ferry timetable was adjourned again' };
  const words = extractFeatures(sub);
  const learned: LearnedCounts = { spamDocs: 270, hamDocs: 30, tokens: new Map(words.map((f) => [f, { spam: 2, ham: 0 }])) };
  const scoring = { spamRate: 0.1 };
  const shared = scoreSubmission(model, sub, { learned, scoring }).spamScore;
  const even = scoreSubmission(model, sub, { learned, scoring: { ...scoring, siteSmoothing: 'even' } }).spamScore;
  assert.equal(shared, even);
});
