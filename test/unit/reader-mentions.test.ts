/**
 * Readers who name a social network, the dot-com era, their own channel or a compliment are published by the default
 * model when their comment carries nothing to promote, and spam of the same shapes is held: a network with a handle
 * or a request to be reached on it, an address spelled out, the writer's channel with a pointer to it, an SEO
 * compliment with a link or a business field. The sentences are in test/fixtures/reader-mentions.json.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFeatures, type SubmissionText } from '../../src/spam/features.ts';
import { assertVerdicts, readFixture } from '../support/fixture-verdicts.ts';

const fixture = readFixture<{ readers: string[]; spam: Array<{ text: string; website?: string }> }>('reader-mentions.json');
const author = { name: 'Sam Okafor', email: 'sam@example.org' };

test('readers naming a social network, the dot-com era, their own channel or a compliment with nothing to promote are published', () => {
  assertVerdicts(fixture.readers, author, 'publish', 30);
});

test('spam of the same shapes (a handle or a request on a network, a spelled-out address, a pointed-to channel, a compliment with a link or business field) is held', () => {
  assertVerdicts(fixture.spam, author, 'held', 20);
});

test('the rules, feature by feature', () => {
  const has = (sub: SubmissionText | string, f: string) => extractFeatures(typeof sub === 'string' ? { text: sub } : sub).includes(f);
  // A social network is a contact channel with a way to reach someone, the writer's account or a request to be reached.
  assert.ok(!has('I follow her on Instagram', 'contact:messenger'));
  assert.ok(!has('She messaged me on Instagram to say the road was closed', 'contact:messenger'));
  assert.ok(!has('The club announced the new coach on Insta', 'contact:messenger'));
  assert.ok(has('follow me on instagram @handle', 'contact:messenger'));
  assert.ok(has('Follow me on Instagram', 'contact:messenger'));
  assert.ok(has('dm me on IG', 'contact:messenger'));
  assert.ok(has('hit me up on insta', 'contact:messenger'));
  assert.ok(has('check my instagram', 'contact:messenger'));
  assert.ok(has('contact her on Instagram for the plan', 'contact:messenger'));
  assert.ok(has('on instagram: mark2201', 'contact:messenger'));
  // "dot com" after a determiner or a preposition, or written "dot-com", is the era, not an address.
  assert.ok(!has('the dot-com crash', 'obf:spelled-url'));
  assert.ok(!has('I lost money in the dot com bubble', 'obf:spelled-url'));
  assert.ok(!has('he founded a dot com in 1998', 'obf:spelled-url'));
  assert.ok(!has('Remember the internet dot-com bubble? Same story.', 'obf:spelled-url'));
  // Only the occurrence written with a hyphen is the era's: one elsewhere does not hide an address.
  assert.ok(has('Like the dot-com era all over again. Pills at cheapmeds dot com', 'obf:spelled-url'));
  assert.ok(has('internet dot-com mania, and now internetpills dot com', 'obf:spelled-url'));
  assert.ok(has('gmail (dot) com', 'obf:spelled-url'));
  assert.ok(has('gmail (dot) com', 'contact:email'));
  assert.ok(has('visit cashdaily-now dot com', 'obf:spelled-url'));
  assert.ok(has('w w w . x . c o m', 'obf:spelled-url'));
  // An SEO compliment counts with something to promote: a link, a Website, a business or link in the name, a contact.
  assert.ok(!has('Great post, thanks for sharing! Worked on my Pi 4.', 'lex:seo'));
  assert.ok(has({ text: 'Great post, thanks for sharing!', website: 'http://example.net' }, 'lex:seo'));
  assert.ok(has({ text: 'Great post, thanks for sharing!', name: 'Best SEO Services' }, 'lex:seo'));
  assert.ok(has('Great post, thanks for sharing! http://example.biz/offer', 'lex:seo'));
  assert.ok(has('We offer backlinks and SEO', 'lex:seo'));
  // The writer's channel named is self-promotion when the comment points the reader at it.
  assert.ok(!has('I reviewed this game on my channel', 'lex:selfpromo'));
  assert.ok(!has('My band covered this at our school concert', 'lex:selfpromo'));
  assert.ok(has('I reviewed this game on my channel, check it out', 'lex:selfpromo'));
  assert.ok(has('If anyone wants the loop, it is on my channel', 'lex:selfpromo'));
  assert.ok(has('subscribe to my channel', 'lex:selfpromo'));
});
