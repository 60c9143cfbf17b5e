/** POST /api/v1/comments: every status code, every field rule, and "nothing stored or queued" on failure. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startMemoryStack, type MemoryStack } from '../support/memory-app.ts';

let stack: MemoryStack;
const valid = { threadId: 'article-1', name: 'Ann Reader', email: 'ann@example.com', comment: 'A thoughtful piece, thank you.' };

async function counts() {
  const byStatus = await stack.store.countByStatus();
  const comments = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return { pending: byStatus.pending, waiting: stack.queue.waiting().length, comments };
}

before(async () => {
  // Nothing drains the queue: jobs stay waiting, so tests can see exactly what was queued.
  stack = await startMemoryStack();
});
after(() => stack.stop());

describe('POST /api/v1/comments', () => {
  test('a valid JSON reply → 202 {id, status: pending}, stored as pending and queued by id only', async () => {
    const before = await counts();
    const res = await request(stack.origin).post('/api/v1/comments').send(valid).expect(202);
    assert.deepEqual(Object.keys(res.body).sort(), ['id', 'status']);
    assert.equal(res.body.status, 'pending');
    assert.doesNotMatch(res.body.id, /:/);
    const after = await counts();
    assert.equal(after.pending, before.pending + 1);
    assert.equal(after.waiting, before.waiting + 1);
    // The job is the comment id only (the BullMQ payload is checked by the queue contract).
    assert.equal(stack.queue.waiting().at(-1), res.body.id);
    assert.equal((await stack.store.get(res.body.id))?.status, 'pending');
  });

  test('a urlencoded form body with Accept: application/json → 202 JSON', async () => {
    const res = await request(stack.origin)
      .post('/api/v1/comments')
      .set('Accept', 'application/json')
      .type('form')
      .send(valid)
      .expect(202);
    assert.equal(res.body.status, 'pending');
  });

  test('WordPress field names (author, url, comment_post_ID, comment_parent=0) are accepted as aliases', async () => {
    const res = await request(stack.origin)
      .post('/api/v1/comments')
      .set('Accept', 'application/json')
      .type('form')
      .send({ author: 'Wp User', email: 'wp@example.com', url: 'https://wp.example.com', comment: 'Hello from a theme form', comment_post_ID: '42', comment_parent: '0' })
      .expect(202);
    const stored = (await stack.store.get(res.body.id))!;
    assert.equal(stored.name, 'Wp User');
    assert.equal(stored.threadId, '42');
    assert.equal(stored.website, 'https://wp.example.com');
    assert.equal(stored.parentId, null);
  });

  test('strings are trimmed, NFC-normalised and stripped of control characters; unknown fields ignored', async () => {
    const res = await request(stack.origin)
      .post('/api/v1/comments')
      .send({ ...valid, name: '  Jose\u0301 \u0007 ', comment: ' line one\r\nline\ttwo\u0000 ', admin: true, status: 'published' })
      .expect(202);
    const stored = (await stack.store.get(res.body.id))!;
    assert.equal(stored.name, 'José');
    assert.equal(stored.comment, 'line one\nline\ttwo');
    assert.equal(stored.status, 'pending');
    assert.equal((stored as unknown as Record<string, unknown>).admin, undefined);
  });

  test('every missing required field → 400 validation_failed naming each field, nothing stored or queued', async () => {
    const before = await counts();
    const res = await request(stack.origin).post('/api/v1/comments').send({}).expect(400);
    assert.equal(res.body.error, 'validation_failed');
    assert.deepEqual(Object.keys(res.body.fields).sort(), ['comment', 'email', 'name', 'threadId']);
    assert.equal(typeof res.body.message, 'string');
    assert.deepEqual(await counts(), before);
  });

  const fieldCases: [string, Record<string, unknown>, string][] = [
    ['an invalid email', { email: 'not-an-email' }, 'email'],
    ['an email over 254 characters', { email: `${'a'.repeat(64)}@${'b'.repeat(190)}.com` }, 'email'],
    ['a name of only spaces', { name: '   ' }, 'name'],
    ['a name over 100 characters', { name: 'n'.repeat(101) }, 'name'],
    ['a comment over 10,000 characters', { comment: 'c'.repeat(10_001) }, 'comment'],
    ['a blank comment', { comment: ' \n\t ' }, 'comment'],
    ['a threadId over 200 characters', { threadId: 't'.repeat(201) }, 'threadId'],
    ['a javascript: website', { website: 'javascript:alert(1)' }, 'website'],
    ['an ftp website', { website: 'ftp://example.com/x' }, 'website'],
    ['a website over 200 characters', { website: `https://example.com/${'p'.repeat(190)}` }, 'website'],
    ['a non-string name', { name: { $gt: '' } }, 'name'],
    ['an unknown parentId', { parentId: 'cDoesNotExist' }, 'parentId'],
  ];
  for (const [what, patch, field] of fieldCases) {
    test(`${what} → 400 with fields.${field}, nothing stored or queued`, async () => {
      const before = await counts();
      const res = await request(stack.origin).post('/api/v1/comments').send({ ...valid, ...patch }).expect(400);
      assert.equal(res.body.error, 'validation_failed');
      assert.ok(res.body.fields[field], `expected an error for ${field}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(Object.keys(res.body.fields), [field]);
      assert.deepEqual(await counts(), before);
    });
  }

  test('an invalid email gets the message "Enter a valid email address"', async () => {
    const res = await request(stack.origin).post('/api/v1/comments').send({ ...valid, email: 'x@' }).expect(400);
    assert.equal(res.body.fields.email, 'Enter a valid email address');
  });

  test('limits are inclusive: 100-character name, 10,000-character comment, 200-character website → 202', async () => {
    await request(stack.origin)
      .post('/api/v1/comments')
      .send({ ...valid, name: 'n'.repeat(100), comment: 'c'.repeat(10_000), website: `https://example.com/${'p'.repeat(180)}` })
      .expect(202);
  });

  test('a parentId that is pending (not published) → 400 fields.parentId', async () => {
    const parent = await request(stack.origin).post('/api/v1/comments').send(valid).expect(202);
    const res = await request(stack.origin).post('/api/v1/comments').send({ ...valid, parentId: parent.body.id }).expect(400);
    assert.ok(res.body.fields.parentId);
  });

  test('malformed JSON → 400 malformed_body, nothing stored', async () => {
    const before = await counts();
    const res = await request(stack.origin).post('/api/v1/comments').set('Content-Type', 'application/json').send('{"threadId": ').expect(400);
    assert.equal(res.body.error, 'malformed_body');
    assert.deepEqual(await counts(), before);
  });

  test('a body over 32 KB → 413', async () => {
    const res = await request(stack.origin).post('/api/v1/comments').send({ ...valid, comment: 'x'.repeat(33 * 1024) }).expect(413);
    assert.equal(res.body.error, 'payload_too_large');
  });

  test('text/plain → 415 and multipart → 415', async () => {
    await request(stack.origin).post('/api/v1/comments').set('Content-Type', 'text/plain').send('hello').expect(415);
    const res = await request(stack.origin).post('/api/v1/comments').field('name', 'x').expect(415);
    assert.equal(res.body.error, 'unsupported_media_type');
  });

  test('no response ever carries a stack trace', async () => {
    const res = await request(stack.origin).post('/api/v1/comments').set('Content-Type', 'application/json').send('{').expect(400);
    assert.doesNotMatch(JSON.stringify(res.body), /at .*\.ts:\d+|node_modules/);
  });
});
