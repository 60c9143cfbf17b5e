/** The audit trail through createApp on in-memory stores: classifier, moderator and delete entries, per-comment history, the admins' audit list. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startMemoryStack, type CreatedSite, type MemoryStack } from '../support/memory-app.ts';

let stack: MemoryStack;
let news: CreatedSite;
let sport: CreatedSite;
let bobToken = '';
let bobId = '';
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

async function submit(site: CreatedSite, text: string): Promise<string> {
  const res = await request(stack.origin)
    .post('/api/v1/comments')
    .set(bearer(site.apiKey))
    .send({ threadId: 't1', name: 'Reader', email: 'reader@example.com', comment: text })
    .expect(202);
  return res.body.id as string;
}

before(async () => {
  stack = await startMemoryStack();
  news = await stack.addSite('News', ['--id', 'news']);
  sport = await stack.addSite('Sport', ['--id', 'sport']);
  await stack.registry.refresh();
  bobId = JSON.parse((await stack.moderatorsCli(['add', '--name', 'bob', '--role', 'moderator', '--sites', 'news', '--json'])).stdout).id;
  bobToken = JSON.parse((await stack.moderatorsCli(['token', '--name', 'bob', '--json'])).stdout).token;
});
after(() => stack.stop());

describe('audit trail', () => {
  test('the classifier’s decision, then a moderator’s with a note, then a delete: each recorded with who, when, from → to and why', async () => {
    const id = await submit(news, 'CHECK OUT my channel!!! subscribe http://bit.ly/xyz http://bit.ly/abc');
    await stack.drain();
    const decided = await stack.store.get(id);
    await request(stack.origin).post(`/api/v1/moderation/comments/${id}/approve`).set(bearer(bobToken)).send({ note: 'A regular reader, not spam' }).expect(200);
    await request(stack.origin).delete(`/api/v1/moderation/comments/${id}`).set(bearer(stack.moderatorToken)).expect(204);
    const history = await request(stack.origin).get(`/api/v1/moderation/comments/${id}/history`).set(bearer(stack.moderatorToken)).expect(200);
    const entries = history.body.entries as Array<Record<string, unknown>>;
    assert.equal(history.body.commentId, id);
    assert.deepEqual(
      entries.map((e) => [e.actor, e.actorName, e.from, e.to, e.note]),
      [
        ['classifier', null, 'pending', decided!.status, null],
        [bobId, 'bob', decided!.status, 'published', 'A regular reader, not spam'],
        ['moderator', 'moderator', 'published', 'deleted', null],
      ],
    );
    assert.deepEqual(entries[0]!.reasons, decided!.reasons);
    assert.ok(entries.every((e) => e.siteId === 'news' && !Number.isNaN(Date.parse(String(e.at)))));
    assert.ok(!JSON.stringify(entries).includes('reader@example.com'), 'no e-mail in the trail');
  });

  test('repeating a decision records nothing new; a note longer than 500 characters → 400', async () => {
    const id = await submit(news, 'Approved twice');
    await request(stack.origin).post(`/api/v1/moderation/comments/${id}/spam`).set(bearer(bobToken)).expect(200);
    await request(stack.origin).post(`/api/v1/moderation/comments/${id}/spam`).set(bearer(bobToken)).expect(200);
    assert.equal((await stack.audit.history(id)).length, 1);
    await request(stack.origin).post(`/api/v1/moderation/comments/${id}/approve`).set(bearer(bobToken)).send({ note: 'x'.repeat(501) }).expect(400);
  });

  test('history of another site’s comment → 404 for a moderator of one site, as for a missing one', async () => {
    const id = await submit(sport, 'On sport');
    await stack.drain();
    await request(stack.origin).get(`/api/v1/moderation/comments/${id}/history`).set(bearer(bobToken)).expect(404);
    await request(stack.origin).get('/api/v1/moderation/comments/c_missing/history').set(bearer(bobToken)).expect(404);
    await request(stack.origin).get(`/api/v1/moderation/comments/${id}/history`).set(bearer(stack.moderatorToken)).expect(200);
  });

  test('an author’s erasure request erases the history of their comments too', async () => {
    const id = await stack.store.create({ siteId: 'news', threadId: 't9', parentId: null, name: 'Eve', email: 'eve@example.com', website: null, comment: 'Erase me', ip: null, userAgent: null, signals: {} });
    await request(stack.origin).post(`/api/v1/moderation/comments/${id.id}/approve`).set(bearer(stack.moderatorToken)).expect(200);
    assert.equal((await stack.audit.history(id.id)).length, 1);
    await request(stack.origin).delete('/api/v1/moderation/authors/EVE%40example.com').set(bearer(stack.moderatorToken)).expect(200);
    assert.deepEqual(await stack.audit.history(id.id), []);
  });

  test('GET /audit: admins only; filters by moderator (name or id), site and since; newest first, paginated', async () => {
    await request(stack.origin).get('/api/v1/moderation/audit').set(bearer(bobToken)).expect(403);
    const byName = await request(stack.origin).get('/api/v1/moderation/audit?moderator=bob').set(bearer(stack.moderatorToken)).expect(200);
    const byId = await request(stack.origin).get(`/api/v1/moderation/audit?moderator=${bobId}`).set(bearer(stack.moderatorToken)).expect(200);
    assert.ok(byName.body.entries.length >= 2);
    assert.deepEqual(byName.body, byId.body);
    assert.ok(byName.body.entries.every((e: { actor: string }) => e.actor === bobId));
    const onSport = await request(stack.origin).get('/api/v1/moderation/audit?site=sport').set(bearer(stack.moderatorToken)).expect(200);
    assert.ok(onSport.body.entries.length >= 1 && onSport.body.entries.every((e: { siteId: string }) => e.siteId === 'sport'));
    const future = await request(stack.origin).get(`/api/v1/moderation/audit?since=${new Date(Date.now() + 60_000).toISOString()}`).set(bearer(stack.moderatorToken)).expect(200);
    assert.deepEqual(future.body.entries, []);
    await request(stack.origin).get('/api/v1/moderation/audit?since=yesterday').set(bearer(stack.moderatorToken)).expect(400);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await request(stack.origin).get(`/api/v1/moderation/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`).set(bearer(stack.moderatorToken)).expect(200);
      seen.push(...page.body.entries.map((e: { id: string }) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await stack.audit.list({}, { limit: 100 });
    assert.deepEqual(seen, all.entries.map((e) => e.id));
  });
});
