/**
 * Site adaptation: a site's unlabelled comments teach the scorer what its readers sound like (EM), bounded per
 * site; moderator decisions still win; the Redis store keeps the same soft counts the pure functions compute.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { scoreSubmission, type LearnedCounts } from '../../src/spam/classifier.ts';
import { extractFeatures } from '../../src/spam/features.ts';
import { DEFAULT_THRESHOLDS } from '../../src/spam/policy.ts';
import { DEFAULT_ADAPTATION_OPTIONS, emptySoftCounts, observeSoft } from '../../src/spam/site-adaptation.ts';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel } from '../../src/spam/spam-model.ts';
import { RedisLearningStore } from '../../src/store/redis-learning-store.ts';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/harness.ts';

const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);

// A gaming community: its readers say "channel", "subscribe", "free", "won", "500", "claim", which the
// YouTube-trained prior reads as spam.
const openers = ['Honestly', 'Ok so', 'Wow', 'Lol', 'Not gonna lie', 'Yesterday', 'After the patch', 'In ranked'];
const subjects = ['the new season pass', 'the clan raid', 'the ranked ladder', 'the streamer on this channel', 'the free weekend', 'the patch notes', 'the boss fight', 'the loot drop'];
const verbs = ['is way better than', 'feels harder than', 'won me more matches than', 'broke my build worse than', 'gave more free skins than'];
const objects = ['last season', 'the old map', 'the beta', 'the 500 point event', 'the subscriber giveaway', 'my squad expected'];
const tails = ['', ' check the shop before reset.', ' subscribe if you agree lol.', ' my clan won twice.', ' claim your daily reward first.', ' gg everyone.'];
const gamer = (i: number) => `${openers[i % 8]} ${subjects[(i * 3) % 8]} ${verbs[(i * 7) % 5]} ${objects[(i * 5) % 6]}.${tails[(i * 11) % 6]}`;
const spamTemplates = [
  'Earn $500 a day from home, message me on WhatsApp +1 555 0100 ref {i}',
  'Free V-bucks generator, no survey, visit bit.ly/vb{i} now',
  'Check out my channel and subscribe, I post daily gameplay {i}',
];
const spam = (i: number) => spamTemplates[i % 3]!.replace('{i}', String(i));

/** Legitimate comments never fed to adaptation: the held rate is measured on them. */
const heldOut = Array.from({ length: 60 }, (_, i) => gamer(1000 + i));
const held = (learned?: LearnedCounts) =>
  heldOut.filter((t) => scoreSubmission(model, { text: t }, learned ? { learned } : {}).spamScore >= DEFAULT_THRESHOLDS.flag).length / heldOut.length;

/** What the worker does for each comment it decides: score with the site's state, then the EM step. */
function feed(learned: LearnedCounts, text: string): void {
  const features = extractFeatures({ text });
  observeSoft(learned.unlabelled!, features, scoreSubmission(model, { text }, { features, learned }).spamScore);
}

test('EM adaptation: 400 unlabelled comments of a gaming site (10 % spam) lower the held rate of its legitimate comments', () => {
  const learned: LearnedCounts = { spamDocs: 0, hamDocs: 0, tokens: new Map(), unlabelled: emptySoftCounts() };
  const before = held();
  for (let i = 0; i < 400; i++) feed(learned, i % 10 === 0 ? spam(i) : gamer(i));
  const afterAdapting = held(learned);
  const spamScores = [0, 1, 2, 3, 4, 5].map((i) => scoreSubmission(model, { text: spam(900 + i) }, { learned }).spamScore);
  const legitMax = Math.max(...heldOut.map((t) => scoreSubmission(model, { text: t }, { learned }).spamScore));
  console.log(`held rate of the site's legitimate comments: before ${(before * 100).toFixed(1)} %, after ${(afterAdapting * 100).toFixed(1)} %`);
  // The default model holds a good part of this topic before adapting (its topic cap keeps "subscribe" and
  // "channel" from deciding alone, so far less than a YouTube-only model would).
  assert.ok(before >= 0.15, `the prior holds this topic before adapting (${before})`);
  assert.ok(afterAdapting <= 0.05, `after adapting at most 5 % held (${afterAdapting})`);
  // The site's spam keeps scoring above every legitimate comment, and most of it is still held.
  for (const s of spamScores) assert.ok(s > legitMax, `spam ${spamScores.join(', ')} above legitimate max ${legitMax}`);
  assert.ok(spamScores.filter((s) => s >= DEFAULT_THRESHOLDS.flag).length >= 4, `site spam still held: ${spamScores.join(', ')}`);
});

