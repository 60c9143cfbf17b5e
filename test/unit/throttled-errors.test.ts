/**
 * Repeated errors logged once per interval (src/observability/throttled-errors.ts), as the API's site refresh and
 * the worker's queue client use it during a Redis outage.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { throttled } from '../../src/observability/throttled-errors.ts';

function clockedLog() {
  let now = 0;
  const lines: { message: string; suppressed: number | undefined }[] = [];
  const log = throttled(10_000, (err: unknown, suppressed) => lines.push({ message: (err as Error).message, suppressed }), () => now);
  return { lines, log, advance: (ms: number) => void (now += ms) };
}

test('the same error every second for 25 s → three lines, the later ones counting the repeats left out', () => {
  const { lines, log, advance } = clockedLog();
  for (let s = 0; s < 25; s++) {
    log(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    advance(1000);
  }
  assert.deepEqual(lines, [
    { message: 'connect ECONNREFUSED 127.0.0.1:6379', suppressed: undefined },
    { message: 'connect ECONNREFUSED 127.0.0.1:6379', suppressed: 9 },
    { message: 'connect ECONNREFUSED 127.0.0.1:6379', suppressed: 9 },
  ]);
});

test('two kinds of error in the same interval → one line each; a repeat after a quiet interval has no count', () => {
  const { lines, log, advance } = clockedLog();
  log(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
  log(new Error('Connection is closed.'));
  log(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
  advance(30_000);
  log(new Error('Connection is closed.'));
  assert.deepEqual(lines, [
    { message: 'connect ECONNREFUSED 127.0.0.1:6379', suppressed: undefined },
    { message: 'Connection is closed.', suppressed: undefined },
    { message: 'Connection is closed.', suppressed: undefined },
  ]);
});

test('a thrown value that is not an Error is throttled by its text', () => {
  const { lines, log } = clockedLog();
  log('timeout');
  log('timeout');
  assert.equal(lines.length, 1);
});
