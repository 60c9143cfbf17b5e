/**
 * The worker's first read of a comment races the API's confirmation of it: the job is queued before the
 * submission is confirmed, so the worker can read the comment as unconfirmed intake and, a moment later,
 * find it confirmed. Such a comment is decided, never taken for gone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryCommentStore } from '../../src/store/memory-comment-store.ts';
import { loadConfirmed, loadForScoring } from '../../workers/moderate-comment.ts';
import { newComment } from '../contract/comment-store.contract.ts';

/** The store's `read`, with the API confirming the comment just after the worker's first read. */
function confirmedAfterFirstRead<R>(store: MemoryCommentStore, read: (commentId: string) => Promise<R>): (commentId: string) => Promise<R> {
  let reads = 0;
  return async (commentId) => {
    const result = await read(commentId);
    if (++reads === 1) await store.confirm(commentId);
    return result;
  };
}

test('a comment confirmed between the worker’s two reads (intake, then confirmed) → loaded, not taken for missing', async () => {
  const store = new MemoryCommentStore();
  const { id } = await store.create(newComment(), { intake: true });
  const racing = {
    get: confirmedAfterFirstRead(store, (commentId) => store.get(commentId)),
    intakeState: (commentId: string) => store.intakeState(commentId),
  };
  const loaded = await loadConfirmed(racing, id);
  assert.equal(loaded?.id, id);
  assert.equal(loaded?.status, 'pending');
});

test('a comment discarded before the worker reads it → null (the job completes as a no-op)', async () => {
  const store = new MemoryCommentStore();
  const { id } = await store.create(newComment(), { intake: true });
  await store.discard(id);
  assert.equal(await loadConfirmed(store, id), null);
});

test('the read for scoring: intake confirmed after the first read → loaded (its signals asked for later); discarded → null', async () => {
  const store = new MemoryCommentStore();
  const { id } = await store.create(newComment(), { intake: true });
  const racing = {
    getForScoring: confirmedAfterFirstRead(store, (commentId) => store.getForScoring(commentId)),
    get: (commentId: string) => store.get(commentId),
    intakeState: (commentId: string) => store.intakeState(commentId),
  };
  const loaded = await loadForScoring(racing, id);
  assert.equal(loaded?.comment.id, id);
  assert.equal(loaded?.comment.status, 'pending');
  assert.equal(loaded?.signals, null);
  const confirmed = await loadForScoring(store, id);
  assert.deepEqual(confirmed?.signals, { repeatCount: 0, authorHasPublished: false, authorMarkedSpam: false });
  const gone = await store.create(newComment(), { intake: true });
  await store.discard(gone.id);
  assert.equal(await loadForScoring(store, gone.id), null);
});
