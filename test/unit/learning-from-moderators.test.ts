/**
 * Moderator decisions teach the classifier: after a moderator marks a site's new kind of spam,
 * the moderation job scores the next such comment higher; reversing a decision moves counts exactly once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startMemoryStack, type MemoryStack } from '../support/memory-app.ts';
import { extractFeatures } from '../../src/spam/features.ts';
import { sitePhraseFeatures } from '../../src/spam/site-phrases.ts';

let stack: MemoryStack;
const mod = () => ({ Authorization: `Bearer ${stack.moderatorToken}` });

// "Fund recovery" scam spam written as a heartfelt comment: the public corpora score it as ham.
const relatives = ['grandmother', 'uncle', 'neighbour', 'sister', 'colleague', 'father'];
const printerSpam = (i: number) =>
  `Thank you for writing this. My ${relatives[i % relatives.length]} recovered the savings with the help of a recovery specialist named Daniel, case ${i}.`;

async function submitAndScore(comment: string, email = 'someone@example.net'): Promise<{ id: string; spamScore: number }> {
  const res = await request(stack.origin).post('/api/v1/comments').send({ threadId: 'learn', name: 'Visitor', email, comment }).expect(202);
  await stack.drain();
  const rec = (await request(stack.origin).get(`/api/v1/moderation/comments/${res.body.id}`).set(mod()).expect(200)).body;
  assert.notEqual(rec.status, 'pending');
  return { id: res.body.id, spamScore: rec.spamScore };
}

before(async () => {
  // The shipped defaults, so "before" and "after" are the verdicts a real site would get.
  stack = await startMemoryStack({ flagThreshold: 0.95, rejectThreshold: 0.999 });
});
after(() => stack.stop());

describe('learning from moderators', () => {
  test('marking 30 fund-recovery comments as spam raises the worker score of the next one', async () => {
    const before = await submitAndScore(printerSpam(0));
    for (let i = 1; i <= 30; i++) {
      const { id } = await submitAndScore(printerSpam(i), `bot${i}@example.net`);
      await request(stack.origin).post(`/api/v1/moderation/comments/${id}/spam`).set(mod()).expect(200);
    }
    const afterLearning = await submitAndScore(printerSpam(99), 'fresh@example.net');
    const logit = (p: number) => Math.log(p / (1 - p));
    const why = `score before ${before.spamScore}, after ${afterLearning.spamScore}`;
    assert.ok(before.spamScore < 0.95, `published before learning: ${why}`);
    assert.ok(logit(afterLearning.spamScore) > logit(before.spamScore) + 2, why);
    assert.ok(afterLearning.spamScore >= 0.95, `now at least flagged: ${why}`);
    const stats = await request(stack.origin).get('/api/v1/moderation/stats').set(mod()).expect(200);
    assert.equal(stats.body.learned.spam, 30);
  });

  test('an approval teaches the site its comment\'s phrases, shown in the site\'s stats; the unlabelled counts (EM) take in its features but no phrase', async () => {
    const text = 'Grandma baked the rhubarb pie again this morning, with far too much cinnamon as always.';
    const siteStats = async (siteId: string) => (await request(stack.origin).get(`/api/v1/moderation/stats?siteId=${encodeURIComponent(siteId)}`).set(mod()).expect(200)).body;
    const first = await submitAndScore('An unrelated first remark so the site exists.');
    const siteId: string = (await request(stack.origin).get(`/api/v1/moderation/comments/${first.id}`).set(mod()).expect(200)).body.siteId;
    const before = await siteStats(siteId);
    const { id } = await submitAndScore(text);
    const observed = await siteStats(siteId);
    const words = extractFeatures({ text, name: 'Visitor', email: 'someone@example.net' }).length;
    assert.ok(observed.adaptation.features - before.adaptation.features <= words, `the window took in ${observed.adaptation.features - before.adaptation.features} features for ${words} words`);
    await request(stack.origin).post(`/api/v1/moderation/comments/${id}/approve`).set(mod()).expect(200);
    const approved = await siteStats(siteId);
    assert.equal(approved.learned.phrases - observed.learned.phrases, sitePhraseFeatures(text).length);
    assert.equal(approved.adaptation.features, observed.adaptation.features);
  });

  test('approve → spam → spam → approve moves the counts exactly once each way', async () => {
    const { id } = await submitAndScore('A calm, ordinary remark about the summit.');
    const learned = async () => (await request(stack.origin).get('/api/v1/moderation/stats').set(mod())).body.learned;
    const start = await learned();
    await request(stack.origin).post(`/api/v1/moderation/comments/${id}/approve`).set(mod()).expect(200);
    assert.deepEqual(await learned(), { documents: start.documents + 1, spam: start.spam, ham: start.ham + 1, phrases: start.phrases });
    await request(stack.origin).post(`/api/v1/moderation/comments/${id}/spam`).set(mod()).expect(200);
    await request(stack.origin).post(`/api/v1/moderation/comments/${id}/spam`).set(mod()).expect(200);
    assert.deepEqual(await learned(), { documents: start.documents + 1, spam: start.spam + 1, ham: start.ham, phrases: start.phrases });
    await request(stack.origin).post(`/api/v1/moderation/comments/${id}/approve`).set(mod()).expect(200);
    assert.deepEqual(await learned(), { documents: start.documents + 1, spam: start.spam, ham: start.ham + 1, phrases: start.phrases });
  });
});
