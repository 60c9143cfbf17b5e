/**
 * The rules that carry the default model to news sites, blogs and other videos: a reader's unquoted warning about a
 * scam that leaves no way to reach anyone, a reader's "message me" offer of help and prices in euros are published;
 * spam that splits its chat app in two ("tele gram"), writes its amounts with the letter O ("5OOO dollars"), vouches
 * for its man ("God bless Mrs …"), writes in small capitals or dresses as a warning while giving a contact is held. The sentences are in
 * test/fixtures/transfer-cues.json; none of them is in the training data or in corpora/eval.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFeatures } from '../../src/spam/features.ts';
import { lexiconFamilies, lexiconPhrases, lexiconWords, wordInfo } from '../../src/spam/lexicon.ts';
import { assertVerdicts, readFixture } from '../support/fixture-verdicts.ts';

const fixture = readFixture<{ readers: string[]; spam: string[] }>('transfer-cues.json');
const author = { name: 'Dana Whitfield', email: 'dana.w@example.org' };
const has = (text: string, f: string) => extractFeatures({ text }).includes(f);

test('readers warning about a scam in their own words, offering help with "message me", or quoting prices in euros are published', () => {
  assertVerdicts(fixture.readers, author, 'publish', 12);
});

test('spam with a split chat app, amounts written with O, a testimonial, or a warning that still gives a contact is held', () => {
  assertVerdicts(fixture.spam, author, 'held', 10);
});

test('an unquoted scam warning with no way to reach anyone loses the scam\'s topic phrases; with a contact, or in the first person, they count', () => {
  const warning = "Don't trust anyone offering to recover your bitcoin, it is a scam.";
  assert.ok(!has(warning, 'lex:recovery') && !has(warning, 'lex:crypto'), extractFeatures({ text: warning }).join());
  // The same words without the warning are the pitch.
  assert.ok(has('Offering to recover your bitcoin within 48 hours.', 'lex:recovery'));
  // A warning that leaves a phone number is spam dressed as a warning.
  assert.ok(has("Don't trust anyone offering to recover your bitcoin, call +1 415 555 0142 instead.", 'lex:recovery'));
  // The writer's own claim counts even in a warning: that is the spammer's voice.
  assert.ok(has('Beware, the spell caster brought my husband back', 'lex:spell'));
});

test('"message me" and "contact him" are requests to get in touch (lex:reachme), not calls to action', () => {
  assert.ok(has('Message me if you need a lift', 'lex:reachme'));
  assert.ok(!has('Message me if you need a lift', 'lex:cta'));
  assert.ok(has('Click here to claim', 'lex:cta'));
});

test('a chat app written in two counts with a handle or a number, and not without one', () => {
  assert.ok(has('find her on tele gram @lucytrades_fx', 'contact:messenger'));
  assert.ok(has('whats app +1 415 555 0142', 'contact:messenger'));
  assert.ok(!has('We got the tele gram from the regiment framed', 'contact:messenger'));
  assert.ok(!has('whats app you use for the school group?', 'contact:messenger'));
});

test('zeros written as the letter O make an amount; letters after a digit in a word do not', () => {
  assert.ok(has('i made 5OOO dollars this week', 'shape:money'));
  assert.ok(has('i made 5OOO dollars this week from home', 'lex:earnings'));
  assert.ok(has('only $1O,OOO left', 'shape:money'));
  assert.ok(!has('the 3Ohm resistor', 'shape:money'));
  assert.ok(has('I paid 85 euros for the ticket', 'shape:money'));
});

test('small capitals are read as the letters they look like', () => {
  const f = extractFeatures({ text: 'ɪ ᴍᴀᴅᴇ $35,000 ғʀᴏᴍ ʙɪᴛᴄᴏɪɴ ᴛʀᴀᴅɪɴɢ' });
  assert.ok(f.includes('made') && f.includes('bitcoin') && f.includes('lex:crypto'), f.join());
});

test('every lexicon phrase, however long, is found by itself', () => {
  for (const [family, phrase] of lexiconPhrases()) {
    const words = lexiconWords(phrase);
    const found = lexiconFamilies(words, false, words.map((w) => wordInfo(w)));
    // A phrase listed under two families counts for the first; either way some family must be found.
    assert.ok(found.length > 0, `${family}: "${phrase}" not found`);
  }
  assert.ok(lexiconFamilies(['this', 'is', 'what', 'i', 'do'], false, ['this', 'is', 'what', 'i', 'do'].map((w) => wordInfo(w))).includes('earnings'));
});
