/** The per-turn batcher: calls of one turn share one run, and each call gets its own answer or the batch's error. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterIo, turnBatcher } from '../../src/store/turn-batcher.ts';

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

test('afterIo: calls made in different callbacks of one turn (as requests on different sockets are) → one run', async () => {
  const runs: number[][] = [];
  const run = async (items: number[]) => {
    runs.push(items);
    return items.map((n) => n + 1);
  };
  // Two callbacks of the same turn of the event loop, each with its own microtasks in between.
  const inCallbacks = (call: (n: number) => Promise<number>) =>
    Promise.all([new Promise<number>((r) => setImmediate(() => r(call(1)))), new Promise<number>((r) => setImmediate(() => r(call(2))))]);
  assert.deepEqual(await inCallbacks(turnBatcher(run, 200, afterIo)), [2, 3]);
  assert.deepEqual(runs, [[1, 2]]);
  // The default (after the first callback's microtasks) runs each callback's call on its own.
  runs.length = 0;
  assert.deepEqual(await inCallbacks(turnBatcher(run)), [2, 3]);
  assert.deepEqual(runs, [[1], [2]]);
});
