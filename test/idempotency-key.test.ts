/** Idempotency-Key on POST /api/v1/comments: replay returns the first answer and creates nothing; a different body → 422. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startTestStack, type TestStack } from './support/harness.ts';
import { addSite, type CreatedSite } from './support/sites.ts';

let stack: TestStack;
let site: CreatedSite;
const reply = { threadId: 'post-9', name: 'Ann Reader', email: 'ann@example.com', comment: 'Replayed safely, I hope.' };

async function stored(): Promise<number> {
  return (await stack.redis.keys(`${stack.keys.data}c:*`)).length;
}

before(async () => {
  stack = await startTestStack({ worker: false });
  site = await addSite(stack, 'Idempotent');
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
    const other = await addSite(stack, 'Other');
    const a = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${site.apiKey}`).set('Idempotency-Key', 'shared').send(reply).expect(202);
    const b = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${other.apiKey}`).set('Idempotency-Key', 'shared').send(reply).expect(202);
    assert.notEqual(a.body.id, b.body.id);
  });

  test('a validation failure is replayed as the same 400; the replay window is 24 h', async () => {
    const bad = { ...reply, email: 'nope' };
    const first = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${site.apiKey}`).set('Idempotency-Key', 'bad-1').send(bad).expect(400);
    const again = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${site.apiKey}`).set('Idempotency-Key', 'bad-1').send(bad).expect(400);
    assert.deepEqual(again.body, first.body);
    const keys = await stack.redis.keys(`${stack.keys.data}idem:*`);
    const ttl = await stack.redis.ttl(keys[0]!);
    assert.ok(ttl > 23 * 3600 && ttl <= 24 * 3600, `ttl ${ttl}`);
  });
});
