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
import { emptySoftCounts, observeSoft } from '../../src/spam/site-adaptation.ts';
import { mulberry32 } from '../../src/spam/splits.ts';

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

test('a site whose moderators decide only what was held keeps its readers’ words: each spam decision takes its own comment out of the unlabelled counts', () => {
  // A gardening site: 400 readers' comments and 60 spam comments that borrow the readers' words, every one observed
  // by the worker (EM) in arrival order; the moderators decide the spam (what was held) and approve nothing.
  const random = mulberry32(11);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const topic = ['tomatoes', 'seedlings', 'compost', 'mulch', 'watering', 'cuttings', 'greenhouse', 'slugs', 'basil', 'frost'];
  const reader = () => ({ text: `My ${pick(topic)} and ${pick(topic)} did well this year, the ${pick(topic)} needed more ${pick(topic)} though` });
  const spam = () => ({ text: `Lovely ${pick(topic)}, ${pick(topic)} and ${pick(topic)}! I earn $${200 + Math.floor(random() * 800)} a day from home, message me on WhatsApp` });
  const learnedWith = (decidedUnlabelled: 'subtract' | 'divide'): LearnedCounts => {
    const l: LearnedCounts = { spamDocs: 0, hamDocs: 0, tokens: new Map(), unlabelled: emptySoftCounts() };
    for (let i = 0; i < 460; i++) {
      const isSpam = i % 8 === 3 && l.spamDocs < 60;
      const sub = isSpam ? spam() : reader();
      const features = extractFeatures(sub);
      observeSoft(l.unlabelled!, features, scoreSubmission(model, sub, { features, learned: l, scoring: { decidedUnlabelled } }).spamScore);
      if (isSpam) addDecision(l, 'spam', features);
    }
    return l;
  };
  const sub = { text: 'The slugs got my basil and the frost took the seedlings, back to the greenhouse with the cuttings' };
  const logit = (p: number) => Math.log(p / (1 - p));
  const subtracted = learnedWith('subtract');
  const divided = learnedWith('divide');
  const shipped = logit(scoreSubmission(model, sub, { learned: subtracted }).spamScore);
  const before = logit(scoreSubmission(model, sub, { learned: divided, scoring: { decidedUnlabelled: 'divide' } }).spamScore);
  assert.equal(decide(1 / (1 + Math.exp(-shipped)), DEFAULT_THRESHOLDS), 'publish', `the reader is held: log-odds ${shipped.toFixed(2)}`);
  // Dividing each shared word's unlabelled weight by its decisions, as before, held the same reader.
  assert.notEqual(decide(1 / (1 + Math.exp(-before)), DEFAULT_THRESHOLDS), 'publish', `dividing should show the flaw: log-odds ${before.toFixed(2)}`);
  // The site's spam is still learned: a new comment of the campaign is held.
  assert.notEqual(decide(scoreSubmission(model, spam(), { learned: subtracted }).spamScore, DEFAULT_THRESHOLDS), 'publish');
});

test('after the unlabelled window has decayed, a decision takes out only what is left of its comment', () => {
  // 20 000 comments observed, 4 000 left in the window: one decided comment is a fifth of a soft document now.
  const sub = { text: 'The council meeting about the ferry timetable was adjourned again' };
  const words = extractFeatures(sub);
  const soft = { spamDocs: 400, hamDocs: 3600, observed: 20_000, tokens: new Map(words.map((f) => [f, { spam: 10, ham: 190 }])) };
  const decisions = (observed?: number): LearnedCounts => ({ spamDocs: 500, hamDocs: 20, tokens: new Map(words.map((f) => [f, { spam: 150, ham: 2 }])), unlabelled: { ...soft, ...(observed === undefined ? {} : { observed }) } });
  const scoring = { spamRate: 0.1 };
  const decayed = scoreSubmission(model, sub, { learned: decisions(), scoring }).spamScore;
  const undecayed = scoreSubmission(model, sub, { learned: decisions(4000), scoring }).spamScore;
  // As if never decayed, 152 decided comments would take out 152 of the word's 200 soft documents; decayed, about 30.
  assert.ok(decayed < undecayed, `${decayed} should be below ${undecayed}`);
});

