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
import { assertVerdicts } from '../support/fixture-verdicts.ts';

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

const families = (text: string): string[] => extractFeatures({ text }).filter((f) => f.startsWith('lex:'));
const reader = { name: 'Dana Whitfield', email: 'dana.w@example.org' };

test('a count of subscribers or followers the writer is after is the followers family ("if I get 100 subscribers", "help me reach 500 subs", "road to 1k followers")', () => {
  for (const text of [
    "If I hit 200 subscribers by Friday I'll film myself eating a ghost pepper",
    "When I reach 1,000 followers I'm doing a giveaway",
    'help me get to 500 subs before the summer',
    "At 500 followers I'm shaving my head live on stream",
    'Goal: 100 subs by the end of the month',
    'Road to 1k followers',
    "I'm at 87 subs, help a small creator out",
    'if I get 100 likes I will post part 2',
    'if we reach 2 million subscribers we do a face reveal',
  ]) assert.ok(families(text).includes('lex:followers'), `${text}: ${families(text).join()}`);
});

test("a count without the writer's goal, a goal without a count, a team's substitutes or a lunch's subs are no followers family", () => {
  for (const text of [
    "If I get the chance I'll subscribe to the paper",
    'Katy is so close to 14,000,000 subscribers, she deserves it',
    'Our paper lost 2,000 subscribers after the paywall went up',
    'If we get 5 subs in the second half we might still win this',
    'if we get 10 subs a game the rule is pointless',
    'I got 12 subs for the office lunch and nobody ate the tuna one',
    'I got 20 likes on my comment about the bridge',
    'When I was at 16 I had 300 followers on Myspace',
    'if we get 1 million likes psy will notice',
  ]) assert.ok(!families(text).includes('lex:followers'), `${text}: ${families(text).join()}`);
});

test("a subscriber-begging comment is held on a new site; a news reader's \"if I get the chance I'll subscribe to the paper\" is published", () => {
  assertVerdicts([
    "If I hit 200 subscribers by Friday I'll film myself eating a ghost pepper",
    "When I reach 1,000 followers I'm doing a giveaway for everyone",
    "At 500 followers I'm shaving my head live on stream",
  ], reader, 'held', 3);
  assertVerdicts([
    "If I get the chance I'll subscribe to the paper, your coverage of the council vote was excellent",
    'If we get 5 subs in the second half we might still win this',
    'Our paper lost 2,000 subscribers after the paywall went up',
  ], reader, 'publish', 3);
});

test('a key word of self-promotion misspelt one edit away is read as the word ("Sucscribe to me!" asks as "subscribe to me" does); its inflections stay themselves', () => {
  for (const [token, word] of [['sucscribe', 'subscribe'], ['subcribe', 'subscribe'], ['subscibe', 'subscribe'], ['subscirbe', 'subscribe'], ['subcribers', 'subscribers'], ['folowers', 'followers'], ['followrs', 'followers']]) {
    assert.equal(wordOfToken(token!), word, token);
    assert.deepEqual(deobfuscatedWords(`please ${token!} now`), ['please', word, 'now'], token);
  }
  for (const w of ['subscribed', 'subscriber', 'subscribes', 'follower', 'describe', 'flowers', 'subscription']) assert.equal(wordOfToken(w), w);
  assert.ok(families('I am so awesome and smart!!! Sucscribe to me!').includes('lex:selfpromo'));
  assert.ok(families('if i get 100 subcribers i will dye my hair').includes('lex:followers'));
  assertVerdicts(['Plz subcribe to my chanel for daily edits', 'Sucscribe to me for daily football edits'], reader, 'held', 2);
  assertVerdicts(['I subscribed last year and the subscriber newsletter is great'], reader, 'publish', 1);
});
