/**
 * Readers whose sentences hold the everyday forms of older spam cues are published by the default model, and spam of
 * the matching families is held: "check out" pointing at a shared thing (the FAQ, the comments above, the sequel)
 * against "check out my channel / this offer"; a chat app named while arranging a lift against one with a number or
 * user name; money made selling one's own bike or earned in wages against an earnings claim from home; a warning
 * that quotes a spam message against the message itself. The sentences are in test/fixtures/reader-cues.json.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFeatures } from '../../src/spam/features.ts';
import { withoutQuotedSpam } from '../../src/spam/quoted-warnings.ts';
import { assertVerdicts, readFixture } from '../support/fixture-verdicts.ts';

const fixture = readFixture<{ readers: string[]; spam: string[] }>('reader-cues.json');
const author = { name: 'Sam Okafor', email: 'sam@example.org' };

test('readers pointing at shared things, arranging lifts on chat apps, mentioning sales and wages, or quoting a scam to warn about it are published', () => {
  assertVerdicts(fixture.readers, author, 'publish', 40);
});

test('spam of the same families (check out my channel, a chat app with a number, earnings from home, a recovery or spell pitch) is held', () => {
  assertVerdicts(fixture.spam, author, 'held', 35);
});

test('the rules, feature by feature', () => {
  const has = (text: string, f: string) => extractFeatures({ text }).includes(f);
  // "check out" before a shared thing is no call to action and no request; before the writer's own or a name it is.
  assert.ok(!has('Check out the FAQ at the bottom of the post.', 'lex:cta'));
  assert.ok(!has('Check out the FAQ at the bottom of the post.', 'ask:reader'));
  assert.ok(has('Check out my channel for more', 'lex:cta'));
  assert.ok(has('check out Melbourne shuffle, everybody!', 'ask:reader'));
  assert.ok(has('check out Melbourne shuffle, everybody!', 'lex:cta'));
  assert.ok(has('New video up, check out', 'ask:reader'));
  // A chat app is a contact channel with a number, a handle or a user name; a social network also with the writer's
  // own account or a request to be reached there (reader-mentions.test.ts).
  assert.ok(!has('Whatsapp him if you want a lift', 'contact:messenger'));
  assert.ok(has('Whatsapp him on +1 415 555 0132', 'contact:messenger'));
  assert.ok(has('add me on telegram mark2201', 'contact:messenger'));
  assert.ok(has('Follow me on Instagram', 'contact:messenger'));
  // A sale beside "made" + amount + "from home" claims no earnings; the strong earning words still do.
  assert.ok(!has('I made $40 selling my old bike from home', 'lex:earnings'));
  assert.ok(has('I made $5,000 this week from home', 'lex:earnings'));
  assert.ok(has('I earn $300 a day selling from home', 'lex:earnings'));
  // Phrases quoted in a warning are not the writer's; the same phrases unquoted, or quoted without a warning, are.
  assert.ok(!has("Beware of 'spell caster brought my husband back' comments", 'lex:spell'));
  assert.ok(has('Beware, the spell caster brought my husband back', 'lex:spell'));
  assert.ok(has("My review: 'spell caster brought my husband back'", 'lex:spell'));
});

test('withoutQuotedSpam: quotes are passages between marks, not apostrophes; nothing without a warning word', () => {
  assert.equal(withoutQuotedSpam("that's a scam, don't reply"), null);
  assert.equal(withoutQuotedSpam("they said 'click here' and it's fine"), null);
  assert.equal(withoutQuotedSpam("scam: 'click here' and \u201cclaim now\u201d, don't"), 'scam:   and  , don\'t');
  assert.equal(withoutQuotedSpam("scam: 'click here and never closed"), null);
});

test('a reader pointing at moments of the video (time-code links to it) carries no link evidence and is published', () => {
  const text = 'My favourite part is <a href="https://www.youtube.com/watch?v=abc123&amp;t=3m40s">3:40</a>-<a href="https://www.youtube.com/watch?v=abc123&amp;t=4m11s">4:11</a> in the video';
  const f = extractFeatures({ text });
  assert.ok(!f.some((x) => x.startsWith('links:') || x.startsWith('dom:')), f.join());
  assertVerdicts([text, 'Skip to <a href="https://www.youtube.com/watch?v=abc123&amp;t=1m02s">1:02</a> for the chorus'], author, 'publish', 2);
  // The same links with other text are links.
  assert.ok(extractFeatures({ text: text.replace('>3:40<', '>part one<').replace('>4:11<', '>part two<') }).includes('links:2'));
});
