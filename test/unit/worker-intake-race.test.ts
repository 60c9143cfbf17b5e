/**
 * The worker's first read of a comment races the API's confirmation of it: the job is queued before the
 * submission is confirmed, so the worker can read the comment as unconfirmed intake and, a moment later,
 * find it confirmed. Such a comment is decided, never taken for gone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryCommentStore } from '../../src/store/memory-comment-store.ts';
import { loadForScoring } from '../../workers/moderate-comment.ts';
import { newComment } from '../contract/comment-store.contract.ts';

/** The store's `read`, with the API confirming the comment just after the worker's first call of it. */
function confirmedAfterFirstCall<R>(store: MemoryCommentStore, read: (commentId: string) => Promise<R>): (commentId: string) => Promise<R> {
  let calls = 0;
  return async (commentId) => {
    const result = await read(commentId);
    if (++calls === 1) await store.confirm(commentId);
    return result;
  };
}

test('a comment confirmed between the worker’s two reads (intake, then confirmed) → loaded, not taken for missing (its signals asked for later)', async () => {
  const store = new MemoryCommentStore();
  const { id } = await store.create(newComment(), { intake: true });
  const racing = {
    getForScoring: confirmedAfterFirstCall(store, (commentId) => store.getForScoring(commentId)),
    get: (commentId: string) => store.get(commentId),
    intakeState: (commentId: string) => store.intakeState(commentId),
  };
  const loaded = await loadForScoring(racing, id);
  assert.equal(loaded?.comment.id, id);
  assert.equal(loaded?.comment.status, 'pending');
  assert.equal(loaded?.signals, null);
});

test('a comment confirmed while the worker waits for it (its intake state read as intake) → loaded after the wait', async () => {
  const store = new MemoryCommentStore();
  const { id } = await store.create(newComment(), { intake: true });
  const racing = {
    getForScoring: (commentId: string) => store.getForScoring(commentId),
    get: (commentId: string) => store.get(commentId),
    intakeState: confirmedAfterFirstCall(store, (commentId) => store.intakeState(commentId)),
  };
  const loaded = await loadForScoring(racing, id);
  assert.equal(loaded?.comment.id, id);
  assert.equal(loaded?.signals, null);
});

test('a comment discarded before the worker reads it → null (the job completes as a no-op)', async () => {
  const store = new MemoryCommentStore();
  const { id } = await store.create(newComment(), { intake: true });
  await store.discard(id);
  assert.equal(await loadForScoring(store, id), null);
});

test('a confirmed comment → loaded with the signals the store read with it', async () => {
  const store = new MemoryCommentStore();
  const { id } = await store.create(newComment());
  const confirmed = await loadForScoring(store, id);
  assert.equal(confirmed?.comment.id, id);
  assert.deepEqual(confirmed?.signals, { repeatCount: 0, authorHasPublished: false, authorMarkedSpam: false });
});
