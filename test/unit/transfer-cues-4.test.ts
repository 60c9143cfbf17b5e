/**
 * The rules added after the fourth hand-written evaluation set: spam that takes a student's online class or sells
 * nursing papers, sells listeners and playlist placements, vouches for someone who "traced the wallet and returned
 * everything", pumps a token whose "liquidity is locked", asks for an e-mail address or a cash tag in the comments,
 * "flips" Cash App money, or leaves a blog compliment under a local trade's keyword name or site is held; readers who
 * use the same words in everyday senses are published. The sentences are in test/fixtures/transfer-cues-4.json; none
 * of them is in the training data or in corpora/eval.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFeatures } from '../../src/spam/features.ts';
import { isCommercialWebsite } from '../../src/spam/website-field.ts';
import { assertFamilyPairs } from '../support/family-pairs.ts';
import { assertVerdicts, readFixture, type FixtureSentence } from '../support/fixture-verdicts.ts';

const fixture = readFixture<{ readers: FixtureSentence[]; spam: FixtureSentence[] }>('transfer-cues-4.json');
const author = { name: 'Robin Ashdown', email: 'robin.ashdown@example.org' };
const features = (text: string, more: { name?: string; website?: string } = {}) => extractFeatures({ text, ...more });

test('spam taking online classes, selling listeners, tracing wallets, pumping locked-liquidity tokens, asking for cash tags or with a trade\'s keyword name → held', () => {
  assertVerdicts(fixture.spam, author, 'held', 9);
});

test('readers giving things away, buying presale tickets, counting listeners, tracing a leak, warning about cash tags or naming a contractor → published', () => {
  assertVerdicts(fixture.readers, author, 'publish', 14);
});

test('each new phrase names its family; the everyday phrase beside it names none', () => {
  const cases: Array<[string, string, string]> = [
    ['lex:essay', 'I will take your online class for you', 'I am taking an online class this fall'],
    ['lex:essay', 'cheap nursing papers and nursing essays', 'the nursing staff wrote papers on it'],
    ['lex:followers', 'we offer playlist placement and real listeners', 'the playlist has 900k monthly listeners'],
    ['lex:recovery', 'he traced the wallet and returned everything', 'we traced the leak and returned the part'],
    ['lex:crypto', 'liquidity locked, dev is doxxed', 'the concert presale sold out'],
    ['lex:prize', 'send your cashtag below', 'we are giving away seed packets to the first 100 people'],
    ['lex:earnings', 'legit cash app flip', 'I paid her back on Cash App'],
  ];
  assertFamilyPairs(cases);
});

test('a local trade with a place as its name, or a pest-control, HVAC or landscaping site, is a business; a person named after a trade or a city holding "pest" is not', () => {
  assert.ok(features('Thanks!', { name: 'Best Pest Control Dallas' }).includes('name:business'));
  assert.ok(features('Thanks!', { name: 'Assignment Homework Help' }).includes('name:business'));
  assert.ok(!features('Thanks!', { name: 'Contractor Dave' }).includes('name:business'));
  assert.ok(isCommercialWebsite('dallaspestcontrol.com', 'dallaspestcontrol.com'));
  assert.ok(isCommercialWebsite('www.hvac-denver.net', 'hvac-denver.net'));
  assert.ok(isCommercialWebsite('greenlandscapingtx.com', 'greenlandscapingtx.com'));
  assert.ok(!isCommercialWebsite('budapestfoodie.blog', 'budapestfoodie.blog'));
});
