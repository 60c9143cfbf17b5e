/**
 * The whole path through the moderation job (run by drain(), as the worker runs it): submit → score → published / flagged / spam, the public
 * views of each, moderator auth, approve / spam / delete, and that no public answer carries an email.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startMemoryStack, type MemoryStack } from '../support/memory-app.ts';

const HAM = 'Thanks for this explainer, the section on the trade agreement was really helpful.';
const SPAM = 'CHECK OUT my channel!!! subscribe http://bit.ly/free-money click here to win free iPhone';

let stack: MemoryStack;
const publicEmails: string[] = [];

function post(body: Record<string, unknown>) {
  const email = `reader${Math.random().toString(36).slice(2)}@example.org`;
  publicEmails.push(email);
  return request(stack.origin)
    .post('/api/v1/comments')
    .send({ threadId: 'flow', name: 'Reader', email, ...body })
    .expect(202);
}

const mod = () => ({ Authorization: `Bearer ${stack.moderatorToken}` });

async function decided(id: string) {
  await stack.drain();
  const res = await request(stack.origin).get(`/api/v1/moderation/comments/${id}`).set(mod()).expect(200);
  assert.notEqual(res.body.status, 'pending');
  return res.body;
}

before(async () => {
  // Thresholds chosen so the ham/spam texts above land in published and spam, and a middling one in flagged.
  stack = await startMemoryStack({ flagThreshold: 0.5, rejectThreshold: 0.99 });
});
after(() => stack.stop());

describe('worker decisions', () => {
  test('a clean reply is published by the classifier, with score and reasons in the full record', async () => {
    const { body } = await post({ comment: HAM });
    const rec = await decided(body.id);
    assert.equal(rec.status, 'published');
    assert.equal(rec.decidedBy, 'classifier');
    assert.ok(rec.spamScore >= 0 && rec.spamScore < 0.5);
    assert.ok(Array.isArray(rec.reasons));
    const pub = await request(stack.origin).get(`/api/v1/comments/${body.id}`).expect(200);
    assert.deepEqual(Object.keys(pub.body).sort(), ['comment', 'createdAt', 'id', 'name', 'parentId', 'status', 'threadId', 'website']);
    assert.equal(pub.body.status, 'published');
  });

  test('blatant spam goes straight to spam; its public GET is 404', async () => {
    const { body } = await post({ comment: SPAM, website: 'http://cheap-pills.example' });
    const rec = await decided(body.id);
    assert.equal(rec.status, 'spam');
    assert.ok(rec.spamScore >= 0.99);
    assert.ok(rec.reasons.length > 0);
    const res = await request(stack.origin).get(`/api/v1/comments/${body.id}`).expect(404);
    assert.equal(res.body.error, 'not_found');
  });

  test('a flagged comment shows as pending publicly and is not in the thread', async () => {
    const flagging = await startMemoryStack({ flagThreshold: 0, rejectThreshold: 1.0001 });
    try {
      const res = await request(flagging.origin)
        .post('/api/v1/comments')
        .send({ threadId: 'f', name: 'N', email: 'n@example.com', comment: HAM })
        .expect(202);
      await flagging.drain();
      assert.equal((await flagging.store.get(res.body.id))?.status, 'flagged');
      const pub = await request(flagging.origin).get(`/api/v1/comments/${res.body.id}`).expect(200);
      assert.equal(pub.body.status, 'pending');
      const thread = await request(flagging.origin).get('/api/v1/threads/f/comments').expect(200);
      assert.deepEqual(thread.body.comments, []);
    } finally {
      await flagging.stop();
    }
  });
});

describe('threads', () => {
  test('GET /api/v1/threads/:id/comments lists published comments oldest first, paged by cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { body } = await request(stack.origin)
        .post('/api/v1/comments')
        .send({ threadId: 'paged', name: `R${i}`, email: `r${i}@example.org`, comment: `${HAM} (${i})` })
        .expect(202);
      ids.push(body.id);
      await decided(body.id);
    }
    const first = await request(stack.origin).get('/api/v1/threads/paged/comments?limit=3').expect(200);
    assert.deepEqual(first.body.comments.map((c: { id: string }) => c.id), ids.slice(0, 3));
    assert.ok(first.body.nextCursor);
    const second = await request(stack.origin).get(`/api/v1/threads/paged/comments?limit=3&cursor=${first.body.nextCursor}`).expect(200);
    assert.deepEqual(second.body.comments.map((c: { id: string }) => c.id), ids.slice(3));
    assert.equal(second.body.nextCursor, null);
  });

  test('a reply to a published comment in the same thread → 202; in another thread → 400', async () => {
    const { body: parent } = await post({ comment: HAM });
    await decided(parent.id);
    await post({ comment: 'I agree with you.', parentId: parent.id });
    const res = await request(stack.origin)
      .post('/api/v1/comments')
      .send({ threadId: 'elsewhere', name: 'R', email: 'r@example.org', comment: 'hi', parentId: parent.id })
      .expect(400);
    assert.ok(res.body.fields.parentId);
  });

  test('limit outside 1..100 or a garbage cursor → 400', async () => {
    await request(stack.origin).get('/api/v1/threads/x/comments?limit=0').expect(400);
    await request(stack.origin).get('/api/v1/threads/x/comments?limit=101').expect(400);
    await request(stack.origin).get('/api/v1/threads/x/comments?cursor=%%%').expect(400);
  });
});

describe('moderation auth', () => {
  test('no Authorization header → 401; wrong token → 403; on every moderation route', async () => {
    const routes: [string, string][] = [
      ['get', '/api/v1/moderation/comments?status=flagged'],
      ['get', '/api/v1/moderation/comments/abc'],
      ['post', '/api/v1/moderation/comments/abc/approve'],
      ['post', '/api/v1/moderation/comments/abc/spam'],
      ['delete', '/api/v1/moderation/comments/abc'],
      ['get', '/api/v1/moderation/stats'],
    ];
    for (const [method, path] of routes) {
      const r = request(stack.origin) as unknown as Record<string, (p: string) => request.Test>;
      const none = await r[method]!(path);
      assert.equal(none.status, 401, `${method} ${path}`);
      assert.equal(none.body.error, 'unauthorized');
      const wrong = await r[method]!(path).set('Authorization', 'Bearer not-the-token');
      assert.equal(wrong.status, 403, `${method} ${path}`);
      assert.equal(wrong.body.error, 'forbidden');
    }
  });

  test('moderation endpoints send no CORS headers, public ones do', async () => {
    const modRes = await request(stack.origin).get('/api/v1/moderation/stats').set(mod()).set('Origin', 'https://evil.example');
    assert.equal(modRes.headers['access-control-allow-origin'], undefined);
    const pubRes = await request(stack.origin).get('/api/v1/threads/x/comments').set('Origin', 'https://blog.example');
    assert.equal(pubRes.headers['access-control-allow-origin'], '*');
  });
});

describe('moderator decisions', () => {
  test('approve a flagged comment → published, decidedBy moderator, idempotent; then spam → 404 publicly', async () => {
    const flagging = await startMemoryStack({ flagThreshold: 0, rejectThreshold: 1.0001 });
    try {
      const m = { Authorization: `Bearer ${flagging.moderatorToken}` };
      const { body } = await request(flagging.origin)
        .post('/api/v1/comments')
        .send({ threadId: 'mod', name: 'N', email: 'n@example.com', comment: HAM })
        .expect(202);
      await flagging.drain();
      assert.equal((await flagging.store.get(body.id))?.status, 'flagged');
      const listed = await request(flagging.origin).get('/api/v1/moderation/comments?status=flagged').set(m).expect(200);
      assert.deepEqual(listed.body.comments.map((c: { id: string }) => c.id), [body.id]);
      assert.equal(listed.body.comments[0].email, 'n@example.com');

      const a1 = await request(flagging.origin).post(`/api/v1/moderation/comments/${body.id}/approve`).set(m).expect(200);
      assert.equal(a1.body.status, 'published');
      assert.equal(a1.body.decidedBy, 'moderator');
      const a2 = await request(flagging.origin).post(`/api/v1/moderation/comments/${body.id}/approve`).set(m).expect(200);
      assert.deepEqual(a2.body, a1.body);
      const thread = await request(flagging.origin).get('/api/v1/threads/mod/comments').expect(200);
      assert.equal(thread.body.comments.length, 1);

      const s = await request(flagging.origin).post(`/api/v1/moderation/comments/${body.id}/spam`).set(m).expect(200);
      assert.equal(s.body.status, 'spam');
      await request(flagging.origin).get(`/api/v1/comments/${body.id}`).expect(404);
      const after = await request(flagging.origin).get('/api/v1/threads/mod/comments').expect(200);
      assert.equal(after.body.comments.length, 0);

      const stats = await request(flagging.origin).get('/api/v1/moderation/stats').set(m).expect(200);
      assert.equal(stats.body.counts.spam, 1);
      assert.equal(stats.body.counts.flagged, 0);
      assert.equal(stats.body.learned.documents, 1, 'reversal replaces the ham lesson with a spam lesson');
      assert.equal(stats.body.learned.spam, 1);
    } finally {
      await flagging.stop();
    }
  });

  test('DELETE → 204 and the comment is gone from every list and the public API', async () => {
    const { body } = await post({ comment: HAM });
    await decided(body.id);
    await request(stack.origin).delete(`/api/v1/moderation/comments/${body.id}`).set(mod()).expect(204);
    await request(stack.origin).get(`/api/v1/comments/${body.id}`).expect(404);
    await request(stack.origin).get(`/api/v1/moderation/comments/${body.id}`).set(mod()).expect(404);
    for (const status of ['pending', 'published', 'flagged', 'spam']) {
      const list = await request(stack.origin).get(`/api/v1/moderation/comments?status=${status}&limit=100`).set(mod()).expect(200);
      assert.ok(!list.body.comments.some((c: { id: string }) => c.id === body.id));
    }
    const thread = await request(stack.origin).get('/api/v1/threads/flow/comments?limit=100').expect(200);
    assert.ok(!thread.body.comments.some((c: { id: string }) => c.id === body.id));
  });

  test('approve or spam of an unknown id → 404; an unknown status filter → 400', async () => {
    await request(stack.origin).post('/api/v1/moderation/comments/cNope/approve').set(mod()).expect(404);
    await request(stack.origin).post('/api/v1/moderation/comments/cNope/spam').set(mod()).expect(404);
    await request(stack.origin).get('/api/v1/moderation/comments?status=deleted').set(mod()).expect(400);
  });
});

describe('privacy', () => {
  test('no public response contains a submitter email', async () => {
    const bodies: string[] = [];
    for (const thread of ['flow', 'paged', 'mod', 'f']) {
      bodies.push(JSON.stringify((await request(stack.origin).get(`/api/v1/threads/${thread}/comments?limit=100`)).body));
    }
    const ids: string[] = [];
    for (const status of ['pending', 'published', 'flagged', 'spam'] as const) {
      ids.push(...(await stack.store.listByStatus(status, { limit: 1000 })).comments.map((c) => c.id));
    }
    assert.ok(ids.length > 3);
    for (const id of ids) {
      bodies.push(JSON.stringify((await request(stack.origin).get(`/api/v1/comments/${id}`)).body));
    }
    const joined = bodies.join('\n');
    assert.ok(publicEmails.length > 3);
    for (const email of publicEmails) assert.ok(!joined.includes(email), `public output leaked ${email}`);
    assert.doesNotMatch(joined, /@example\.org|"ip"|spamScore|userAgent/);
  });
});
