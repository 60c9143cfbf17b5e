/** Rate limits kept in Redis, so they hold across API processes: per IP on public posts, per key on keyed calls. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startTestStack } from '../support/harness.ts';
import { addSite } from '../support/sites.ts';
import { RedisCommentStore } from '../../src/store/redis-comment-store.ts';

const valid = { threadId: 'article-1', name: 'Ann Reader', email: 'ann@example.com', comment: 'A thoughtful piece, thank you.' };

describe('POST /api/v1/comments rate limit', () => {
  test('over RATE_LIMIT_PER_MINUTE from one IP → 429 with Retry-After, not stored', async () => {
    const limited = await startTestStack({ worker: false, rateLimitPerMinute: 2 });
    try {
      await request(limited.origin).post('/api/v1/comments').send(valid).expect(202);
      await request(limited.origin).post('/api/v1/comments').send(valid).expect(202);
      const res = await request(limited.origin).post('/api/v1/comments').send(valid).expect(429);
      assert.equal(res.body.error, 'rate_limited');
      assert.ok(Number(res.headers['retry-after']) >= 1);
      assert.equal((await new RedisCommentStore(limited.redis, limited.prefix).countByStatus()).pending, 2);
    } finally {
      await limited.stop();
    }
  });
});

describe('keyed calls', () => {
  test('are limited per key, not per IP: a 6th call in a minute → 429, another key still passes', async () => {
    const stack = await startTestStack({ worker: false, env: { SITE_RATE_LIMIT_PER_MINUTE: '5' } });
    try {
      const a = await addSite(stack, 'Limited A');
      const b = await addSite(stack, 'Limited B');
      for (let i = 0; i < 5; i++) await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${a.apiKey}`).send(valid).expect(202);
      const limited = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${a.apiKey}`).send(valid).expect(429);
      assert.ok(Number(limited.headers['retry-after']) >= 1);
      await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${b.apiKey}`).send(valid).expect(202);
    } finally {
      await stack.stop();
    }
  });
});
