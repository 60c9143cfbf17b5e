/**
 * The worker's guarantees: a re-run or duplicate job changes nothing, a moderator's decision is never
 * overridden, a failing comment still reaches a decision, and lost jobs are re-queued by the sweeper.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import request from 'supertest';
import { startTestStack, type TestStack } from '../support/harness.ts';
import { moderateComment, flagAfterFailure } from '../../workers/moderate-comment.ts';
import { sweepPendingOnce } from '../../workers/pending-sweeper.ts';
import { createModerationQueue } from '../../src/queue/moderation-queue.ts';
import { loadSpamModel, DEFAULT_SPAM_MODEL_PATH } from '../../src/spam/spam-model.ts';
import { RedisCommentStore } from '../../src/store/redis-comment-store.ts';
import { RedisLearningStore } from '../../src/store/redis-learning-store.ts';
import type { CommentEventType } from '../../src/comments/comment-events.ts';
import { redisKeys } from '../../src/store/redis-keys.ts';
import { withoutTextHash } from '../support/comment-records.ts';

let stack: TestStack;
let store: RedisCommentStore;
let learning: RedisLearningStore;
const events: [CommentEventType, string][] = [];
const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);

function processor(flag = 0.5, reject = 0.99) {
  return moderateComment({
    store,
    learning,
    model: () => model,
    thresholds: () => ({ flag, reject }),
    logger: pino({ level: 'silent' }),
    events: { emit: async (type, c) => void events.push([type, c.id]) },
  });
}

async function submit(comment = 'Thanks for the clear write-up on the summit.') {
  const res = await request(stack.origin)
    .post('/api/v1/comments')
    .send({ threadId: 'w', name: 'Reader', email: 'reader@example.com', comment })
    .expect(202);
  return res.body.id as string;
}

before(async () => {
  stack = await startTestStack({ worker: false });
  store = new RedisCommentStore(stack.redis, stack.prefix);
  learning = new RedisLearningStore(stack.redis, stack.prefix);
});
after(() => stack.stop());

describe('moderateComment', () => {
  test('processing the same job twice → one decision, one event, one thread entry', async () => {
    const id = await submit();
    const run = processor();
    const first = await run(id);
    const second = await run(id);
    assert.equal(first.outcome, 'decided');
    assert.deepEqual(second, { outcome: 'skipped', reason: 'already-decided' });
    assert.equal(events.filter(([, cid]) => cid === id).length, 1);
    assert.equal((await store.listThread('default', 'w', { limit: 100 })).comments.length, 1);
  });

  test('two jobs racing on one comment → exactly one applies', async () => {
    const id = await submit('Racing comment about the article.');
    const results = await Promise.all([processor()(id), processor()(id), processor()(id)]);
    assert.equal(results.filter((r) => r.outcome === 'decided').length, 1);
  });

  test('a moderator decision made before the job runs is never overridden', async () => {
    const id = await submit('Moderator gets here first.');
    await request(stack.origin)
      .post(`/api/v1/moderation/comments/${id}/spam`)
      .set('Authorization', `Bearer ${stack.moderatorToken}`)
      .expect(200);
    const res = await processor(0.99, 1.0001)(id);
    assert.deepEqual(res, { outcome: 'skipped', reason: 'already-decided' });
    const c = await store.get(id);
    assert.equal(c?.status, 'spam');
    assert.equal(c?.decidedBy, 'moderator');
  });

  test('a job for a deleted comment completes as a no-op', async () => {
    const id = await submit('Deleted before scoring.');
    await store.delete(id);
    assert.deepEqual(await processor()(id), { outcome: 'skipped', reason: 'missing' });
  });

  test('after the last failed attempt the comment is flagged for a moderator, not left pending', async () => {
    const id = await submit('Scoring will fail for this one.');
    await flagAfterFailure(store, id, new Error('model exploded'), { emit: async () => {} });
    const c = await store.get(id);
    assert.equal(c?.status, 'flagged');
    assert.match(c.reasons[0]!, /scoring-failed/);
  });
});

describe('pending sweeper', () => {
  test('a pending comment whose job was lost is queued again and then decided by a worker', async () => {
    const id = await submit('My job will be lost.');
    // Lose the job, as a crash between the two writes or a Redis restart could.
    const jobKey = `${stack.keys.bull}:moderate:moderate-${id}`;
    await stack.redis.del(jobKey);
    await stack.redis.lrem(`${stack.keys.bull}:moderate:wait`, 0, `moderate-${id}`);
    const queue = createModerationQueue(stack.config.redisUrl, stack.prefix);
    try {
      const requeued = await sweepPendingOnce(store, queue, { staleAfterMs: 0, intervalMs: 0, batch: 1000 });
      assert.ok(requeued >= 1);
      assert.equal(JSON.parse((await stack.redis.hget(jobKey, 'data'))!).commentId, id);
    } finally {
      await queue.close();
    }
  });
});

describe('in-process worker', () => {
  test('with a real BullMQ worker, every submitted comment leaves pending', async () => {
    const live = await startTestStack();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await request(live.origin)
          .post('/api/v1/comments')
          .send({ threadId: 'bulk', name: 'R', email: `r${i}@example.com`, comment: `Comment number ${i} on the article.` })
          .expect(202);
        ids.push(res.body.id);
      }
      const liveStore = new RedisCommentStore(live.redis, live.prefix);
      await live.waitFor(async () => (await liveStore.countByStatus()).pending === 0, 10_000);
      const statuses = await Promise.all(ids.map(async (id) => (await liveStore.get(id))?.status));
      assert.ok(statuses.every((s) => s === 'published' || s === 'flagged' || s === 'spam'), statuses.join(','));
    } finally {
      await live.stop();
    }
  });
});

describe('repeated-text signal', () => {
  // The worker's batched stores read the signals with the record; records stored before the record kept its text's
  // hash (during an upgrade) have them asked for on their own; the unbatched stores always ask.
  const kinds = [
    { kind: 'unbatched stores', batch: false, older: false },
    { kind: "the worker's batched stores", batch: true, older: false },
    { kind: 'batched stores, records stored without the text hash (an earlier build)', batch: true, older: true },
  ];
  for (const { kind, batch, older } of kinds) {
    test(`the same long text submitted again scores higher; a short stock reply ("Great article, thanks!") does not (${kind})`, async () => {
      const run = moderateComment({
        store: new RedisCommentStore(stack.redis, stack.prefix, { batch }),
        learning: new RedisLearningStore(stack.redis, stack.prefix, undefined, { batch }),
        model: () => model,
        thresholds: () => ({ flag: 1.0001, reject: 1.0001 }),
        logger: pino({ level: 'silent' }),
        events: { emit: async () => undefined },
      });
      const decide = async (text: string) => {
        const id = await submit(text);
        if (older) await withoutTextHash(stack.redis, redisKeys(stack.prefix).comment(id));
        await run(id);
        return (await store.get(id))!.spamScore!;
      };
      // A text of its own for each kind, so each starts unseen.
      const long = `Earn money from home with this simple method that changed my life completely, ask me how (${kind}).`;
      const scores: number[] = [];
      for (let i = 0; i < 3; i++) scores.push(await decide(long));
      assert.ok(scores[0]! < scores[1]! && scores[1]! < scores[2]!, scores.join(' < '));
      const short: number[] = [];
      for (let i = 0; i < 3; i++) short.push(await decide(`Great article, thanks ${kind.length}!`));
      assert.equal(short[0], short[2]);
    });
  }
});
