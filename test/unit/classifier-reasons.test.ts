/**
 * Reasons a moderator reads: what moved the score both ways, signals included, and never a stopword.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isExplanatory, scoreSubmission } from '../../src/spam/classifier.ts';
import { parseJsonl } from '../../src/spam/corpus.ts';
import { isStopword } from '../../src/spam/stopwords.ts';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel } from '../../src/spam/spam-model.ts';

const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);
const site = parseJsonl(readFileSync(new URL('../fixtures/classifier-site-spam.jsonl', import.meta.url), 'utf8')).docs;

/** The words a reason names ("token:free +2.1" → free; "bigram:check out -0.3" → check, out). */
function namedWords(reason: string): string[] {
  const m = /^(token|bigram):(.+?)\s+[+-]\d/.exec(reason);
  return m ? m[2]!.split(' ') : [];
}

test('reasons never name a stopword such as "my", "from" or "on", whatever their weight', () => {
  const texts = [
    'my neighbour earns $85 an hour from her laptop on weekends, look at my profile',
    'Check out my channel on YouTube from my phone',
    'I agree with you on this, from my experience it is true',
    ...site.map((d) => d.text),
  ];
  let tokenReasons = 0;
  for (const text of texts) {
    const { reasons } = scoreSubmission(model, { text }, { scoring: { maxReasons: 12 } });
    for (const r of reasons) {
      const words = namedWords(r);
      if (words.length) tokenReasons++;
      if (r.startsWith('token:')) assert.ok(!isStopword(words[0]!), `stopword in reasons of "${text}": ${r}`);
      if (r.startsWith('bigram:')) assert.ok(words.some((w) => !isStopword(w)), `stopword-only bigram: ${r}`);
    }
  }
  assert.ok(tokenReasons > 10, 'the texts do produce word reasons');
  for (const w of ['my', 'from', 'on']) assert.equal(isExplanatory(w), false, w);
  assert.equal(isExplanatory('viagra'), true);
});

test('an earlier approved author shows as a negative reason, even when the comment is held anyway', () => {
  const spammy = { text: 'Subscribe to my channel, free gift cards, check out http://bit.ly/x' };
  const { spamScore, reasons } = scoreSubmission(model, spammy, { signals: { authorApprovedBefore: true } });
  assert.ok(spamScore > 0.5, `still spam: ${spamScore}`);
  assert.ok(reasons.includes('author-approved-before -3.0'), reasons.join(', '));
  assert.ok(reasons.some((r) => /\s\+\d/.test(r)), `positive evidence listed too: ${reasons.join(', ')}`);
});

test('reasons list evidence in both directions: the strongest for the verdict first, then the strongest against it', () => {
  const { spamScore, reasons } = scoreSubmission(model, { text: 'Great song, subscribe to my channel for more covers' });
  assert.ok(spamScore > 0.5);
  const signs = reasons.map((r) => (/\s\+\d/.test(r) ? '+' : '-'));
  assert.equal(signs[0], '+', reasons.join(', '));
  assert.ok(signs.includes('-'), `a counter-reason is listed: ${reasons.join(', ')}`);
  assert.ok(signs.lastIndexOf('+') < signs.indexOf('-'), `for-reasons come first: ${reasons.join(', ')}`);
});

test('reasons: with two signals and the site rate against the verdict, the score is still explained (no text feature against it fits)', () => {
  // A site with a high spam rate and a repeated text push towards spam; a known author pulls the verdict to publish.
  const learned = { spamDocs: 60, hamDocs: 40, tokens: new Map() };
  const r = scoreSubmission(model, { text: 'I would like to see the maritime part in more detail before judging.' }, {
    learned,
    signals: { repeatCount: 1, authorApprovedBefore: true },
  });
  assert.ok(r.spamScore < 0.5, JSON.stringify(r));
  assert.ok(r.reasons.some((x) => x.startsWith('site-spam-rate:')) && r.reasons.some((x) => x.startsWith('repeat')), JSON.stringify(r));
});
