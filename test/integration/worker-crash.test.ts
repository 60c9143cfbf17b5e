/** A worker killed mid-job (SIGKILL: no cleanup, lock left behind) → another worker still decides the comment. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import request from 'supertest';
import { startTestStack, type TestStack } from '../support/harness.ts';
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

  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../fixtures/hung-worker.ts', import.meta.url)), stack.config.redisUrl, stack.prefix], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const took = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the hung worker never took the job')), 15_000);
    child.stdout.on('data', (d: Buffer) => {
      const m = /took (\S+)/.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  assert.equal(took, res.body.id);
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
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
