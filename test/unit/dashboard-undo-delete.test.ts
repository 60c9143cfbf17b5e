/** The dashboard's delete with undo: nothing is deleted while it can be undone; undone, nothing ever is; flushed, at once. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DelayedDeletes } from '../../src/browser/dashboard/undo-delete.ts';

function setup() {
  const runs: { ids: string[]; leaving: boolean }[] = [];
  const deletes = new DelayedDeletes({ delayMs: 10_000, run: async (ids, leaving) => void runs.push({ ids, leaving }), changed: () => {} });
  return { runs, deletes };
}

describe('dashboard delete with undo', () => {
  test('held for 10 s and hidden meanwhile; then carried out once', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { runs, deletes } = setup();
    deletes.hold(['a', 'b']);
    assert.equal(deletes.isHeld('a'), true);
    assert.equal(deletes.latestCount, 2);
    t.mock.timers.tick(9_999);
    assert.deepEqual(runs, []);
    t.mock.timers.tick(1);
    await Promise.resolve();
    assert.deepEqual(runs, [{ ids: ['a', 'b'], leaving: false }]);
    await new Promise<void>((r) => setImmediate(r));
    assert.equal(deletes.isHeld('a'), false);
    t.mock.timers.tick(20_000);
    assert.equal(runs.length, 1);
  });

  test('Undo takes back the latest deletion: it is never carried out, and the earlier one still is', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { runs, deletes } = setup();
    deletes.hold(['a']);
    deletes.hold(['b']);
    assert.equal(deletes.undoLatest(), true);
    assert.equal(deletes.isHeld('b'), false);
    assert.equal(deletes.isHeld('a'), true);
    t.mock.timers.tick(10_000);
    await Promise.resolve();
    assert.deepEqual(runs, [{ ids: ['a'], leaving: false }]);
    assert.equal(deletes.undoLatest(), false, 'too late to undo what is under way or done');
  });

  test('flush (sign-out, leaving the page) carries out every held deletion at once', async () => {
    const { runs, deletes } = setup();
    deletes.hold(['a']);
    deletes.hold(['b']);
    await deletes.flush(true);
    assert.deepEqual(runs, [{ ids: ['a'], leaving: true }, { ids: ['b'], leaving: true }]);
    assert.equal(deletes.latestCount, 0);
  });
});
