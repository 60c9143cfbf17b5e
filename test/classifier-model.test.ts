/**
 * Classifier contract: model file validation and canonical format, feature determinism, scoring, reasons,
 * signals and thresholds.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { scoreSubmission } from '../src/spam/classifier.ts';
import { extractFeatures } from '../src/spam/features.ts';
import { DEFAULT_THRESHOLDS, decide, parseThresholds } from '../src/spam/policy.ts';
import { DEFAULT_SPAM_MODEL_PATH, emptySpamModel, loadSpamModel, parseSpamModel, serializeSpamModel, trainOne } from '../src/spam/spam-model.ts';
import { deobfuscate, joinSpacedLetters, normalizeText } from '../src/spam/tokenize.ts';

const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);
const dir = mkdtempSync(join(tmpdir(), 'spam-model-'));

test('default model loads, holds counts only and stays under 2 MB', () => {
  assert.ok(model.spamDocs > 0 && model.hamDocs > 0);
  assert.ok(readFileSync(DEFAULT_SPAM_MODEL_PATH).length < 2_000_000);
  for (const [, c] of model.tokens) assert.ok(Number.isInteger(c[0]) && Number.isInteger(c[1]));
});

test('loading a missing or invalid model file → Error naming the path and the problem', () => {
  assert.throws(() => loadSpamModel(join(dir, 'nope.json')), /cannot read spam model .*nope\.json: ENOENT/);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"format":"comment-spam-nb","version":99}');
  assert.throws(() => loadSpamModel(bad), /unsupported version 99/);
  writeFileSync(bad, 'not json');
  assert.throws(() => loadSpamModel(bad), /not JSON/);
});

test('serialisation is canonical: sorted keys, round-trips, byte-identical for the same counts', () => {
  const a = emptySpamModel('t');
  const b = emptySpamModel('t');
  const docs = [{ text: 'zebra apple', label: 'ham' as const }, { text: 'buy cheap pills http://x.ru', label: 'spam' as const }];
  for (const d of docs) trainOne(a, d, d.label);
  for (const d of [...docs].reverse()) trainOne(b, d, d.label);
  assert.equal(serializeSpamModel(a), serializeSpamModel(b));
  assert.equal(serializeSpamModel(parseSpamModel(JSON.parse(serializeSpamModel(a)))), serializeSpamModel(a));
});

test('extractFeatures is deterministic and cleans HTML, entities and obfuscation', () => {
  const sub = { text: 'Check&#39;s <a href="http://www.spam.example.com/x">here</a><br />v1agra c h e c k FREEEEE', name: 'www.seo.com' };
  assert.deepEqual(extractFeatures(sub), extractFeatures({ ...sub }));
  const f = extractFeatures(sub);
  for (const want of ['checks', 'viagra', 'check', 'free', 'dom:example.com', 'links:1', 'name:url']) assert.ok(f.includes(want), want);
  assert.equal(normalizeText('a&amp;b<br/>c'), 'a&b c');
  assert.equal(deobfuscate('fr33'), 'free');
  assert.equal(deobfuscate('2nd'), '2nd');
  assert.equal(joinSpacedLetters('please c h e c k it'), 'please check it');
});

test('scoreSubmission: obvious spam scores high with reasons naming tokens, ordinary comments low', () => {
  const spam = scoreSubmission(model, { text: 'Check out my channel and subscribe!!! http://bit.ly/abc' });
  const ham = scoreSubmission(model, { text: 'I disagree with the author, the figures in the second paragraph look wrong.' });
  assert.ok(spam.spamScore > 0.99 && ham.spamScore < 0.2, `${spam.spamScore} / ${ham.spamScore}`);
  assert.ok(spam.reasons.some((r) => /^token:subscribe \+\d+\.\d$/.test(r)), spam.reasons.join());
  assert.ok(spam.reasons.length <= 5);
});

test('signals: honeypot and too-fast submit raise the score, an approved author lowers it, all named in reasons', () => {
  const sub = { text: 'Thanks, very interesting read.' };
  const base = scoreSubmission(model, sub).spamScore;
  const bot = scoreSubmission(model, sub, { signals: { honeypotFilled: true, msToSubmit: 800 } });
  assert.ok(bot.spamScore > base);
  assert.ok(bot.reasons.includes('honeypot +8.0') && bot.reasons.some((r) => r.startsWith('fast-submit:800ms')));
  const spammy = { text: 'subscribe to my channel' };
  assert.ok(scoreSubmission(model, spammy, { signals: { authorApprovedBefore: true } }).spamScore < scoreSubmission(model, spammy).spamScore);
  assert.ok(scoreSubmission(model, sub, { signals: { repeatCount: 5 } }).spamScore > base);
});

test('decide and parseThresholds: < flag publishes, >= reject rejects, bad env values are refused', () => {
  assert.equal(decide(0.1, DEFAULT_THRESHOLDS), 'publish');
  assert.equal(decide(DEFAULT_THRESHOLDS.flag, DEFAULT_THRESHOLDS), 'flag');
  assert.equal(decide(DEFAULT_THRESHOLDS.reject, DEFAULT_THRESHOLDS), 'reject');
  assert.deepEqual(parseThresholds('0.3', '0.8'), { flag: 0.3, reject: 0.8 });
  assert.deepEqual(parseThresholds(undefined, undefined), { ...DEFAULT_THRESHOLDS });
  assert.equal(typeof parseThresholds('abc', undefined), 'string');
  assert.equal(typeof parseThresholds('0.9', '0.5'), 'string');
});
