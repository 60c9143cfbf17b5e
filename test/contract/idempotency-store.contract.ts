/** What every IdempotencyStore must do: claim, replay, mismatch, release, per-scope keys, and expiry after the window. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IdempotencyStore } from '../../src/store/idempotency-store.ts';
import { realTime, type LetTimePass } from './comment-store.contract.ts';

/** A fresh store whose replay window is `ttlSeconds`. */
export type FreshIdempotency = (ttlSeconds: number) => Promise<IdempotencyStore>;

export function idempotencyStoreContract(impl: string, fresh: FreshIdempotency, letTimePass: LetTimePass = realTime): void {
  describe(`IdempotencyStore contract: ${impl}`, () => {
    test('first begin → new; again while running → in-progress; another body → mismatch', async () => {
      const store = await fresh(3600);
      assert.equal((await store.begin('site:a', 'k1', 'fp1')).kind, 'new');
      assert.deepEqual(await store.begin('site:a', 'k1', 'fp1'), { kind: 'in-progress' });
      assert.deepEqual(await store.begin('site:a', 'k1', 'fp2'), { kind: 'mismatch' });
    });

    test('complete → later begins replay the status and body; a different body → mismatch', async () => {
      const store = await fresh(3600);
      await store.begin('s', 'k', 'fp');
      await store.complete('s', 'k', 'fp', 202, { id: 'c1', status: 'pending', nested: { n: 1 } });
      assert.deepEqual(await store.begin('s', 'k', 'fp'), { kind: 'replay', status: 202, body: { id: 'c1', status: 'pending', nested: { n: 1 } } });
      assert.deepEqual(await store.begin('s', 'k', 'fp'), { kind: 'replay', status: 202, body: { id: 'c1', status: 'pending', nested: { n: 1 } } });
      assert.deepEqual(await store.begin('s', 'k', 'other'), { kind: 'mismatch' });
    });

    test('abandon releases the claim: the retry does the work', async () => {
      const store = await fresh(3600);
      await store.begin('s', 'k', 'fp');
      await store.abandon('s', 'k');
      assert.equal((await store.begin('s', 'k', 'fp')).kind, 'new');
    });

    test('keys are per scope', async () => {
      const store = await fresh(3600);
      await store.begin('site:a', 'shared', 'fp-a');
      await store.complete('site:a', 'shared', 'fp-a', 200, { a: true });
      assert.equal((await store.begin('site:b', 'shared', 'fp-b')).kind, 'new');
    });

    test('an answer is replayed until the window ends, then the key is new again', async () => {
      const store = await fresh(1);
      await store.begin('s', 'k', 'fp');
      await store.complete('s', 'k', 'fp', 400, { error: 'validation_failed' });
      assert.equal((await store.begin('s', 'k', 'fp')).kind, 'replay');
      await letTimePass(1150);
      assert.equal((await store.begin('s', 'k', 'fp')).kind, 'new');
    });
  });
}