test('EM soft counts stay bounded: past the window every count decays and the smallest are dropped', () => {
  const o = { ...DEFAULT_ADAPTATION_OPTIONS, windowDocs: 100, maxFeatures: 200 };
  const soft = emptySoftCounts();
  let decays = 0;
  for (let i = 0; i < 2000; i++) if (observeSoft(soft, [`w${i}`, `v${i % 7}`, 'common'], 0.1, o)) decays++;
  assert.ok(decays > 0);
  assert.ok(soft.spamDocs + soft.hamDocs <= 100, `window ${soft.spamDocs + soft.hamDocs}`);
  assert.ok(soft.tokens.size <= 201, `features ${soft.tokens.size}`);
  assert.ok(soft.tokens.has('common'));
});

test("moderator decisions win: after 300 decisions the site's own spam is held and its readers' vocabulary is not", () => {
  const siteSpam = (i: number) => `Thank you for this article. I recovered my lost savings with the help of agent Marcus, case ${i}, he is honest.`;
  // A crypto news site: its readers talk about coins, returns and wallets, which the prior distrusts.
  const reader = (i: number) =>
    [`The bitcoin halving argument in paragraph ${i % 9} ignores miner fees.`, `My wallet app showed the same returns drop after the ETF news, free market at work.`, `Good piece, but the crypto exchange fees you quote are out of date.`, `Check the chart again: coins fell ${i % 30} percent before the announcement.`][i % 4]!;
  const readerHeld = Array.from({ length: 40 }, (_, i) => reader(500 + i));
  const spamHeld = Array.from({ length: 20 }, (_, i) => siteSpam(500 + i));
  const rate = (texts: string[], learned?: LearnedCounts) =>
    texts.filter((t) => scoreSubmission(model, { text: t }, learned ? { learned } : {}).spamScore >= DEFAULT_THRESHOLDS.flag).length / texts.length;
  const learned: LearnedCounts = { spamDocs: 0, hamDocs: 0, tokens: new Map() };
  for (let i = 0; i < 300; i++) {
    const label = i % 3 === 0 ? 'spam' : 'ham';
    const text = label === 'spam' ? siteSpam(i) : reader(i);
    if (label === 'spam') learned.spamDocs++;
    else learned.hamDocs++;
    for (const f of extractFeatures({ text })) {
      const c = learned.tokens.get(f) ?? { spam: 0, ham: 0 };
      c[label]++;
      learned.tokens.set(f, c);
    }
  }
  const before = { spam: rate(spamHeld), readers: rate(readerHeld) };
  const afterDecisions = { spam: rate(spamHeld, learned), readers: rate(readerHeld, learned) };
  console.log(`site spam held ${before.spam} → ${afterDecisions.spam}; readers held ${before.readers} → ${afterDecisions.readers}`);
  assert.ok(before.spam < 0.5, `the prior misses this spam before any decision (${before.spam})`);
  assert.equal(afterDecisions.spam, 1);
  assert.equal(afterDecisions.readers, 0);
});

