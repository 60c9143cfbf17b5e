/** Giving the free heap back once a process goes idle: when it happens, when it must not, and that it shrinks the heap. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import { releaseFreeHeap, startIdleMemoryRelease } from '../../src/runtime/idle-memory-release.ts';

const MB = 1024 * 1024;

/** A fake process: its event loop's utilisation and its heap are set by the test; checks and releases are counted. */
function fakeProcess() {
  const state = { busy: 0, heap: 40 * MB, releases: 0, checks: 0 };
  const handle = startIdleMemoryRelease({
    intervalMs: 5,
    quietChecks: 2,
    utilization: () => {
      state.checks++;
      return state.busy;
    },
    heapBytes: () => state.heap,
    release: async () => {
      state.releases++;
      state.heap = 24 * MB;
    },
  });
  /** Resolves once `n` more checks have run (timers on a loaded machine may be late, never early). */
  const checks = async (n: number) => {
    const until = state.checks + n;
    while (state.checks < until) await new Promise((res) => setTimeout(res, 5));
  };
  return { state, checks, stop: () => handle.stop() };
}

test('idle after start, then a burst and idle again → one release each time, none while the heap has not grown', async () => {
  const p = fakeProcess();
  try {
    await p.checks(4);
    assert.equal(p.state.releases, 1, 'the first idle spell gives back what start-up left');
    p.state.busy = 0.9;
    p.state.heap = 30 * MB;
    await p.checks(3);
    p.state.busy = 0.01;
    await p.checks(6);
    assert.equal(p.state.releases, 1, 'a heap 6 MB above the last release is not worth a GC');
    p.state.busy = 0.9;
    p.state.heap = 42 * MB;
    await p.checks(6);
    assert.equal(p.state.releases, 1, 'no release while busy');
    p.state.busy = 0.01;
    await p.checks(4);
    assert.equal(p.state.releases, 2);
  } finally {
    p.stop();
  }
});

test('a busy event loop at every check (under load) → never a release, however large the heap', async () => {
  const p = fakeProcess();
  try {
    p.state.busy = 0.3;
    p.state.heap = 90 * MB;
    await p.checks(10);
    assert.equal(p.state.releases, 0);
  } finally {
    p.stop();
  }
});

test('releaseFreeHeap after a burst of garbage → the committed heap shrinks', async () => {
  let garbage: unknown[] | null = [];
  for (let i = 0; i < 400_000; i++) garbage.push({ i, s: `comment ${i}` });
  garbage = null;
  const before = getHeapStatistics().total_heap_size;
  await releaseFreeHeap();
  const after = getHeapStatistics().total_heap_size;
  assert.ok(after < before - 8 * MB, `committed heap ${Math.round(before / MB)} → ${Math.round(after / MB)} MB`);
});
