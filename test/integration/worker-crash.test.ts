/** A worker killed mid-job (SIGKILL: no cleanup, lock left behind) → another worker still decides the comment. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import request from 'supertest';
import { startTestStack, type TestStack } from '../support/harness.ts';
import { spawnService } from '../support/processes.ts';
import { startWorker } from '../../workers/moderation-worker.ts';
import { RedisCommentStore } from '../../src/store/redis-comment-store.ts';

let stack: TestStack;

before(async () => {
  stack = await startTestStack({ worker: false });
});
after(() => stack.stop());

test('a worker SIGKILLed while scoring → its job is picked up again and the comment reaches a decision', async () => {
  const res = await request(stack.origin)
    .post('/api/v1/comments')
    .send({ threadId: 'crash', name: 'R', email: 'r@example.com', comment: 'Scored by a worker that is about to die.' })
    .expect(202);

  const hung = await spawnService('test/fixtures/hung-worker.ts', {}, [stack.config.redisUrl, stack.prefix]);
  try {
    // A start takes far longer than its CPU time on a machine shared with other work.
    await hung.waitForOutput(/took \S+/, 60_000);
    const took = /took (\S+)/.exec(hung.output())![1];
    assert.equal(took, res.body.id);
  } finally {
    // Also when the wait fails: a live child would keep this file's process, and the whole suite, from ending.
    await hung.kill('SIGKILL');
  }
  const store = new RedisCommentStore(stack.redis, stack.prefix);
  assert.equal((await store.get(res.body.id))?.status, 'pending');

  const worker = await startWorker({ ...stack.config, workerStalledCheckMs: 300 }, pino({ level: 'silent' }));
  try {
    const status = await stack.waitFor(async () => {
      const s = (await store.get(res.body.id))?.status;
      return s !== 'pending' ? s : undefined;
    }, 10_000);
    assert.ok(['published', 'flagged', 'spam'].includes(status), status);
  } finally {
    await worker.close();
  }
});
