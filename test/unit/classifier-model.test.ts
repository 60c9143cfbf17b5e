/**
 * Classifier contract: model file validation and canonical format, feature determinism, scoring, reasons,
 * signals and thresholds.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { scoreSubmission } from '../../src/spam/classifier.ts';
import { extractFeatures } from '../../src/spam/features.ts';
import { DEFAULT_THRESHOLDS, decide, thresholdsInOrder } from '../../src/spam/policy.ts';
import { thresholdValue } from '../../src/spam/threshold-value.ts';
import { DEFAULT_SPAM_MODEL_PATH, emptySpamModel, loadSpamModel, parseSpamModel, serializeSpamModel, trainOne } from '../../src/spam/spam-model.ts';
import { deobfuscate, deobfuscatedWords, findUrls, joinSpacedLetters, normalizeText, removeUrlChunks, wordTokens } from '../../src/spam/tokenize.ts';
import { mulberry32 } from '../../src/spam/splits.ts';

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
  // A model trained with the previous feature set (an operator's `npm run train` output) is refused, with the way out.
  const older = JSON.parse(readFileSync(DEFAULT_SPAM_MODEL_PATH, 'utf8')) as { featureSetVersion: number };
  older.featureSetVersion -= 1;
  writeFileSync(bad, JSON.stringify(older));
  assert.throws(() => loadSpamModel(bad), new RegExp(`made with feature set ${older.featureSetVersion}, this code extracts feature set ${older.featureSetVersion + 1}.*npm run train`));
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
  for (const want of ['checks', 'viagra', 'check', 'free', 'dom:example.com', 'lex:pharma', 'name:url']) assert.ok(f.includes(want), want);
  assert.equal(normalizeText('a&amp;b<br/>c'), 'a&b c');
  assert.equal(deobfuscate('fr33'), 'free');
  assert.equal(deobfuscate('2nd'), '2nd');
  assert.equal(joinSpacedLetters('please c h e c k it'), 'please check it');
});

test('scoreSubmission: obvious spam scores high with reasons naming tokens, ordinary comments low', () => {
  const spam = scoreSubmission(model, { text: 'Check out my channel and subscribe!!! http://bit.ly/abc' });
  const ham = scoreSubmission(model, { text: 'I disagree with the author, the figures in the second paragraph look wrong.' });
  assert.ok(spam.spamScore > 0.99 && ham.spamScore < 0.2, `${spam.spamScore} / ${ham.spamScore}`);
  // The words are named too, not only the lexicon families and kinds of link.
  assert.ok(spam.reasons.some((r) => /^token:[a-z]+ \+\d+\.\d$/.test(r)), spam.reasons.join());
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

test('decide and the threshold rules: < flag publishes, >= reject rejects, bad env values are refused', () => {
  assert.equal(decide(0.1, DEFAULT_THRESHOLDS), 'publish');
  assert.equal(decide(DEFAULT_THRESHOLDS.flag, DEFAULT_THRESHOLDS), 'flag');
  assert.equal(decide(DEFAULT_THRESHOLDS.reject, DEFAULT_THRESHOLDS), 'reject');
  assert.deepEqual([thresholdValue.parse('0.3'), thresholdValue.parse(' 0.8 ')], [0.3, 0.8]);
  assert.ok(thresholdsInOrder({ flag: 0.3, reject: 0.8 }) && thresholdsInOrder({ ...DEFAULT_THRESHOLDS }));
  for (const bad of ['abc', '', '1.5', '-0.1']) assert.equal(thresholdValue.safeParse(bad).success, false, bad);
  assert.equal(thresholdsInOrder({ flag: 0.9, reject: 0.5 }), false);
});

test('fast paths agree with the plain regex definitions they replace (random adversarial strings)', () => {
  const rnd = mulberry32(11);
  const pieces = ['a', 'B', 'z', '0', '7', ' ', '  ', '.', ':', '/', "'", '’', '!', '-', '_', '*', '&amp;', '&#39;', '<br />', 'www.', 'WWW.', 'http://',
    'https://', 'x.com', 'e.g.', 'c h e c k', 'fr33', 'sooooo', "don't", '\u00a0', '\u2028', '\ufeff', '\u200b', 'é', 'Ａ', '\t', '\n'];
  const urlRe = /\b(?:https?:\/\/|www\.)[^\s<>"']+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|ru|co|uk|io|me|tk|ly|us|de|fr|in|be|gl|to|tv|cc|ws|xyz|online|site|club|top|pw|cn|br|pl|nl|eu|es|it|ca|au|mobi|name|pro|shop|store|link|click|gg|fm|am)\b(?:\/[^\s<>"']*)?/gi;
  for (let i = 0; i < 20_000; i++) {
    let s = '';
    const n = Math.floor(rnd() * 14);
    for (let j = 0; j < n; j++) s += pieces[Math.floor(rnd() * pieces.length)];
    assert.equal(removeUrlChunks(s), s.replace(/\S*(?:https?:\/\/|www\.)\S*/gi, ' '), JSON.stringify(s));
    const t = normalizeText(s);
    assert.equal(t, s.replace(/&(?:amp;)?#39;/g, "'").replace(/&amp;/g, '&').replace(/<br \/>/g, ' ').normalize('NFKC').replace(/[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/g, ''), JSON.stringify(s));
    assert.deepEqual(findUrls(t), t.match(urlRe) ?? [], JSON.stringify(t));
    const lower = t.toLowerCase();
    // eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL on purpose
    if (!/[^\x00-\x7f]/.test(lower)) assert.deepEqual(wordTokens(t), (lower.match(/[a-z0-9]+(?:'[a-z]+)*/g) ?? []).map((w) => w.replace(/'/g, '')), JSON.stringify(t));
    assert.deepEqual(deobfuscatedWords(t), wordTokens(t).map(deobfuscate), JSON.stringify(t));
  }
});
