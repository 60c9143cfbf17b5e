/**
 * The buffered logger's destination (src/batched-log-lines.ts): lines reach the stream in order, joined, once enough
 * have gathered, after at most the flush interval, and all of them on a synchronous flush (the worker's exit).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { batchedLines } from '../../src/batched-log-lines.ts';

function fakeSink() {
  const writes: string[] = [];
  let syncFlushes = 0;
  return { writes, syncFlushes: () => syncFlushes, write: (t: string) => writes.push(t), flushSync: () => void syncFlushes++ };
}

test('lines are handed on joined and in order once minLength characters have gathered, not before', () => {
  const sink = fakeSink();
  const out = batchedLines(sink, { minLength: 20, flushMs: 60_000 });
  out.write('{"a":1}\n');
  out.write('{"b":2}\n');
  assert.deepEqual(sink.writes, []);
  out.write('{"c":3}\n');
  assert.deepEqual(sink.writes, ['{"a":1}\n{"b":2}\n{"c":3}\n']);
  out.write('{"é":"😀"}\n');
  assert.equal(sink.writes.length, 1);
});

test('gathered lines are handed on after at most the flush interval', async () => {
  const sink = fakeSink();
  const out = batchedLines(sink, { minLength: 4096, flushMs: 20 });
  out.write('one\n');
  out.write('two\n');
  await sleep(80);
  assert.deepEqual(sink.writes, ['one\ntwo\n']);
});

test('flushSync hands on every gathered line and flushes the sink; flush(cb) hands them on too', () => {
  const sink = fakeSink();
  const out = batchedLines(sink, { minLength: 4096, flushMs: 60_000 });
  out.write('last\n');
  out.flushSync();
  assert.deepEqual(sink.writes, ['last\n']);
  assert.equal(sink.syncFlushes(), 1);
  out.write('more\n');
  let called = false;
  out.flush(() => (called = true));
  assert.ok(called);
  assert.deepEqual(sink.writes, ['last\n', 'more\n']);
});
