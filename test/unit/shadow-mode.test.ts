/**
 * Moderation modes through createApp on in-memory stores: shadow publishes what the filter would hold, hold-all
 * holds what it would publish, both keep the would-have verdict (comment, audit entry, stats), the stats compare it
 * with moderators' later decisions, and switching back to normal lets the filter decide again.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startMemoryStack, type CreatedSite, type MemoryStack } from '../support/memory-app.ts';

let stack: MemoryStack;
/** The filter flags every comment here (flag threshold 0): in shadow mode they are published anyway. */
let strict: CreatedSite;
/** Default thresholds: a calm remark would be published; hold-all holds it. */
let calm: CreatedSite;
let bobToken = '';
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
const admin = () => bearer(stack.moderatorToken);
const CLEAN = 'A calm and reasonable remark about the article, thank you.';

async function submit(site: CreatedSite, text: string, n = 0): Promise<string> {
  const res = await request(stack.origin)
    .post('/api/v1/comments')
    .set(bearer(site.apiKey))
    .send({ threadId: 't1', name: 'Reader', email: `reader${n}@example.com`, comment: text })
    .expect(202);
  await stack.drain();
  return res.body.id as string;
}

async function full(id: string) {
  return (await request(stack.origin).get(`/api/v1/moderation/comments/${id}`).set(admin()).expect(200)).body;
}

async function report(siteId: string) {
  const stats = await request(stack.origin).get(`/api/v1/moderation/stats?siteId=${siteId}`).set(admin()).expect(200);
  assert.equal(stats.body.shadow.length, 1);
  return stats.body.shadow[0];
}

before(async () => {
  stack = await startMemoryStack();
  strict = await stack.addSite('Strict', ['--id', 'strict', '--flag-threshold', '0', '--reject-threshold', '1']);
  calm = await stack.addSite('Calm', ['--id', 'calm']);
  await stack.moderatorsCli(['add', '--name', 'bob', '--role', 'moderator', '--sites', 'strict,calm', '--json']);
  bobToken = JSON.parse((await stack.moderatorsCli(['token', '--name', 'bob', '--json'])).stdout).token;
  await stack.registry.refresh();
});
after(() => stack.stop());

