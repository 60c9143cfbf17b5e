/**
 * Requests to the reader (src/spam/reader-requests.ts) and the features built on them: self-promotion asks the
 * audience to act ("subscribe", "please check out my …"); readers discussing an article ("vote them out", "check with
 * your doctor", "follow the money", "call me later") do not count as asking.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFeatures } from '../../src/spam/features.ts';
import { ASK_VERBS, asksReader, ENDS_IN_VERB, LEAD_WORDS, PLEASE, scanRequests, VERB_WORD, VERB_WORD_DEFINITION } from '../../src/spam/reader-requests.ts';
import { rawWordTokens, wordOfToken } from '../../src/spam/tokenize.ts';
import { SHARED_TARGETS } from '../../src/spam/lexicon.ts';
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

/** The word scan as a loop over the characters, as it was before the end of a word was found by a regex. */
function scanRequestsLoop(text: string): boolean {
  // The word tables are the module's: what this oracle holds the scan to is the loop over the characters.
  const verbs = ASK_VERBS;
  const lead = LEAD_WORDS;
  const please = PLEASE;
  const letter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  const n = text.length;
  let atStart = true;
  let skipped = 0;
  const shared = SHARED_TARGETS;
  const checkOut = new Set<string>();
  let pending: ReadonlySet<string> | null = null;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (letter(c) || (pending !== null && c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (letter(d) || d === 39 || d === 0x2019 || (d >= 48 && d <= 57)) j++;
        else break;
      }
      const w = text.slice(i, j).toLowerCase();
      if (pending === checkOut) {
        // "check out the …" points at a shared thing; "check out" before anything else asks.
        if (!shared.has(w)) return true;
        pending = null;
      } else if (pending !== null) {
        if (pending === verbs.get('check') && w === 'out') pending = checkOut;
        else if (pending.has(w)) return true;
        else pending = null;
      } else if (atStart) {
        const next = verbs.get(w);
        if (next === null) return true;
        if (next !== undefined) {
          pending = next;
          atStart = false;
        } else if (lead.has(w) && skipped < 3) skipped++;
        else atStart = false;
      } else if (please.has(w)) {
        atStart = true;
        skipped = 1;
      }
      i = j;
      continue;
    }
    if (c >= 48 && c <= 57) atStart = false;
    else if ([46, 33, 63, 58, 59, 44, 40, 41, 10, 13].includes(c) || (c === 45 && i > 0 && text.charCodeAt(i - 1) === 32 && i + 1 < n && text.charCodeAt(i + 1) === 32)) {
      if (pending === checkOut) return true;
      atStart = true;
      skipped = 0;
      pending = null;
    }
    i++;
  }
  return pending === checkOut;
}

test('the verb pre-check that reads the character before finds the texts its lookbehind definition finds (random texts)', () => {
  const rnd = mulberry32(23);
  const pieces = [
    'sub', 'subscribe', 'SUBSCRIBE', 'Like', 'like', 'likes', 'check', 'help', 'give', 'open', 'order', 'claim', 'visit', 'x', 'a', 'Z', ' ',
    '.', "'", '’', '4', '_', 'é', 'ſ', 'K', '\n', '(', '\ud83d', 'sub3',
  ];
  let found = 0;
  for (let i = 0; i < 30_000; i++) {
    let text = '';
    const n = 1 + Math.floor(rnd() * 8);
    for (let j = 0; j < n; j++) text += pieces[Math.floor(rnd() * pieces.length)]!;
    const def = VERB_WORD_DEFINITION.test(text);
    if (def) found++;
    assert.equal(VERB_WORD.test(text), def, JSON.stringify(text));
  }
  assert.ok(found > 3_000 && found < 27_000, `${found} of the random texts had a verb`);
});

test('an ASCII text with a verb VERB_WORD finds has a word ending in a verb (random texts of verbs, leetspeak, apostrophes, stretched letters)', () => {
  const rnd = mulberry32(29);
  const pieces = [
    'sub', 'subscribe', 'SUBSCRIBE', 'Like', 'like', 'likes', 'unlike', 'check', 'help', 'give', 'open', 'order', 'claim', 'visit', 'x', 'a',
    'Z', ' ', '.', "'", '4', '5', '1', 'ss', 'lll', 'eee', '_', '-', '\n', '(', 'sub3', '55', 'v1', "'s",
  ];
  let found = 0;
  for (let i = 0; i < 30_000; i++) {
    let text = '';
    const n = 1 + Math.floor(rnd() * 8);
    for (let j = 0; j < n; j++) text += pieces[Math.floor(rnd() * pieces.length)]!;
    if (!VERB_WORD.test(text)) continue;
    found++;
    assert.ok(rawWordTokens(text, true).map(wordOfToken).some((w) => ENDS_IN_VERB.test(w)), JSON.stringify(text));
  }
  assert.ok(found > 3_000, `only ${found} of the random texts had a verb`);
  // What that rests on: deobfuscation cannot change a verb at the end of a token.
  for (const v of ASK_VERBS.keys()) assert.ok(!/([a-z])\1\1/.test(v) && v[0] !== v[1] && /^[a-z]+$/.test(v), v);
});

test('the word scan finds what the character loop found (random texts)', () => {
  const rnd = mulberry32(13);
  const pieces = ['subscribe', 'Like', 'and', 'please', 'PLS', 'check', 'out', 'it', 'my', 'guys', 'x', ' ', ' ', '.', ' - ', '-', "'", '’', '4',
    '12', 'é', 'n', '\n', ',', 'support', 'me', 'help', 'us', 'so', 'give', 'this', 'a1', 'and4', 'the', 'a', 'yourself'];
  for (let i = 0; i < 20_000; i++) {
    let text = '';
    const n = 1 + Math.floor(rnd() * 12);
    for (let j = 0; j < n; j++) text += pieces[Math.floor(rnd() * pieces.length)]!;
    assert.equal(scanRequests(text), scanRequestsLoop(text), JSON.stringify(text));
  }
});
