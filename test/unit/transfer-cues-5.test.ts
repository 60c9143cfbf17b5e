/**
 * The rules added after the fifth hand-written evaluation set: spam that links a business's front page in its text,
 * spells its phone number out in words, offers a clearance sale with free shipping, does students' assignments and
 * online exams, sells copies by their grade ("1:1 quality"), offers local singles, or leaves a blog compliment under a
 * roofer's or a flight seller's keyword name is held; readers who use the same words in everyday senses are published.
 * The sentences are in test/fixtures/transfer-cues-5.json; none of them is in the training data or in corpora/eval.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFeatures } from '../../src/spam/features.ts';
import { assertFamilyPairs } from '../support/family-pairs.ts';
import { assertVerdicts, readFixture, type FixtureSentence } from '../support/fixture-verdicts.ts';

const fixture = readFixture<{ readers: FixtureSentence[]; spam: FixtureSentence[] }>('transfer-cues-5.json');
const author = { name: 'Robin Ashdown', email: 'robin.ashdown@example.org' };
const features = (text: string, more: { name?: string; website?: string } = {}) => extractFeatures({ text, ...more });

test('spam linking a shop\'s front page, spelling out its number, writing exams, selling 1:1 copies or local singles, or with a roofer\'s keyword name → held', () => {
  assertVerdicts(fixture.spam, author, 'held', 8);
});

test('readers with free shipping, a clearance sale, an online exam, a product page or a clinic linked, a count to eight or their own blog → published', () => {
  assertVerdicts(fixture.readers, author, 'publish', 13);
});

test('each new phrase names its family; the everyday phrase beside it names none', () => {
  const cases: Array<[string, string, string]> = [
    ['lex:essay', 'we help with your assignments and your online exam', 'good luck with your assignments this semester'],
    ['lex:replica', 'handbags in 1:1 quality and AAA quality', 'the print quality is one of the best'],
    ['lex:adult', 'meet beautiful local singles tonight', 'we met at the local pub'],
    ['lex:seo', 'clearance sale with free shipping', 'the sale ended on Sunday'],
  ];
  assertFamilyPairs(cases);
});

test('seven digits or more spelled out in a row → obf:spelled-phone; a count, or a shorter run, → none', () => {
  assert.ok(features('call one eight zero zero five five five zero one nine two').includes('obf:spelled-phone'));
  assert.ok(features('ring us on nine four four seven two two one').includes('obf:spelled-phone'));
  assert.ok(!features('one two three four five six seven eight, who do we appreciate').includes('obf:spelled-phone'));
  assert.ok(!features('five five five is the fake exchange in films').includes('obf:spelled-phone'));
});

test('a business\'s front page linked in the text → url:business; a page further in, a reference source or a person\'s site → none', () => {
  assert.ok(features('check bagsoutlet-vip.com').includes('url:business'));
  assert.ok(features('see https://www.cheap-essay-writers.net/ today').includes('url:business'));
  assert.ok(!features('I got mine at https://www.discounttire.com/buy-tires/michelin').includes('url:business'));
  assert.ok(!features('the audit is at https://www.stateauditor.gov/').includes('url:business'));
  assert.ok(!features('my notes are on https://jennabakes.blog').includes('url:business'));
});

test('a roofer or a flight seller named with a place is a business; one such word in a person\'s name is not', () => {
  assert.ok(features('Thanks!', { name: 'Dallas Roof Repair' }).includes('name:business'));
  assert.ok(features('Thanks!', { name: 'Cheap Flights Orlando' }).includes('name:business'));
  assert.ok(!features('Thanks!', { name: 'Jim Roof' }).includes('name:business'));
});
