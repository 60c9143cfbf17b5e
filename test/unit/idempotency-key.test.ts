/** Idempotency-Key on POST /api/v1/comments: replay returns the first answer and creates nothing; a different body → 422. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startMemoryStack, type MemoryStack, type CreatedSite } from '../support/memory-app.ts';

let stack: MemoryStack;
let site: CreatedSite;
const reply = { threadId: 'post-9', name: 'Ann Reader', email: 'ann@example.com', comment: 'Replayed safely, I hope.' };

async function stored(): Promise<number> {
  return Object.values(await stack.store.countByStatus()).reduce((a, b) => a + b, 0);
}

before(async () => {
  stack = await startMemoryStack();
  site = await stack.addSite('Idempotent');
});
after(() => stack.stop());

describe('Idempotency-Key', () => {
  test('the same key and body → the first 202 again (Idempotent-Replayed), one comment stored', async () => {
    const before = await stored();
    const post = () => request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${site.apiKey}`).set('Idempotency-Key', 'order-1').send(reply).expect(202);
    const first = await post();
    const second = await post();
    assert.deepEqual(second.body, first.body);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(first.headers['idempotent-replayed'], undefined);
    assert.equal(await stored(), before + 1);
  });

  test('the same key with a different body → 422, nothing stored', async () => {
    await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${site.apiKey}`).set('Idempotency-Key', 'order-2').send(reply).expect(202);
    const before = await stored();
    const res = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${site.apiKey}`).set('Idempotency-Key', 'order-2').send({ ...reply, comment: 'Something else' }).expect(422);
    assert.equal(res.body.error, 'idempotency_key_reused');
    assert.equal(await stored(), before);
  });

  test('keys are scoped per site key: another site may use the same Idempotency-Key', async () => {
    const other = await stack.addSite('Other');
    const a = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${site.apiKey}`).set('Idempotency-Key', 'shared').send(reply).expect(202);
    const b = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${other.apiKey}`).set('Idempotency-Key', 'shared').send(reply).expect(202);
    assert.notEqual(a.body.id, b.body.id);
  });

  test('a validation failure is replayed as the same 400; the replay window is 24 h', async () => {
    const bad = { ...reply, email: 'nope' };
    const first = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${site.apiKey}`).set('Idempotency-Key', 'bad-1').send(bad).expect(400);
    const again = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${site.apiKey}`).set('Idempotency-Key', 'bad-1').send(bad).expect(400);
    assert.deepEqual(again.body, first.body);
    // The window is the service default (IDEMPOTENCY_TTL_SECONDS); the stores' expiry is in their contract.
    stack.advanceClock(23 * 3600 * 1000 + 59 * 60 * 1000);
    const late = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${site.apiKey}`).set('Idempotency-Key', 'bad-1').send(bad).expect(400);
    assert.deepEqual(late.body, first.body);
    assert.equal(late.headers['idempotent-replayed'], 'true');
    stack.advanceClock(2 * 60 * 1000);
    const expired = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${site.apiKey}`).set('Idempotency-Key', 'bad-1').send({ ...reply, comment: 'A different body is fine once the key expired.' }).expect(202);
    assert.equal(expired.headers['idempotent-replayed'], undefined);
  });
});
