/**
 * The moderator token can't be guessed: wrong tokens from one client soon get 429 with Retry-After
 * (without being checked), other clients are unaffected, and the public form token is signed with a
 * random secret kept in Redis, never one derived from the moderator token.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import request from 'supertest';
import { startTestStack, type TestStack } from '../support/harness.ts';

let stack: TestStack;
before(async () => {
  // TRUST_PROXY=1 lets the test speak as several clients through X-Forwarded-For.
  stack = await startTestStack({ worker: false, env: { TRUST_PROXY: '1' } });
});
after(() => stack.stop());

async function guess(token: string, client: string): Promise<{ status: number; retryAfter: string | undefined }> {
  const res = await fetch(`${stack.origin}/api/v1/moderation/stats`, {
    headers: { Authorization: `Bearer ${token}`, 'X-Forwarded-For': client },
  });
  await res.arrayBuffer();
  return { status: res.status, retryAfter: res.headers.get('retry-after') ?? undefined };
}

describe('guessing the moderator token', () => {
  // A burst as a guessing script sends it, 25 requests in flight. What it shows does not grow with its length:
  // however many follow, at most the limit plus what was in flight gets checked; 400 keep the file quick.
  const BURST = 400;
  const IN_FLIGHT = 25;
  const LIMIT = 10;
  test(`${BURST} wrong tokens in a burst → 429 with Retry-After after the first few; then even the right token waits`, async () => {
    const client = '203.0.113.66';
    const statuses = new Map<number, number>();
    let missingRetryAfter = 0;
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < BURST) {
          const i = next++;
          const r = await guess(`wrong-token-${i}-xxxxxxxx`, client);
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (r.status === 429 && !(Number(r.retryAfter) >= 1)) missingRetryAfter++;
        }
      }),
    );
    const elapsed = Date.now() - started;
    const forbidden = statuses.get(403) ?? 0;
    const limited = statuses.get(429) ?? 0;
    assert.equal(forbidden + limited, BURST, `only 403 and 429 expected: ${JSON.stringify([...statuses])}`);
    assert.ok(forbidden <= LIMIT + IN_FLIGHT, `at most the limit plus what was in flight was checked: ${forbidden}`);
    assert.ok(limited >= BURST - LIMIT - IN_FLIGHT, `429s: ${limited}, 403s: ${forbidden} in ${elapsed} ms`);
    assert.equal(missingRetryAfter, 0);
    // Blocked means blocked: the right token is not even checked, so a lucky guess can't be confirmed.
    assert.equal((await guess(stack.moderatorToken, client)).status, 429);
    // The queue dashboard takes the same token, so it answers the same way.
    const dashboard = await fetch(`${stack.origin}/admin/queues`, { headers: { Authorization: `Bearer ${stack.moderatorToken}`, 'X-Forwarded-For': client } });
    await dashboard.arrayBuffer();
    assert.equal(dashboard.status, 429);
  });

  test('wrong tokens at the queue dashboard count as guesses too', async () => {
    const client = '198.51.100.200';
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await fetch(`${stack.origin}/admin/queues`, { headers: { Authorization: `Bearer wrong-${i}-xxxxxxxxxxxxx`, 'X-Forwarded-For': client } });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(403), 429]);
    assert.equal((await guess(stack.moderatorToken, client)).status, 429);
  });

  test('a different client (another IPv4 address or IPv6 /64) is not blocked by someone else guessing', async () => {
    assert.equal((await guess(stack.moderatorToken, '198.51.100.7')).status, 200);
    assert.equal((await guess(stack.moderatorToken, '2001:db8:5::1')).status, 200);
  });

  test('rotating through an IPv6 /64 does not reset the count', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 12; i++) statuses.push((await guess('wrong-token-xxxxxxxxxxxx', `2001:db8:9:9::${i}`)).status);
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(403));
    assert.deepEqual(statuses.slice(10), [429, 429]);
  });

  test('a missing token is a 401 and does not count as a guess', async () => {
    for (let i = 0; i < 15; i++) {
      const res = await fetch(`${stack.origin}/api/v1/moderation/stats`, { headers: { 'X-Forwarded-For': '198.51.100.99' } });
      assert.equal(res.status, 401);
    }
    assert.equal((await guess(stack.moderatorToken, '198.51.100.99')).status, 200);
  });
});

describe('the form token', () => {
  test('is signed with a random secret kept in Redis, not with anything derived from the moderator token', async () => {
    const { body } = await request(stack.origin).get('/api/v1/form-token').expect(200);
    const [ts, sig] = (body.token as string).split('.');
    const oldDerived = createHash('sha256').update(`form-token:${stack.moderatorToken}`).digest('hex');
    for (const key of [oldDerived, stack.moderatorToken]) {
      assert.notEqual(sig, createHmac('sha256', key).update(`form:${ts}`).digest('base64url'));
    }
    const secret = await stack.redis.get(`${stack.prefix}:secret:form-token`);
    assert.ok(secret && secret.length >= 40);
    assert.equal(sig, createHmac('sha256', secret).update(`form:${ts}`).digest('base64url'));
  });
});
