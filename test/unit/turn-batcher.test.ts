/** The per-turn batcher: calls of one turn share one run, and each call gets its own answer or the batch's error. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { turnBatcher } from '../../src/store/turn-batcher.ts';

test('calls made in one turn → one run, each call resolved with its own result', async () => {
  const runs: number[][] = [];
  const call = turnBatcher(async (items: number[]) => {
    runs.push(items);
    return items.map((n) => n * 10);
  });
  const answers = await Promise.all([call(1), call(2), call(3)]);
  assert.deepEqual(answers, [10, 20, 30]);
  assert.deepEqual(runs, [[1, 2, 3]]);
  assert.equal(await call(4), 40);
  assert.deepEqual(runs, [[1, 2, 3], [4]]);
});

test('a run answering fewer results than calls → every call of the batch rejected, none resolved with undefined', async () => {
  const call = turnBatcher(async (items: number[]) => items.slice(1));
  const outcomes = await Promise.allSettled([call(1), call(2)]);
  assert.deepEqual(outcomes.map((o) => o.status), ['rejected', 'rejected']);
});

test('a run that throws or rejects → every call of that batch rejected with its error', async () => {
  const thrown = turnBatcher((): Promise<number[]> => {
    throw new Error('bad arguments');
  });
  await assert.rejects(thrown(1), /bad arguments/);
  const rejected = turnBatcher(async (): Promise<number[]> => Promise.reject(new Error('Connection is closed')));
  const outcomes = await Promise.allSettled([rejected(1), rejected(2)]);
  assert.deepEqual(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : 'resolved')), ['Connection is closed', 'Connection is closed']);
});
