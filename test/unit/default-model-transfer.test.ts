/**
 * The default model on a site it was not trained for: readers who cite a reputable source are published, the same
 * text wrapped in a spammer's kinds of links and contact channels is held, link-free spam of every family is held,
 * links alone never reject. (Rebuilding it from corpora/ with `npm run train:default`, a process on a fresh copy of the
 * repository, is tested in test/integration/cli-processes.test.ts.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { scoreSubmission } from '../../src/spam/classifier.ts';
import { extractFeatures } from '../../src/spam/features.ts';
import { DEFAULT_THRESHOLDS, decide } from '../../src/spam/policy.ts';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel } from '../../src/spam/spam-model.ts';

const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);
const verdict = (sub: { text: string; name?: string; email?: string }) => {
  const r = scoreSubmission(model, sub);
  return { v: decide(r.spamScore, DEFAULT_THRESHOLDS, r.evidenceKinds), r };
};

const CITATIONS = [
  'The ministry published the full figures this morning, see https://www.reuters.com/world/europe/ for the report. The numbers do not support the minister.',
  'The BBC had the interview first: https://www.bbc.co.uk/news/world-europe-68000000 and it reads rather differently from the summary above.',
  'For context, the treaty article is explained well here https://en.wikipedia.org/wiki/Treaty_of_Lisbon and it answers the question in the second comment.',
  'The ministry of defence posted the agreement itself at https://www.mod.go.jp/en/ so anyone can check what was actually signed.',
  'The Commission statement is at https://ec.europa.eu/commission/presscorner/home/en and it does not say what the headline claims.',
];

test('a comment citing a reputable source with one link (Reuters, BBC, Wikipedia, a ministry, the EU) is published by the default model', () => {
  for (const text of CITATIONS) {
    const { v, r } = verdict({ text, name: 'Mariko Tanaka', email: 'mariko@example.org' });
    assert.equal(v, 'publish', `${text}: ${r.spamScore} ${r.reasons.join(', ')}`);
  }
});

test('the same text with a shortener, a link in the name and a phone number is held', () => {
  for (const text of CITATIONS) {
    const sub = { text: `${text} More at http://bit.ly/3xYzAb or call 0871 872 9758`, name: 'www.best-deals-online.com', email: 'mariko@example.org' };
    const { v, r } = verdict(sub);
    assert.notEqual(v, 'publish', `${sub.text}: ${r.spamScore} ${r.reasons.join(', ')}`);
  }
});

test('news readers\' everyday words and numbered article addresses are no spam evidence: published, with no lexicon or long-number feature', () => {
  const readers = [
    'The petition got 100,000 signatures, so parliament has to debate it now.',
    'I donate to the local food bank every month and they are overwhelmed this year.',
    'Russian hackers breached the pipeline company and nobody was held accountable.',
    'The minister wore a Rolex worth more than my car while telling us to tighten our belts.',
    'Coal mining jobs are not coming back, and forex reserves fell for the third month in a row.',
    'I wrote about this on my blog last year, and I shared the article on my Facebook page.',
    // A recipe reader's "make" with a rate is no earnings claim; readers' contact phrases are no calls to action.
    'You can make this a day ahead and keep it in the fridge, it tastes even better.',
    'My husband works from home now and makes lunch for the kids every day.',
    'I make about $15 an hour at the grocery store and rent is $1,400 a month. Do the math.',
    'The council should contact them directly instead of posting on Facebook.',
    'Add me on Steam if you want to team up, or ask me for the recipe, or text him yourself.',
    'The BBC report is at https://www.bbc.co.uk/news/world-europe-65432101 and the study at https://www.nature.com/articles/s41586-023-06291-2 if anyone wants to check.',
  ];
  for (const text of readers) {
    const features = extractFeatures({ text });
    assert.deepEqual(features.filter((f) => f.startsWith('lex:') || f === 'shape:longnum'), [], text);
    const { v, r } = verdict({ text, name: 'Sam Okafor', email: 'sam@example.org' });
    assert.equal(v, 'publish', `${text}: ${r.spamScore} ${r.reasons.join(', ')}`);
  }
});

test('readers\' sentences holding the everyday words of the spam families\' phrasings (wages, a link to an earlier comment, a novel\'s spell, a parish priest, a broker, online banking) carry no lexicon feature and are published', () => {
  const readers = [
    'Nurses at my hospital get paid weekly, which helps with the bills.',
    'The link in my previous comment goes to the council minutes, page 14.',
    'The spell worked in the book because Hermione said it correctly.',
    'Just send it to his WhatsApp, he answers faster there.',
    'I am saving money online by comparing prices.',
    'Simple online banking would solve this for older people.',
    'Our great priest at St Mary\'s retired last year.',
    'My broker charges a small fee per trade, which is fine for index funds.',
    'The bug returns every time I restart the app after the update.',
    'Add lime instead of lemon, thank me later.',
    'My recovery team at the rehab clinic were amazing.',
  ];
  for (const text of readers) {
    assert.deepEqual(extractFeatures({ text }).filter((f) => f.startsWith('lex:')), [], text);
    const { v, r } = verdict({ text, name: 'Sam Okafor', email: 'sam@example.org' });
    assert.equal(v, 'publish', `${text}: ${r.spamScore} ${r.reasons.join(', ')}`);
  }
});

test('link-free spam of every family (pharma, earnings, spell casters, fund recovery, loans, essays, replicas, followers, casino, tech support) is held', () => {
  const fixtures = readFileSync(new URL('../fixtures/transfer-spam-families.jsonl', import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { family: string; text: string });
  assert.ok(fixtures.length >= 10);
  for (const f of fixtures) {
    assert.ok(!/https?:|www\./.test(f.text), `${f.family} fixture must carry no link`);
    const { v, r } = verdict({ text: f.text, name: 'Alex', email: 'alex@example.com' });
    assert.notEqual(v, 'publish', `${f.family}: ${r.spamScore} ${r.reasons.join(', ')}`);
  }
});

test('a comment whose only evidence is its links is never rejected outright, even when it scores above the reject threshold', () => {
  const sub = { text: 'http://bit.ly/3xYzAb http://tinyurl.com/y7k2 http://spam-shop.xyz/deal', name: 'http://cheap-pills.example.ru' };
  const r = scoreSubmission(model, sub);
  assert.deepEqual(r.evidenceKinds, ['links']);
  assert.notEqual(decide(r.spamScore, { flag: 0.5, reject: 0.5 }, r.evidenceKinds), 'reject');
  assert.equal(decide(0.99999, DEFAULT_THRESHOLDS, ['links']), 'flag');
  assert.equal(decide(0.99999, DEFAULT_THRESHOLDS, ['business', 'links']), 'reject');
  // An operator's REJECT_THRESHOLD=0 rejects everything, evidence or not.
  assert.equal(decide(0.01, { flag: 0, reject: 0 }, []), 'reject');
});

test('contact channels and obfuscation become features: phone, e-mail in the text, handles, messengers, spelled-out and disposable addresses', () => {
  const f = extractFeatures({
    text: 'Text me on WhatsApp +1 (800) 555-0199 or write to jo.smith@example.com, @jo_smith on insta, site w w w . deals . c o m or deals (dot) com',
    email: 'x@mailinator.com',
  });
  for (const want of ['contact:phone', 'contact:email', 'contact:handle', 'contact:messenger', 'obf:spelled-url', 'email:disposable']) assert.ok(f.includes(want), want);
  // Numbers are not phone numbers; a link alone has no feature of its own.
  const g = extractFeatures({ text: 'Views went from 2.126.521.750 to 2,200,000,000 https://www.reuters.com/x', email: 'a@gmail.com' });
  assert.ok(!g.includes('contact:phone') && !g.includes('email:disposable'), g.join());
  assert.ok(!g.some((x) => x.startsWith('links:')), g.join());
  // The digits of a cited article's address are not a phone number.
  const h = extractFeatures({ text: 'The study is at https://www.nature.com/articles/s41586-023-06185-3 and says the opposite.' });
  assert.ok(!h.includes('contact:phone'), h.join());
});

test('the prior follows the site spam rate: the same comment scores lower on a site with 2 % spam than on one with 50 %', () => {
  const sub = { text: 'Great song, check out my channel for covers' };
  const low = scoreSubmission(model, sub, { scoring: { spamRate: 0.02 } }).spamScore;
  const high = scoreSubmission(model, sub, { scoring: { spamRate: 0.5 } }).spamScore;
  assert.ok(low < high, `${low} < ${high}`);
});
