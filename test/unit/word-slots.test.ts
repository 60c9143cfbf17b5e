/**
 * The per-word slots (src/spam/word-slots.ts) against the straightforward paths they shortcut: a binarised feature
 * list kept once through the slots' stamps against a Set over the full list, and the scorer's memoised word weights
 * against the path that looks every feature up in the weight table (caller-supplied features), for the first and
 * the repeated scoring of a comment and across two models, also with the memo starting over every few comments.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scoreSubmission } from '../../src/spam/classifier.ts';
import { DEFAULT_FEATURE_OPTIONS, extractFeatures, type SubmissionText } from '../../src/spam/features.ts';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel } from '../../src/spam/spam-model.ts';
import { mulberry32 } from '../../src/spam/splits.ts';
import { setMaxWordSlotsForTests, wordSlot } from '../../src/spam/word-slots.ts';

const WORDS = [
  'check', 'out', 'my', 'channel', 'subscribe', 'please', 'the', 'song', 'is', 'great', 'free', 'money', 'call', 'now', 'love',
  'this', 'video', 'v1agra', 'freeeee', "don't", 'Ünïcode', 'x.com', 'https://bit.ly/x?ref=1', 'a@b.com', '0871 872 9758', '!!',
  'gmail', 'dot', 'com', 'earn', '$500', 'a', 'week', 'w w w', 'c h e c k', 'casino', 'word'.repeat(12),
];

function submissions(seed: number, count: number): SubmissionText[] {
  const rnd = mulberry32(seed);
  const out: SubmissionText[] = [];
  for (let i = 0; i < count; i++) {
    const n = Math.floor(rnd() * 30);
    const words: string[] = [];
    // Few distinct words per comment, so most comments repeat some of them.
    for (let j = 0; j < n; j++) words.push(WORDS[Math.floor(rnd() * (j % 3 === 0 ? WORDS.length : 8))]!);
    out.push({ text: words.join(rnd() < 0.5 ? ' ' : ', '), name: rnd() < 0.3 ? 'Best SEO Services' : null });
  }
  return out;
}

test('binarised feature lists with repeated words → each feature once, in order of first occurrence', () => {
  for (const sub of submissions(3, 3_000)) {
    const all = extractFeatures(sub, { ...DEFAULT_FEATURE_OPTIONS, binary: false });
    assert.deepEqual(extractFeatures(sub), [...new Set(all)], JSON.stringify(sub));
  }
});

test('scoring through the word slots → the same score, reasons and evidence as looking every feature up', () => {
  const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);
  // A second model object with other counts: the memo of the first must not leak into it.
  const other = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);
  for (const c of other.tokens.values()) c[0] += 3;
  const subs = submissions(5, 2_000);
  for (let pass = 0; pass < 2; pass++) {
    for (const m of [model, other]) {
      for (const sub of subs) {
        const expected = scoreSubmission(m, sub, { features: extractFeatures(sub) });
        assert.deepEqual(scoreSubmission(m, sub), expected, JSON.stringify(sub));
      }
    }
  }
});

test('the memo starting over when full (cap lowered to 50) → the same features and scores as without the slots', () => {
  const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);
  const other = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);
  for (const c of other.tokens.values()) c[1] += 5;
  // Plain words both models know, so every slot holds a weight that differs between them.
  const known = [...model.tokens.keys()].filter((f) => /^[a-z]{3,}$/.test(f)).slice(0, 3_000);
  assert.ok(known.length >= 1_000, `only ${known.length} plain words in the model`);
  const rnd = mulberry32(11);
  setMaxWordSlotsForTests(50);
  try {
    const marker = wordSlot(known[0]!);
    let replaced = false;
    for (let i = 0; i < 600; i++) {
      // 20–100 distinct words, some repeated: a comment may hold more words than the cap, and an extraction runs
      // into it many times over the loop.
      const n = 20 + Math.floor(rnd() * 80);
      const words: string[] = [];
      for (let j = 0; j < n; j++) words.push(known[Math.floor(rnd() * known.length)]!);
      for (let j = 0; j < n; j += 4) words.push(words[j]!);
      const sub: SubmissionText = { text: words.join(' '), name: null };
      const all = extractFeatures(sub, { ...DEFAULT_FEATURE_OPTIONS, binary: false });
      assert.deepEqual(extractFeatures(sub), [...new Set(all)], `comment ${i}`);
      // Both models in turn, and each twice: the second scoring reads the memo the first one left.
      for (const m of i % 2 === 0 ? [model, other, model] : [other, model, other]) {
        const expected = scoreSubmission(m, sub, { features: extractFeatures(sub) });
        assert.deepEqual(scoreSubmission(m, sub), expected, `comment ${i}`);
      }
      if (wordSlot(known[0]!) !== marker) replaced = true;
    }
    assert.ok(replaced, 'the memo never started over');
  } finally {
    setMaxWordSlotsForTests();
  }
});