describe('moderation modes', () => {
  test('sites set --mode shadow → a comment the filter would hold is published, and its would-have verdict is kept on the comment and in the audit trail', async () => {
    const set = await stack.sitesCli(['set', 'strict', '--mode', 'shadow', '--json']);
    assert.equal(set.code, 0, set.stderr);
    assert.equal(JSON.parse(set.stdout).moderationMode, 'shadow');
    await stack.registry.refresh();

    const id = await submit(strict, CLEAN);
    const pub = await request(stack.origin).get(`/api/v1/comments/${id}`).expect(200);
    assert.equal(pub.body.status, 'published');
    const c = await full(id);
    assert.equal(c.status, 'published');
    assert.equal(c.decidedBy, 'classifier');
    assert.equal(c.reasons[0], 'mode:shadow');
    assert.equal(c.wouldHave.mode, 'shadow');
    assert.equal(c.wouldHave.verdict, 'flag');
    assert.equal(c.wouldHave.spamScore, c.spamScore);
    assert.deepEqual(c.wouldHave.reasons, c.reasons.slice(1));

    const history = await request(stack.origin).get(`/api/v1/moderation/comments/${id}/history`).set(admin()).expect(200);
    const [entry] = history.body.entries;
    assert.equal(entry.actor, 'classifier');
    assert.equal(entry.to, 'published');
    assert.equal(entry.reasons[0], 'mode:shadow');
    assert.equal(entry.wouldHave.verdict, 'flag');
    assert.deepEqual((await stack.sitesCli(['list', '--json'])).stdout.includes('"moderationMode":"shadow"'), true);
  });

  test('PUT /api/v1/moderation/sites/:id/mode hold-all → a comment the filter would publish is held as flagged', async () => {
    const put = await request(stack.origin).put('/api/v1/moderation/sites/calm/mode').set(admin()).send({ mode: 'hold-all' }).expect(200);
    assert.deepEqual(put.body, { siteId: 'calm', mode: 'hold-all' });
    const id = await submit(calm, CLEAN);
    const c = await full(id);
    assert.equal(c.status, 'flagged');
    assert.equal(c.reasons[0], 'mode:hold-all');
    assert.deepEqual([c.wouldHave.mode, c.wouldHave.verdict], ['hold-all', 'publish']);
    const pub = await request(stack.origin).get(`/api/v1/comments/${id}`).expect(200);
    assert.equal(pub.body.status, 'pending');
  });

  test('stats → the would-have verdicts against moderators’ later decisions, per site, plus those not yet reviewed', async () => {
    const before = await report('strict');
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await submit(strict, `${CLEAN} Number ${i} of three.`, i));
    await request(stack.origin).post(`/api/v1/moderation/comments/${ids[0]}/spam`).set(bearer(bobToken)).expect(200);
    await request(stack.origin).post(`/api/v1/moderation/comments/${ids[1]}/approve`).set(bearer(bobToken)).expect(200);
    // A change of mind moves the comment, it does not count twice.
    await request(stack.origin).post(`/api/v1/moderation/comments/${ids[1]}/spam`).set(bearer(bobToken)).expect(200);
    await request(stack.origin).post(`/api/v1/moderation/comments/${ids[1]}/approve`).set(bearer(bobToken)).expect(200);
    const r = await report('strict');
    assert.equal(r.mode, 'shadow');
    assert.deepEqual(r.wouldHave.flag, {
      published: before.wouldHave.flag.published + 1,
      spam: before.wouldHave.flag.spam + 1,
      unreviewed: before.wouldHave.flag.unreviewed + 1,
    });
    assert.deepEqual(r.wouldHave.publish, { published: 0, spam: 0, unreviewed: 0 });
    assert.equal(r.reviewed, before.reviewed + 2);

    // The filter would have published this one; the moderator says spam: a miss the report names.
    const missed = await submit(calm, `${CLEAN} Really.`, 9);
    await request(stack.origin).post(`/api/v1/moderation/comments/${missed}/spam`).set(admin()).expect(200);
    const c = await report('calm');
    assert.equal(c.mode, 'hold-all');
    assert.equal(c.wouldHave.publish.spam, 1);
    assert.equal(c.missedSpam, 1);

    // Without a site: every site in scope that uses a mode, for an admin and for a moderator of both.
    for (const who of [admin(), bearer(bobToken)]) {
      const all = await request(stack.origin).get('/api/v1/moderation/stats').set(who).expect(200);
      assert.deepEqual(all.body.shadow.map((s: { siteId: string }) => s.siteId), ['calm', 'strict']);
    }
  });

  test('switching back to normal → the filter decides again, new comments carry no would-have, the report keeps its counts', async () => {
    const kept = await report('strict');
    await request(stack.origin).put('/api/v1/moderation/sites/strict/mode').set(admin()).send({ mode: 'normal' }).expect(200);
    const id = await submit(strict, `${CLEAN} Back to normal.`, 7);
    const c = await full(id);
    assert.equal(c.status, 'flagged');
    assert.equal(c.wouldHave, undefined);
    assert.ok(!c.reasons.includes('mode:shadow'));
    const r = await report('strict');
    assert.equal(r.mode, 'normal');
    assert.deepEqual(r.wouldHave, kept.wouldHave);
  });

  test('deleting a comment nobody reviewed takes it out of the not-yet-reviewed count', async () => {
    await request(stack.origin).put('/api/v1/moderation/sites/calm/mode').set(admin()).send({ mode: 'hold-all' }).expect(200);
    const before = await report('calm');
    const id = await submit(calm, `${CLEAN} To be deleted.`, 5);
    assert.equal((await report('calm')).unreviewed, before.unreviewed + 1);
    await request(stack.origin).delete(`/api/v1/moderation/comments/${id}`).set(admin()).expect(204);
    assert.equal((await report('calm')).unreviewed, before.unreviewed);
  });

  test('PUT …/mode: a moderator (not admin) → 403; an unknown site → 404; an unknown mode → 400; nothing changes', async () => {
    await request(stack.origin).put('/api/v1/moderation/sites/calm/mode').set(bearer(bobToken)).send({ mode: 'normal' }).expect(403);
    await request(stack.origin).put('/api/v1/moderation/sites/nope/mode').set(admin()).send({ mode: 'shadow' }).expect(404);
    const bad = await request(stack.origin).put('/api/v1/moderation/sites/calm/mode').set(admin()).send({ mode: 'silent' }).expect(400);
    assert.equal(bad.body.error, 'validation_failed');
    assert.equal(stack.registry.mode('calm'), 'hold-all');
  });

  test('sites set default --mode shadow works before the default site is configured; --mode bogus → usage error', async () => {
    const bad = await stack.sitesCli(['set', 'calm', '--mode', 'bogus']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--mode: one of normal, shadow, hold-all/);
    const set = await stack.sitesCli(['set', 'default', '--mode', 'shadow']);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /Moderation mode: shadow/);
    await stack.registry.refresh();
    assert.equal(stack.registry.mode('default'), 'shadow');
    const res = await request(stack.origin)
      .post('/api/v1/comments')
      .send({ threadId: 't1', name: 'Reader', email: 'r@example.com', comment: 'Buy cheap pills now http://bit.ly/x http://bit.ly/y call +1 555 0100' })
      .expect(202);
    await stack.drain();
    const c = await full(res.body.id);
    assert.equal(c.status, 'published');
    assert.notEqual(c.wouldHave.verdict, 'publish');
  });
});
