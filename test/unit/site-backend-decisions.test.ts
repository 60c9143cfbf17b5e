/**
 * POST /api/v1/feedback with `commentId`: a site's backend decides on a comment of its own site that the
 * service stores, through the moderators' use case (move, webhook event, audit entry, one lesson), as
 * `site-backend:<site>`, and never over a moderator's decision.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startMemoryStack, type CreatedSite, type MemoryStack } from '../support/memory-app.ts';

let stack: MemoryStack;
let news: CreatedSite;
let sport: CreatedSite;
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
const text = { name: 'Reader', email: 'reader@example.com', comment: 'The council vote is on Tuesday, not Monday as the article says.' };

/** A comment stored for `site` and scored by the worker, as a backend's submission would be. */
async function stored(site: CreatedSite, comment: string): Promise<string> {
  const res = await request(stack.origin).post('/api/v1/comments').set(bearer(site.apiKey)).send({ ...text, threadId: 't1', comment }).expect(202);
  await stack.drain();
  return res.body.id as string;
}

function feedback(site: CreatedSite, body: object) {
  return request(stack.origin).post('/api/v1/feedback').set(bearer(site.apiKey)).send({ ...text, ...body });
}

/** Everything a decision could change: the record, its trail, its events, the site's learned counts. */
async function traces(id: string, siteId: string) {
  return {
    comment: await stack.store.get(id),
    history: await stack.audit.history(id),
    events: stack.events.filter(([, eventId]) => eventId === id).length,
    learned: await stack.learning.stats(siteId),
  };
}

before(async () => {
  stack = await startMemoryStack();
  news = await stack.addSite('News', ['--id', 'news']);
  sport = await stack.addSite('Sport', ['--id', 'sport']);
  await stack.registry.refresh();
});
after(() => stack.stop());

describe('POST /api/v1/feedback with commentId (site-backend decisions)', () => {
  test('the site backend marks its comment spam → status spam, decidedBy and audit actor site-backend:<site>, one event, learned once', async () => {
    const id = await stored(news, 'A perfectly ordinary remark about the council vote.');
    const before = await stack.learning.stats('news');
    const eventsBefore = stack.events.length;
    const res = await feedback(news, { label: 'spam', commentId: id }).expect(200);
    assert.deepEqual(res.body, { siteId: 'news', label: 'spam', learned: true, commentId: id, status: 'spam', decidedBy: 'site-backend:news' });
    const comment = await stack.store.get(id);
    assert.equal(comment!.status, 'spam');
    assert.equal(comment!.decidedBy, 'site-backend:news');
    const history = await request(stack.origin).get(`/api/v1/moderation/comments/${id}/history`).set(bearer(stack.moderatorToken)).expect(200);
    const last = history.body.entries.at(-1) as Record<string, unknown>;
    assert.deepEqual([last.actor, last.actorName, last.to, last.siteId], ['site-backend:news', null, 'spam', 'news']);
    assert.deepEqual(stack.events.slice(eventsBefore), [['comment.spam', id]]);
    // One lesson: the stored comment's, not a second one keyed by the text sent along.
    const after = await stack.learning.stats('news');
    assert.equal(after.spamDocs + after.hamDocs - (before.spamDocs + before.hamDocs), 1);
    assert.equal(after.spamDocs - before.spamDocs, 1);
    const audit = await request(stack.origin).get('/api/v1/moderation/audit').query({ moderator: 'site-backend:news' }).set(bearer(stack.moderatorToken)).expect(200);
    assert.deepEqual(audit.body.entries.map((e: { commentId: string }) => e.commentId), [id]);
  });

  test('repeating the same decision → 200, no second audit entry, event or lesson', async () => {
    const id = await stored(news, 'Repeated verdicts change nothing.');
    await feedback(news, { label: 'spam', commentId: id }).expect(200);
    const before = await traces(id, 'news');
    const res = await feedback(news, { label: 'spam', commentId: id }).expect(200);
    assert.equal(res.body.learned, false);
    assert.equal(res.body.status, 'spam');
    assert.deepEqual(await traces(id, 'news'), before);
  });

  test('the opposite label reverses the backend’s own decision: published, a new audit entry, the lesson swapped', async () => {
    const id = await stored(news, 'Changed its mind about this one.');
    await feedback(news, { label: 'spam', commentId: id }).expect(200);
    const before = await stack.learning.stats('news');
    const res = await feedback(news, { label: 'ham', commentId: id }).expect(200);
    assert.equal(res.body.status, 'published');
    assert.equal(res.body.learned, true);
    const history = await stack.audit.history(id);
    assert.deepEqual(history.slice(-2).map((e) => [e.actor, e.from, e.to]), [
      ['site-backend:news', history.at(-2)!.from, 'spam'],
      ['site-backend:news', 'spam', 'published'],
    ]);
    const after = await stack.learning.stats('news');
    assert.deepEqual([after.spamDocs - before.spamDocs, after.hamDocs - before.hamDocs], [-1, 1]);
  });

  test('another site’s key, or an unknown id → 404 not_found with the same body, and nothing changes', async () => {
    const id = await stored(news, 'Belongs to the news site.');
    const before = await traces(id, 'news');
    const sportBefore = await stack.learning.stats('sport');
    const other = await feedback(sport, { label: 'spam', commentId: id }).expect(404);
    const unknown = await feedback(sport, { label: 'spam', commentId: 'cNoSuchComment00' }).expect(404);
    assert.equal(other.body.error, 'not_found');
    assert.deepEqual(other.body, unknown.body);
    assert.deepEqual(await traces(id, 'news'), before);
    assert.deepEqual(await stack.learning.stats('sport'), sportBefore, 'no content-keyed lesson either');
  });

  test('a moderator’s decision is not overridden: the other label → 409 already_decided and nothing changes; the same label → 200, unchanged', async () => {
    const id = await stored(news, 'The moderator has the last word.');
    await request(stack.origin).post(`/api/v1/moderation/comments/${id}/approve`).set(bearer(stack.moderatorToken)).expect(200);
    const before = await traces(id, 'news');
    const res = await feedback(news, { label: 'spam', commentId: id }).expect(409);
    assert.equal(res.body.error, 'already_decided');
    assert.deepEqual(await traces(id, 'news'), before);
    const agree = await feedback(news, { label: 'ham', commentId: id }).expect(200);
    assert.deepEqual([agree.body.status, agree.body.decidedBy, agree.body.learned], ['published', 'moderator', false]);
    assert.deepEqual(await traces(id, 'news'), before);
  });

  test('a moderator may still overrule the site backend', async () => {
    const id = await stored(news, 'Backend first, moderator second.');
    await feedback(news, { label: 'spam', commentId: id }).expect(200);
    await request(stack.origin).post(`/api/v1/moderation/comments/${id}/approve`).set(bearer(stack.moderatorToken)).expect(200);
    const comment = await stack.store.get(id);
    assert.deepEqual([comment!.status, comment!.decidedBy], ['published', 'moderator']);
    await feedback(news, { label: 'spam', commentId: id }).expect(409);
  });

  test('a commentId longer than 64 characters → 400 naming commentId; a blank one is feedback as before', async () => {
    const res = await feedback(news, { label: 'spam', commentId: 'c'.repeat(65) }).expect(400);
    assert.ok(res.body.fields.commentId);
    const blank = await feedback(news, { label: 'spam', commentId: '', comment: 'Plain feedback, nothing stored.' }).expect(200);
    assert.deepEqual(Object.keys(blank.body).sort(), ['label', 'learned', 'siteId']);
  });
});
