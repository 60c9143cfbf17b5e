/**
 * The lexicon pre-check of feature extraction (word-slot cues CUE_FAMILY, CUE_PHRASE_START, CUE_PHRASE_NEXT and the
 * pair of the last two in a row): a comment it lets skip the lexicon's scans is one in which lexiconFamilies finds
 * no family, on random word lists and random texts built from the lexicon's own words.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_FEATURE_OPTIONS, extractFeatures } from '../../src/spam/features.ts';
import { isPhraseSecondWord, lexiconFamilies, lexiconPhrases, lexiconWords, wordInfo } from '../../src/spam/lexicon.ts';
import { CUE_FAMILY, CUE_PHRASE_NEXT, CUE_PHRASE_START, WordSlot } from '../../src/spam/word-slots.ts';
import { mulberry32 } from '../../src/spam/splits.ts';

/**
 * Every word of every phrase, as written and as read ("f4f", "faf"), earning, rate and place words, and words the
 * lexicon does not know.
 */
const POOL = [
  ...new Set(lexiconPhrases().flatMap(([, p]) => [...p.split(' '), ...lexiconWords(p)])),
  'earn', 'earned', 'made', 'paid', 'income', 'sold', 'an', 'hour', 'per', 'week', 'weekly', 'from', 'home', 'online', 'laptop',
  'cat', 'river', 'yesterday', 'the', 'a', 'x', 'q', 'whatsapp', 'gmail', 'dot', 'com',
  // Counts of an audience ("if i get 100 subs", "road to 1 000 followers").
  '100', '7', '000', 'k', 'subs', 'subscriber', 'follower', 'goal', 'at', 'reach', 'we',
];

/**
 * A word's cue bits, from a slot of its own: the shared memo (wordSlot) is left alone, since a word of this pool may be a
 * token extraction reads as another word ("f4f"), and a slot made for it would change what later extractions read.
 */
const cuesOf = (word: string): number => new WordSlot(word).cues;

/** The pre-check as extraction reads it: a one-word family or earning word, or a phrase's first two words in a row. */
function mayFindFamily(words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    const cues = cuesOf(words[i]!);
    if ((cues & CUE_FAMILY) !== 0) return true;
    if (i > 0 && (cues & CUE_PHRASE_NEXT) !== 0 && (cuesOf(words[i - 1]!) & CUE_PHRASE_START) !== 0) return true;
  }
  return false;
}

test('the cue bits say what the lexicon knows of a word: a family or earning word, a phrase start, a phrase second word', () => {
  for (const [, phrase] of lexiconPhrases()) {
    // The words as a comment's are read ("f4f" → "faf"): the cues are those of the words extraction looks up.
    const ws = lexiconWords(phrase);
    if (ws.length === 1) assert.ok((cuesOf(ws[0]!) & CUE_FAMILY) !== 0, phrase);
    else {
      assert.ok((cuesOf(ws[0]!) & CUE_PHRASE_START) !== 0, phrase);
      assert.ok((cuesOf(ws[1]!) & CUE_PHRASE_NEXT) !== 0 && isPhraseSecondWord(ws[1]!), phrase);
    }
  }
  assert.ok((cuesOf('earned') & CUE_FAMILY) !== 0);
  assert.equal(cuesOf('river') & (CUE_FAMILY | CUE_PHRASE_START | CUE_PHRASE_NEXT), 0);
});

test('a word list the lexicon pre-check skips has no family, with or without an amount or a link (random word lists)', () => {
  const rnd = mulberry32(41);
  let skipped = 0;
  let found = 0;
  for (let i = 0; i < 40_000; i++) {
    const n = 1 + Math.floor(rnd() * 8);
    const words: string[] = [];
    // Mostly words no phrase starts with, so that lists without a pair are common and lists with one are too.
    for (let j = 0; j < n; j++) words.push(POOL[Math.floor(rnd() * POOL.length)]!);
    const facts = words.map((w) => wordInfo(w));
    if (mayFindFamily(words)) {
      if (lexiconFamilies(words, true, facts, true).length > 0) found++;
      continue;
    }
    skipped++;
    for (const money of [false, true]) {
      for (const linked of [false, true]) assert.deepEqual(lexiconFamilies(words, money, facts, linked), [], JSON.stringify(words));
    }
  }
  assert.ok(skipped > 2_000 && found > 2_000, `${skipped} lists skipped, ${found} with a family`);
});

test('extraction finds the same lexicon families as with the lexicon scanned for every comment (random texts)', () => {
  const rnd = mulberry32(43);
  // A list that keeps every occurrence (binary: false) sets every cue bit, so it scans the lexicon in every comment.
  const unfiltered = { ...DEFAULT_FEATURE_OPTIONS, binary: false };
  const seps = [' ', ' ', ' ', ', ', '. ', '! ', "'", '\n', ' $50 ', ' 4 ', ' - '];
  const extra = ['CHECK', 'Out', 'earrrn', 'm0ney', 'e a r n', 'https://x.example/a', 'x'.repeat(45), 'whats app', 'tele gram'];
  const pieces = [...POOL, ...extra];
  let withFamily = 0;
  for (let i = 0; i < 8_000; i++) {
    const n = 1 + Math.floor(rnd() * 10);
    let text = '';
    for (let j = 0; j < n; j++) text += pieces[Math.floor(rnd() * pieces.length)]! + seps[Math.floor(rnd() * seps.length)]!;
    const lex = extractFeatures({ text }).filter((f) => f.startsWith('lex:'));
    if (lex.length > 0) withFamily++;
    assert.deepEqual(lex, extractFeatures({ text }, unfiltered).filter((f) => f.startsWith('lex:')), JSON.stringify(text));
  }
  assert.ok(withFamily > 1_000, `only ${withFamily} texts had a family`);
});
