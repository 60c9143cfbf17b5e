/**
 * Requests to the reader (src/spam/reader-requests.ts) and the features built on them: self-promotion asks the
 * audience to act ("subscribe", "please check out my …"); readers discussing an article ("vote them out", "check with
 * your doctor", "follow the money", "call me later") do not count as asking.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFeatures } from '../../src/spam/features.ts';
import { asksReader, scanRequests } from '../../src/spam/reader-requests.ts';
import { mulberry32 } from '../../src/spam/splits.ts';

test('a clause that opens with a request to the audience is found, after "please", "hey guys", "and"', () => {
  for (const text of [
    'Subscribe',
    'subscribe please',
    'Hey guys, please check out my new video',
    'If you like this song please subscribe to me',
    'Great song! Like and subscribe',
    'PLEASE JUST TAKE 1 SECOND AND WATCH IT!!',
    'Click the link below',
    'Help me get 100 subscribers',
    'so pls follow me',
  ]) {
    assert.equal(asksReader(text), true, text);
  }
});

test('what readers write is not a request: politics, everyday messages, statements', () => {
  for (const text of [
    'Vote them all out in November.',
    'Check with your doctor before you stop the medication.',
    'Follow the money and you will see who wrote the bill.',
    'Call me later, I am in a meeting.',
    'I subscribed to the paper for twenty years.',
    'Watch the debate tonight and decide for yourself.',
    'Support our troops, not the politicians who send them.',
    'I like the article, the figures look right.',
    '',
  ]) {
    assert.equal(asksReader(text), false, text);
  }
});

test('ask:link needs a link that is not a reference source, ask:bare a request with little else; a wallet address is a contact channel', () => {
  assert.ok(extractFeatures({ text: 'Subscribe please!' }).includes('ask:bare'));
  assert.ok(!extractFeatures({ text: 'Please subscribe to the paper, it is the only one that checks its figures.' }).includes('ask:bare'));
  assert.ok(extractFeatures({ text: 'Please check out my mix https://soundcloud.com/someone/mix' }).includes('ask:link'));
  const cite = extractFeatures({ text: 'Please check out the report at https://www.reuters.com/world/europe/' });
  assert.ok(!cite.includes('ask:reader') && !cite.includes('ask:link'), cite.join());
  assert.ok(extractFeatures({ text: 'donate bitcoins to me at 1FHeNqx1twqM153v2PTAyieJNEALAhZvEM thanks' }).includes('contact:wallet'));
  assert.ok(!extractFeatures({ text: 'The deficit was 1234567890123456789012345678 dollars, give or take.' }).includes('contact:wallet'));
  assert.ok(extractFeatures({ text: 'I love this video http://www.bubblews.com/account/389088-someone' }).includes('url:profile'));
  assert.ok(!extractFeatures({ text: 'The paper is at https://www.example.org/research/2024/report.pdf' }).includes('url:profile'));
});

test('a comment whose links all go to reference sources cites them: no call to action, no request', () => {
  const f = extractFeatures({ text: 'Check out the CBO numbers here: https://www.cbo.gov/publication/58888 they contradict the minister.' });
  assert.ok(!f.includes('lex:cta') && !f.includes('ask:reader'), f.join());
  const g = extractFeatures({ text: 'Check out the numbers here: https://www.example-blog.com/numbers' });
  assert.ok(g.includes('lex:cta') && g.includes('ask:reader') && g.includes('ask:link'), g.join());
});

test('the pre-check never rules out a text the word scan finds a request in (random texts of verbs, letters, digits, apostrophes)', () => {
  const rnd = mulberry32(11);
  const pieces = [
    'subscribe', 'Sub', 'SUBSCRIBE', 'like', 'likes', 'check', 'out', 'please', 'pls', 'and', 'help', 'me', 'watch', 'this', 'my', 'to',
    'follow', 'back', 'give', 'it', 'open', 'link', 'order', 'now', 'x', 'a', ' ', ' ', ' ', '.', ',', '!', '-', ' - ', "'", '’', '4',
    '12', 'n', 'hey', 'guys', 'é', 'ſ', 'K', '\n', '(', 'visit', 'claim', 'sub3', '5',
  ];
  let found = 0;
  for (let i = 0; i < 20_000; i++) {
    let text = '';
    const n = 1 + Math.floor(rnd() * 12);
    for (let j = 0; j < n; j++) text += pieces[Math.floor(rnd() * pieces.length)]!;
    const scan = scanRequests(text);
    if (scan) found++;
    assert.equal(asksReader(text), scan, JSON.stringify(text));
  }
  assert.ok(found > 1_000, `only ${found} random texts were requests`);
});
