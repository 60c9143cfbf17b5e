/**
 * How long finished moderation jobs are kept is the worker's setting, not each job's: a job carries only what its
 * retries need, and a worker made by createModerationWorker still removes finished jobs past their age.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Queue, type ConnectionOptions } from 'bullmq';
import { bullPrefix, createModerationQueue, createModerationWorker, jobIdFor, MODERATE_KEEP_JOBS, MODERATE_QUEUE } from '../../src/queue/moderation-queue.ts';
import { redisOptionsFromUrl } from '../../src/store/redis-client.ts';
import { freshPrefixes, TEST_REDIS_URL, testRedisClient } from '../support/harness.ts';

const fresh = freshPrefixes(testRedisClient());
const realNow = Date.now;
after(() => {
  Date.now = realNow;
});

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = realNow() + 10_000;
  while (!(await check())) {
    if (realNow() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('a moderation job → carries attempts and backoff only; a finished one is removed by the worker once older than its age', async () => {
  const prefix = fresh();
  const queue = createModerationQueue(TEST_REDIS_URL, prefix);
  const inspect = new Queue(MODERATE_QUEUE, { connection: redisOptionsFromUrl(TEST_REDIS_URL) as ConnectionOptions, prefix: bullPrefix(prefix) });
  const done: string[] = [];
  const worker = createModerationWorker(async (commentId) => void done.push(commentId), {
    redisUrl: TEST_REDIS_URL,
    redisPrefix: prefix,
    concurrency: 1,
    lockMs: 5000,
    stalledCheckMs: 5000,
  });
  try {
    await queue.enqueue('cOld000000000000');
    const stored = await inspect.getJob(jobIdFor('cOld000000000000'));
    assert.ok(stored);
    assert.equal(stored.opts.attempts, 8);
    assert.deepEqual(stored.opts.backoff, { type: 'exponential', delay: 1000 });
    assert.equal(stored.opts.removeOnComplete, undefined, 'retention is not stored with every job');
    assert.equal(stored.opts.removeOnFail, undefined);
    await until('the first job to finish', async () => (await inspect.getCompletedCount()) === 1);

    // The next job finishes a day and an hour later, as the worker's clock has it: the first one is past its age.
    const ageMs = MODERATE_KEEP_JOBS.removeOnComplete.age * 1000;
    Date.now = () => realNow() + ageMs + 3_600_000;
    await queue.enqueue('cNew000000000000');
    await until('the second job to finish', async () => done.length === 2 && (await inspect.getJobCountByTypes('active', 'wait')) === 0);
    await until('the first job to be removed', async () => (await inspect.getJob(jobIdFor('cOld000000000000'))) === undefined);
    Date.now = realNow;
    assert.equal(await inspect.getJobState(jobIdFor('cNew000000000000')), 'completed', 'a job younger than its age is kept');
    assert.deepEqual(done, ['cOld000000000000', 'cNew000000000000']);
  } finally {
    Date.now = realNow;
    await worker.close();
    await queue.close();
    await inspect.close();
  }
});
