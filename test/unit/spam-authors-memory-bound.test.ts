/**
 * The memory store keeps a site's authors marked spam bounded as the Redis store does (test/integration/
 * spam-authors-bound.test.ts): past SPAM_AUTHORS_KEPT, a spam decision drops the author of the oldest comment (lowest
 * order score), also when that is the comment just decided; other sites are unaffected. An author's mark goes by their
 * newest comment marked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryCommentStore } from '../../src/store/memory-comment-store.ts';
import { SPAM_AUTHORS_KEPT } from '../../src/store/comment-store.ts';
import { newComment } from '../contract/comment-store.contract.ts';

test('past the bound, a spam decision keeps the newest marked authors and drops the oldest', async () => {
  const store = new MemoryCommentStore();
  const marked = async (email: string, siteId = 'default') =>
    (await store.scoringSignals(await store.create(newComment({ email, siteId })), { repeatable: false })).authorMarkedSpam;
  // The oldest comment of all, decided last; and one on another site.
  const oldest = await store.create(newComment({ email: 'oldest@example.com' }));
  const elsewhere = await store.create(newComment({ email: 'elsewhere@example.com', siteId: 'site-b' }));
  await store.transition(elsewhere.id, { from: ['pending'], to: 'spam', by: 'moderator' });
  for (let i = 0; i < SPAM_AUTHORS_KEPT; i++) {
    const c = await store.create(newComment({ email: `author-${i}@example.com` }));
    await store.transition(c.id, { from: ['pending'], to: 'spam', by: 'moderator' });
  }
  assert.equal(await marked('author-0@example.com'), true, 'at the bound, every marked author is kept');
  const newest = await store.create(newComment({ email: 'newest@example.com' }));
  await store.transition(newest.id, { from: ['pending'], to: 'spam', by: 'moderator' });
  assert.equal(await marked('newest@example.com'), true, 'the newest is kept');
  assert.equal(await marked('author-0@example.com'), false, 'the oldest is dropped');
  assert.equal(await marked('author-1@example.com'), true, 'only one is dropped');
  // A decision on a comment older than every kept mark is dropped at once, as ZREMRANGEBYRANK drops it.
  await store.transition(oldest.id, { from: ['pending'], to: 'spam', by: 'moderator' });
  assert.equal(await marked('oldest@example.com'), false);
  assert.equal(await marked('author-1@example.com'), true);
  assert.equal(await marked('elsewhere@example.com', 'site-b'), true, 'another site keeps its own');
});

test("a spam decision on an author's older comment does not age their mark (it goes by their newest comment marked)", async () => {
  const store = new MemoryCommentStore();
  const marked = async (email: string) => (await store.scoringSignals(await store.create(newComment({ email })), { repeatable: false })).authorMarkedSpam;
  const spam = (id: string) => store.transition(id, { from: ['pending'], to: 'spam', by: 'moderator' });
  const older = await store.create(newComment({ email: 'kept@example.com' }));
  for (let i = 0; i < SPAM_AUTHORS_KEPT - 1; i++) await spam((await store.create(newComment({ email: `author-${i}@example.com` }))).id);
  await spam((await store.create(newComment({ email: 'kept@example.com' }))).id);
  // Full: the moderator then goes back to the author's older comment, and one more author is marked.
  await spam(older.id);
  await spam((await store.create(newComment({ email: 'newest@example.com' }))).id);
  assert.equal(await marked('kept@example.com'), true, 'still by their newer comment');
  assert.equal(await marked('author-0@example.com'), false, 'the oldest mark goes instead');
});