test('feedback labels the worker never observed take nothing out of the unlabelled counts; only the observed share of a site’s labels is taken out', () => {
  const sub = { text: 'The council meeting about the ferry timetable was adjourned again' };
  const words = extractFeatures(sub);
  const soft = { spamDocs: 40, hamDocs: 360, observed: 400, tokens: new Map(words.map((f) => [f, { spam: 2, ham: 60 }])) };
  // 300 labels, mostly spam, sharing the readers' words: as moderator decisions of observed comments they replace
  // those comments' soft counts; as site-backend feedback about comments never observed they must not.
  const labels = (unobservedDocs?: number): LearnedCounts => ({
    spamDocs: 250, hamDocs: 50, tokens: new Map(words.map((f) => [f, { spam: 40, ham: 20 }])), unlabelled: soft,
    ...(unobservedDocs === undefined ? {} : { unobservedDocs }),
  });
  const scoring = { spamRate: 0.1 };
  const asDecisions = scoreSubmission(model, sub, { learned: labels(), scoring }).spamScore;
  const asFeedback = scoreSubmission(model, sub, { learned: labels(300), scoring }).spamScore;
  const halfFeedback = scoreSubmission(model, sub, { learned: labels(150), scoring }).spamScore;
  // Only the observed share is taken out: half the labels as feedback lands between the two.
  assert.notEqual(asFeedback, asDecisions);
  assert.ok((halfFeedback - asFeedback) * (asDecisions - halfFeedback) > 0, `${halfFeedback} should lie between ${asFeedback} and ${asDecisions}`);
  // All of them feedback: the same score as a site whose unlabelled counts were never touched by a label.
  const untouched = scoreSubmission(model, sub, { learned: { ...labels(), unlabelled: { ...soft, observed: Number.MAX_SAFE_INTEGER } }, scoring }).spamScore;
  assert.ok(Math.abs(asFeedback - untouched) < 1e-12, `${asFeedback} vs ${untouched}`);
});

test('a word a site’s moderators marked spam three times in forty outweighs the base model sooner with Jeffreys smoothing than with add-one', () => {
  // 40 spam and 40 approved decisions; "quillcoin" (unknown to the base model) was in three of the spam ones.
  const sub = { text: 'quillcoin' };
  const learned: LearnedCounts = { spamDocs: 40, hamDocs: 40, tokens: new Map([['quillcoin', { spam: 3, ham: 0 }]]) };
  const logit = (p: number) => Math.log(p / (1 - p));
  const scoring = { spamRate: 0.1 };
  const base = logit(scoreSubmission(model, sub, { scoring }).spamScore);
  const jeffreys = logit(scoreSubmission(model, sub, { learned, scoring }).spamScore);
  const addOne = logit(scoreSubmission(model, sub, { learned, scoring: { ...scoring, siteSmoothingDocs: 2 } }).spamScore);
  assert.ok(addOne > base, `add-one should move it too: ${base.toFixed(2)} -> ${addOne.toFixed(2)}`);
  assert.ok(jeffreys > addOne + 0.1, `Jeffreys ${jeffreys.toFixed(2)} should be above add-one ${addOne.toFixed(2)}`);
  // The same word approved three times moves it the other way.
  const approved: LearnedCounts = { spamDocs: 40, hamDocs: 40, tokens: new Map([['quillcoin', { spam: 0, ham: 3 }]]) };
  const down = logit(scoreSubmission(model, sub, { learned: approved, scoring }).spamScore);
  assert.ok(down < base - 0.3, `approvals should lower it: ${base.toFixed(2)} -> ${down.toFixed(2)}`);
});