let redis: Redis;
let prefix: string;
before(() => {
  redis = new Redis(TEST_REDIS_URL, { lazyConnect: false });
  prefix = uniquePrefix();
});
after(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

test('Redis learning store: observe() keeps the same fractional soft counts, fetch() returns them, stats() shows the window', async () => {
  // Each comment adds exactly one soft document; a window between integers keeps float rounding off the boundary.
  const o = { ...DEFAULT_ADAPTATION_OPTIONS, windowDocs: 49.5, maxFeatures: 1000 };
  const store = new RedisLearningStore(redis, prefix, o);
  const mem = emptySoftCounts();
  for (let i = 0; i < 80; i++) {
    const features = ['shared', `f${i % 5}`];
    const p = i % 4 === 0 ? 0.9 : 0.2;
    await store.observe('site-x', features, p);
    observeSoft(mem, features, p, o);
  }
  const got = await store.fetch('site-x', ['shared', 'f1', 'never']);
  assert.ok(got.unlabelled, 'soft counts returned');
  assert.ok(Math.abs(got.unlabelled.spamDocs - mem.spamDocs) < 1e-6, `${got.unlabelled.spamDocs} vs ${mem.spamDocs}`);
  assert.ok(Math.abs(got.unlabelled.hamDocs - mem.hamDocs) < 1e-6);
  const shared = got.unlabelled.tokens.get('shared')!;
  assert.ok(Math.abs(shared.spam - mem.tokens.get('shared')!.spam) < 1e-6 && Math.abs(shared.ham - mem.tokens.get('shared')!.ham) < 1e-6);
  assert.equal(got.unlabelled.tokens.has('never'), false);
  const stats = await store.stats('site-x');
  assert.equal(stats.adaptation.observed, 80);
  assert.ok(stats.adaptation.windowDocuments! <= 50);
  assert.equal(stats.adaptation.features, 6);
  const other = await store.fetch('site-y', ['shared']);
  assert.equal(other.unlabelled, undefined, 'another site sees nothing');
  assert.equal((await store.stats()).adaptation.observed, 80);
});

test('Redis learning store, moderators who decide only what was held: the site learns its spam and its readers stay published', async () => {
  // As the worker and a moderator working through the held queue do: each comment is scored with the site's counts
  // from Redis and observed; the held ones are decided, spam or approved. The decided comments are in the
  // unlabelled counts too, and a decision takes its own comment out of them.
  const store = new RedisLearningStore(redis, prefix);
  const site = 'held-only';
  let decisions = 0;
  for (let i = 0; i < 400; i++) {
    const isSpam = i % 10 === 0;
    const text = isSpam ? spam(i) : gamer(i);
    const features = extractFeatures({ text });
    const { spamScore } = scoreSubmission(model, { text }, { features, learned: await store.fetch(site, features) });
    await store.observe(site, features, spamScore);
    if (spamScore >= DEFAULT_THRESHOLDS.flag) {
      await store.learn(site, isSpam ? 'spam' : 'ham', features, `c${i}`);
      decisions++;
    }
  }
  const scoreWith = async (text: string, scoring = {}) => {
    const features = extractFeatures({ text });
    return scoreSubmission(model, { text }, { features, learned: await store.fetch(site, features), scoring }).spamScore;
  };
  const heldShare = async (scoring = {}) => {
    let n = 0;
    for (const t of heldOut) if ((await scoreWith(t, scoring)) >= DEFAULT_THRESHOLDS.flag) n++;
    return n / heldOut.length;
  };
  const now = await heldShare();
  const dividing = await heldShare({ decidedUnlabelled: 'divide', siteSmoothingDocs: 2 });
  const spamScores = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => scoreWith(spam(900 + i))));
  console.log(`held-only decisions (${decisions}): legitimate held ${(now * 100).toFixed(1)} % (dividing: ${(dividing * 100).toFixed(1)} %), spam ${spamScores.map((s) => s.toFixed(2)).join(' ')}`);
  assert.ok(decisions >= 40, `the moderators decided what was held (${decisions})`);
  assert.ok(now <= 0.05, `at most 5 % of the readers held (${now})`);
  // The same counts scored the earlier way (each decision dividing its features' unlabelled weight) hold readers.
  assert.ok(dividing >= now + 0.05, `dividing should show the flaw: ${dividing} vs ${now}`);
  assert.ok(spamScores.filter((s) => s >= DEFAULT_THRESHOLDS.flag).length >= 5, `the site's spam is held: ${spamScores.join(', ')}`);
});
