/** POST /api/v1/check and /api/v1/feedback: synchronous verdicts that store nothing, and per-site learning that can't leak across sites. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startMemoryStack, type MemoryStack, type CreatedSite } from '../support/memory-app.ts';

let stack: MemoryStack;
let siteA: CreatedSite;
let siteB: CreatedSite;
const probe = { name: 'Jo', email: 'jo@example.com', comment: 'I disagree with the second point; the data from 2019 shows the opposite trend.' };

/** Everything a request could store: comments, jobs, learned counts, webhook events. */
async function dataKeys() {
  return {
    comments: await stack.store.countByStatus(),
    queued: stack.queue.waiting(),
    learned: await stack.learning.stats(),
    webhooks: (await stack.webhooks.store.list({ limit: 1000 })).length,
  };
}

function check(site: CreatedSite, body: object) {
  return request(stack.origin).post('/api/v1/check').set('Authorization', `Bearer ${site.apiKey}`).send(body);
}

before(async () => {
  stack = await startMemoryStack();
  siteA = await stack.addSite('Site A');
  siteB = await stack.addSite('Site B');
});
after(() => stack.stop());

describe('POST /api/v1/check', () => {
  test('with a site key → 200 {spamScore, verdict, reasons} in the same request, and nothing stored', async () => {
    const before = await dataKeys();
    const res = await check(siteA, { ...probe, threadId: 'p1', userIp: '198.51.100.4', userAgent: 'UA', commentType: 'comment' }).expect(200);
    assert.deepEqual(Object.keys(res.body).sort(), ['reasons', 'spamScore', 'verdict']);
    assert.ok(res.body.spamScore >= 0 && res.body.spamScore <= 1);
    assert.ok(['publish', 'flag', 'reject'].includes(res.body.verdict));
    assert.ok(Array.isArray(res.body.reasons));
    assert.deepEqual(await dataKeys(), before);
  });

  test('blatant spam → verdict reject; a form-encoded body works too', async () => {
    const spam = 'BUY CHEAP VIAGRA NOW!!! cheap pills online casino bonus http://pills.example.ru http://casino.example.ru click here free money';
    const res = await request(stack.origin).post('/api/v1/check').set('Authorization', `Bearer ${siteA.apiKey}`).type('form').send({ comment: spam, name: 'cheap pills', website: 'http://pills.example.ru' }).expect(200);
    assert.ok(res.body.spamScore > 0.5, `score ${res.body.spamScore}`);
    assert.notEqual(res.body.verdict, 'publish');
  });

  test('without a key → 401; with a wrong key → 401; a missing comment → 400', async () => {
    await request(stack.origin).post('/api/v1/check').send(probe).expect(401);
    await request(stack.origin).post('/api/v1/check').set('Authorization', 'Bearer ckwrongwrongwrong').send(probe).expect(401);
    const res = await check(siteA, { name: 'x' }).expect(400);
    assert.ok(res.body.fields.comment);
  });
});

describe('POST /api/v1/feedback and per-site learning', () => {
  test('a bad label → 400 naming label; without a key → 401', async () => {
    const res = await request(stack.origin).post('/api/v1/feedback').set('Authorization', `Bearer ${siteA.apiKey}`).send({ ...probe, label: 'maybe' }).expect(400);
    assert.ok(res.body.fields.label);
    await request(stack.origin).post('/api/v1/feedback').send({ ...probe, label: 'spam' }).expect(401);
  });

  test('feedback on site A moves A’s scores and leaves B’s exactly as they were', async () => {
    const beforeA = (await check(siteA, probe).expect(200)).body.spamScore as number;
    const beforeB = (await check(siteB, probe).expect(200)).body.spamScore as number;
    assert.equal(beforeA, beforeB, 'two fresh sites score alike');
    // Site A's "poisoning" attempt: report ordinary discussion as spam, many times over.
    for (let i = 0; i < 12; i++) {
      const res = await request(stack.origin)
        .post('/api/v1/feedback')
        .set('Authorization', `Bearer ${siteA.apiKey}`)
        .send({ ...probe, comment: `${probe.comment} Variant ${i}: the data and the trend again.`, label: 'spam' })
        .expect(200);
      assert.equal(res.body.learned, true);
    }
    const afterA = (await check(siteA, probe).expect(200)).body.spamScore as number;
    const afterB = (await check(siteB, probe).expect(200)).body.spamScore as number;
    assert.ok(afterA > beforeA + 0.2, `site A learned: ${beforeA} → ${afterA}`);
    assert.equal(afterB, beforeB, 'site B is untouched');
  });

  test('the same feedback twice teaches once; the other label reverses it', async () => {
    const body = { ...probe, comment: 'A one-off remark about compost heaps.', id: 'backend-42' };
    const send = (label: string) => request(stack.origin).post('/api/v1/feedback').set('Authorization', `Bearer ${siteB.apiKey}`).send({ ...body, label }).expect(200);
    assert.equal((await send('spam')).body.learned, true);
    assert.equal((await send('spam')).body.learned, false);
    assert.equal((await send('ham')).body.learned, true);
  });

  test('a moderator decision on a site’s comment teaches that site only', async () => {
    const text = 'Check my forex signals group, guaranteed daily profit, message me on telegram.';
    const beforeA = (await check(siteA, { ...probe, comment: text }).expect(200)).body.spamScore as number;
    const beforeB = (await check(siteB, { ...probe, comment: text }).expect(200)).body.spamScore as number;
    const auth = `Bearer ${stack.moderatorToken}`;
    for (let i = 0; i < 6; i++) {
      const sub = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${siteB.apiKey}`).send({ ...probe, threadId: 't', comment: `${text} (${i})` }).expect(202);
      await stack.drain();
      assert.notEqual((await request(stack.origin).get(`/api/v1/moderation/comments/${sub.body.id}`).set('Authorization', auth)).body.status, 'pending');
      await request(stack.origin).post(`/api/v1/moderation/comments/${sub.body.id}/spam`).set('Authorization', auth).expect(200);
    }
    const afterA = (await check(siteA, { ...probe, comment: text }).expect(200)).body.spamScore as number;
    const afterB = (await check(siteB, { ...probe, comment: text }).expect(200)).body.spamScore as number;
    assert.ok(afterB > beforeB, `site B learned from its moderator: ${beforeB} → ${afterB}`);
    assert.equal(afterA, beforeA, 'site A is untouched');
  });
});
