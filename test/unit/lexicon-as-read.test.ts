/**
 * The lexicon's phrases as the feature extractor reads them: each phrase, written as a comment, goes through the same
 * tokenising and deobfuscation as any comment (leetspeak digits undone, stretched letters cut), and must still give
 * its family's `lex:` feature. A phrase the tokeniser rewrites ("f4f" read as "faf") is stored as it is read.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFeatures } from '../../src/spam/features.ts';
import { isPhraseSecondWord, lexiconPhrases, lexiconWords, wordInfo } from '../../src/spam/lexicon.ts';
import { deobfuscatedWords, rawWordTokens, wordOfToken } from '../../src/spam/tokenize.ts';
import { CUE_FAMILY, CUE_PHRASE_NEXT, CUE_PHRASE_START, WordSlot } from '../../src/spam/word-slots.ts';

/** The family a phrase counts for: the first family listing it. */
function firstFamilies(): Array<[string, string]> {
  const seen = new Map<string, string>();
  for (const [family, phrase] of lexiconPhrases()) if (!seen.has(phrase)) seen.set(phrase, family);
  return [...seen];
}

test("every lexicon phrase's words are the words a comment holding it is read as (deobfuscatedWords, wordOfToken)", () => {
  for (const [, phrase] of lexiconPhrases()) {
    const read = deobfuscatedWords(phrase);
    assert.deepEqual(lexiconWords(phrase), read, phrase);
    assert.deepEqual(rawWordTokens(phrase).map(wordOfToken), read, phrase);
  }
});

test('every lexicon phrase, written as a comment with a link, gives its family (every family, leetspeak phrases too)', () => {
  // The link: SEO compliments and the writer's own media count only in a comment that promotes or points somewhere.
  for (const [phrase, family] of firstFamilies()) {
    const f = extractFeatures({ text: `${phrase} https://shop.example/offer` });
    assert.ok(f.includes(`lex:${family}`), `${family}: "${phrase}" gave ${f.filter((x) => x.startsWith('lex:')).join(',') || 'no family'}`);
  }
});

test('"f4f", "sub4sub", "1xbet" and "subscribe4subscribe" are found in a plain comment, upper case too; "Lal", a name, is no family', () => {
  const cases: Array<[string, string]> = [
    ['f4f anyone?', 'selfpromo'],
    ['F4F guys', 'selfpromo'],
    ['Sub4Sub please', 'followers'],
    ['subscribe4subscribe', 'followers'],
    ['best odds on 1xbet', 'casino'],
  ];
  for (const [text, family] of cases) assert.ok(extractFeatures({ text }).includes(`lex:${family}`), text);
  assert.deepEqual(extractFeatures({ text: 'Mr Lal is right about the bridge' }).filter((f) => f.startsWith('lex:')), []);
});

test("the lexicon's cue bits are those of the words as read: a rewritten phrase is cued by its read form, not its written one", () => {
  for (const [, phrase] of lexiconPhrases()) {
    const ws = lexiconWords(phrase);
    if (ws.length === 1) assert.ok((new WordSlot(ws[0]!).cues & CUE_FAMILY) !== 0, phrase);
    else {
      assert.ok((new WordSlot(ws[0]!).cues & CUE_PHRASE_START) !== 0, phrase);
      assert.ok((new WordSlot(ws[1]!).cues & CUE_PHRASE_NEXT) !== 0 && isPhraseSecondWord(ws[1]!), phrase);
    }
  }
  assert.equal(wordInfo('f4f'), undefined);
  assert.equal(wordInfo('faf')?.family, 'selfpromo');
});

test('kisses at the end of a message ("xx", "xxx", read alike) are no adult family', () => {
  for (const text of ['see you tomorrow xx', 'love you lots xxx', 'Thanks babe xxxx']) {
    assert.ok(!extractFeatures({ text }).some((f) => f.startsWith('lex:adult')), text);
  }
});
