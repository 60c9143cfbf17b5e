/** What every WebhookStore must do: per-comment order, exact bodies, attempts and their outcome, redelivery, the newest-first list. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NewWebhookEvent, WebhookStore } from '../../src/store/webhook-store.ts';
import type { Fresh } from './comment-store.contract.ts';

let n = 0;
function event(patch: Partial<NewWebhookEvent> = {}): NewWebhookEvent {
  n++;
  return {
    id: `evt_${n.toString().padStart(4, '0')}_${Math.random().toString(36).slice(2, 8)}`,
    siteId: 'blog',
    commentId: 'c1',
    type: 'comment.flagged',
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    body: `{"id":"evt","n":${n},"text":"ünïcode ✓"}`,
    ...patch,
  };
}

export function webhookStoreContract(impl: string, fresh: Fresh<WebhookStore>): void {
  describe(`WebhookStore contract: ${impl}`, () => {
    test('create → a pending delivery numbered per comment; get and body read it back exactly', async () => {
      const store = await fresh();
      const e1 = event({ commentId: 'cA' });
      const d1 = await store.create(e1);
      const d2 = await store.create(event({ commentId: 'cA', type: 'comment.approved' }));
      const other = await store.create(event({ commentId: 'cB' }));
      assert.deepEqual([d1.seq, d2.seq, other.seq], [1, 2, 1]);
      assert.equal(d1.status, 'pending');
      assert.equal(d1.attempts, 0);
      const got = await store.get(e1.id);
      assert.deepEqual(got, {
        id: e1.id, siteId: 'blog', commentId: 'cA', type: 'comment.flagged', createdAt: e1.createdAt, seq: 1, status: 'pending',
        attempts: 0, lastAttemptAt: null, lastStatusCode: null, lastError: null, deliveredAt: null, url: null,
      });
      assert.equal(await store.body(e1.id), e1.body);
    });

    test('unknown ids: get and body → null, recordAttempt and reopen → null, markDead is a no-op', async () => {
      const store = await fresh();
      assert.equal(await store.get('evt_nope'), null);
      assert.equal(await store.body('evt_nope'), null);
      assert.equal(await store.recordAttempt('evt_nope', { ok: true, url: 'http://x', statusCode: 200, error: null, final: false }), null);
      assert.equal(await store.reopen('evt_nope'), null);
      await store.markDead('evt_nope', 'gone');
      assert.equal(await store.get('evt_nope'), null);
    });

    test('a failed attempt → retrying with its status code, error and URL; a success → delivered', async () => {
      const store = await fresh();
      const e = event();
      await store.create(e);
      const failed = await store.recordAttempt(e.id, { ok: false, url: 'https://hooks.example/a', statusCode: 500, error: 'HTTP 500', final: false });
      assert.equal(failed?.status, 'retrying');
      assert.equal(failed?.attempts, 1);
      assert.equal(failed?.lastStatusCode, 500);
      assert.equal(failed?.lastError, 'HTTP 500');
      assert.equal(failed?.url, 'https://hooks.example/a');
      assert.ok(failed?.lastAttemptAt);
      assert.equal(failed?.deliveredAt, null);
      const ok = await store.recordAttempt(e.id, { ok: true, url: 'https://hooks.example/a', statusCode: 204, error: null, final: false });
      assert.equal(ok?.status, 'delivered');
      assert.equal(ok?.attempts, 2);
      assert.equal(ok?.lastStatusCode, 204);
      assert.equal(ok?.lastError, null);
      assert.ok(ok?.deliveredAt);
      assert.deepEqual(await store.get(e.id), ok);
    });

    test('a failed last attempt → dead; a network error keeps a null status code', async () => {
      const store = await fresh();
      const e = event();
      await store.create(e);
      const dead = await store.recordAttempt(e.id, { ok: false, url: 'https://hooks.example/a', statusCode: null, error: 'ECONNREFUSED', final: true });
      assert.equal(dead?.status, 'dead');
      assert.equal(dead?.lastStatusCode, null);
      assert.equal(dead?.lastError, 'ECONNREFUSED');
    });

    test('event n may go only after event n-1 is delivered or dead', async () => {
      const store = await fresh();
      const d1 = await store.create(event({ commentId: 'cO' }));
      const d2 = await store.create(event({ commentId: 'cO' }));
      const d3 = await store.create(event({ commentId: 'cO' }));
      assert.equal(await store.mayDeliver(d1), true);
      assert.equal(await store.mayDeliver(d2), false);
      await store.recordAttempt(d1.id, { ok: false, url: 'u', statusCode: 500, error: 'HTTP 500', final: false });
      assert.equal(await store.mayDeliver(d2), false, 'retrying is not finished');
      await store.recordAttempt(d1.id, { ok: true, url: 'u', statusCode: 200, error: null, final: false });
      assert.equal(await store.mayDeliver(d2), true);
      assert.equal(await store.mayDeliver(d3), false);
      await store.markDead(d2.id, 'site removed');
      assert.equal(await store.mayDeliver(d3), true);
      const dead = await store.get(d2.id);
      assert.equal(dead?.status, 'dead');
      assert.equal(dead?.lastError, 'site removed');
      assert.equal(dead?.attempts, 0);
    });

    test('outbox: a claim that is never followed by markQueued expires after olderThanMs', async () => {
      const store = await fresh();
      const e = event({ commentId: 'cClaim' });
      await store.create(e);
      assert.deepEqual(await store.claimUnqueued(0, 10), [e.id]);
      await new Promise((r) => setTimeout(r, 5));
      assert.deepEqual(await store.claimUnqueued(0, 10), [e.id], 'claimed again: nothing said it was queued');
      await store.markQueued(e.id);
      assert.deepEqual(await store.claimUnqueued(0, 10), [], 'queued: left alone until its next check');
    });

    test('outbox: an event is claimed once; markUnqueued makes a lost one due again at once, unless it finished', async () => {
      const store = await fresh();
      const lost = event({ commentId: 'cLost' });
      const done = event({ commentId: 'cDone' });
      await store.create(lost);
      await store.create(done);
      assert.deepEqual((await store.claimUnqueued(60_000, 10)).sort(), [lost.id, done.id].sort());
      assert.deepEqual(await store.claimUnqueued(60_000, 10), [], 'a claim lasts olderThanMs');
      await store.markQueued(lost.id);
      await store.markQueued(done.id);
      await store.recordAttempt(done.id, { ok: true, url: 'https://hooks.example/a', statusCode: 200, error: null, final: false });
      await store.markUnqueued(lost.id);
      await store.markUnqueued(done.id);
      assert.deepEqual(await store.claimUnqueued(60_000, 10), [lost.id]);
    });

    test('reopen puts a finished delivery back to pending, keeping its history', async () => {
      const store = await fresh();
      const e = event();
      await store.create(e);
      await store.recordAttempt(e.id, { ok: false, url: 'u', statusCode: 500, error: 'HTTP 500', final: true });
      const reopened = await store.reopen(e.id);
      assert.equal(reopened?.status, 'pending');
      assert.equal(reopened?.attempts, 1);
      assert.equal(reopened?.lastStatusCode, 500);
      assert.deepEqual(await store.get(e.id), reopened);
    });

    test('list: newest first, filtered by site and status, at most `limit`', async () => {
      const store = await fresh();
      const a1 = event({ siteId: 'a', commentId: 'x1' });
      const b1 = event({ siteId: 'b', commentId: 'x2' });
      const a2 = event({ siteId: 'a', commentId: 'x3' });
      for (const e of [a1, b1, a2]) await store.create(e);
      await store.recordAttempt(a1.id, { ok: true, url: 'u', statusCode: 200, error: null, final: false });
      assert.deepEqual((await store.list({ limit: 10 })).map((d) => d.id), [a2.id, b1.id, a1.id]);
      assert.deepEqual((await store.list({ limit: 2 })).map((d) => d.id), [a2.id, b1.id]);
      assert.deepEqual((await store.list({ siteId: 'a', limit: 10 })).map((d) => d.id), [a2.id, a1.id]);
      assert.deepEqual((await store.list({ status: 'delivered', limit: 10 })).map((d) => d.id), [a1.id]);
      assert.deepEqual((await store.list({ siteId: 'b', status: 'pending', limit: 10 })).map((d) => d.id), [b1.id]);
      assert.deepEqual(await store.list({ siteId: 'c', limit: 10 }), []);
    });
  });
}
