/**
 * A site's authors marked spam stay bounded in Redis: a moderator's spam decision past the bound drops the author of
 * the oldest comment (lowest order score), so the key keeps the newest 10 000 (SPAM_AUTHORS_KEPT, as the memory store).
 * An author's score is the order of their newest comment marked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { RedisCommentStore } from '../../src/store/redis-comment-store.ts';
import { SPAM_AUTHORS_KEPT } from '../../src/store/comment-store.ts';
import { redisKeys } from '../../src/store/redis-keys.ts';
import { newComment } from '../contract/comment-store.contract.ts';
import { freshPrefixes, TEST_REDIS_URL } from '../support/harness.ts';

const redis = new Redis(TEST_REDIS_URL);
const fresh = freshPrefixes(redis);

test('past the bound, a spam decision keeps the newest marked authors and drops the oldest', async () => {
  const prefix = fresh();
  const store = new RedisCommentStore(redis, prefix);
  const key = redisKeys(prefix).spamAuthors('default');
  // A site that already has SPAM_AUTHORS_KEPT marked authors, all from comments older than any new one.
  for (let i = 0; i < SPAM_AUTHORS_KEPT; i += 1000) {
    const args: Array<string | number> = [];
    for (let j = i; j < i + 1000; j++) args.push(j + 1, `author-${j}`);
    await redis.zadd(key, ...args);
  }
  const c = await store.create(newComment({ email: 'newest@example.com' }));
  await store.transition(c.id, { from: ['pending'], to: 'spam', by: 'moderator' });
  assert.equal(await redis.zcard(key), SPAM_AUTHORS_KEPT);
  assert.equal(await redis.zscore(key, 'author-0'), null, 'the oldest is dropped');
  assert.notEqual(await redis.zscore(key, 'author-1'), null);
  const next = await store.create(newComment({ email: 'newest@example.com' }));
  assert.equal((await store.scoringSignals(next, { repeatable: false })).authorMarkedSpam, true, 'the newest is kept');
});

test("a spam decision on an author's older comment keeps the mark's score at their newest comment marked", async () => {
  const prefix = fresh();
  const store = new RedisCommentStore(redis, prefix);
  const key = redisKeys(prefix).spamAuthors('default');
  const older = await store.create(newComment({ email: 'kept@example.com' }));
  const newer = await store.create(newComment({ email: 'kept@example.com' }));
  await store.transition(newer.id, { from: ['pending'], to: 'spam', by: 'moderator' });
  const [member, score] = await redis.zrange(key, '0', '-1', 'WITHSCORES');
  await store.transition(older.id, { from: ['pending'], to: 'spam', by: 'moderator' });
  assert.deepEqual(await redis.zrange(key, '0', '-1', 'WITHSCORES'), [member, score]);
});
