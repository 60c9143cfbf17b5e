/** What every AuditStore must do: append-only entries, a comment's history oldest first, filtered newest-first pages with cursors. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditStore, NewAuditEntry } from '../../src/store/audit-store.ts';
import type { Fresh } from './comment-store.contract.ts';

const entry = (patch: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
  commentId: 'c1',
  siteId: 'news',
  actor: 'classifier',
  actorName: null,
  from: 'pending',
  to: 'flagged',
  reasons: ['link-heavy'],
  note: null,
  ...patch,
});

export function auditStoreContract(impl: string, fresh: Fresh<AuditStore>): void {
  describe(`AuditStore contract: ${impl}`, () => {
    test('append → the entry with an id and time; history is that comment’s entries, oldest first', async () => {
      const store = await fresh();
      const a = await store.append(entry());
      const b = await store.append(entry({ actor: 'mod_1', actorName: 'bob', from: 'flagged', to: 'published', reasons: [], note: 'fine' }));
      await store.append(entry({ commentId: 'c2' }));
      assert.ok(a.id && a.id !== b.id);
      assert.ok(!Number.isNaN(Date.parse(a.at)));
      assert.deepEqual(await store.history('c1'), [a, b]);
      assert.deepEqual(await store.history('none'), []);
    });

    test('forget → every entry of those comments is gone, from history and every list; others stay', async () => {
      const store = await fresh();
      await store.append(entry({ commentId: 'gone', actor: 'mod_1' }));
      await store.append(entry({ commentId: 'gone', to: 'deleted' }));
      const kept = await store.append(entry({ commentId: 'kept', actor: 'mod_1' }));
      assert.equal(await store.forget(['gone', 'never']), 2);
      assert.deepEqual(await store.history('gone'), []);
      assert.deepEqual((await store.list({}, { limit: 10 })).entries, [kept]);
      assert.deepEqual((await store.list({ actor: 'mod_1' }, { limit: 10 })).entries, [kept]);
      assert.deepEqual((await store.list({ siteId: 'news' }, { limit: 10 })).entries, [kept]);
    });

    test('list: newest first, filtered by actor, site and time, paged with cursors without gaps', async () => {
      const store = await fresh();
      const made = [];
      for (let i = 0; i < 7; i++) {
        made.push(await store.append(entry({ commentId: `c${i}`, actor: i % 2 ? 'mod_1' : 'classifier', siteId: i % 3 ? 'news' : 'sport' })));
      }
      const all = await store.list({}, { limit: 100 });
      assert.deepEqual(all.entries.map((e) => e.commentId), made.map((e) => e.commentId).reverse());
      assert.equal(all.nextCursor, null);
      const mine = await store.list({ actor: 'mod_1' }, { limit: 100 });
      assert.deepEqual(mine.entries.map((e) => e.commentId), ['c5', 'c3', 'c1']);
      const mineOnNews = await store.list({ actor: 'mod_1', siteId: 'news' }, { limit: 100 });
      assert.deepEqual(mineOnNews.entries.map((e) => e.commentId), ['c5', 'c1']);
      const sport = await store.list({ siteId: 'sport' }, { limit: 100 });
      assert.deepEqual(sport.entries.map((e) => e.commentId), ['c6', 'c3', 'c0']);
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list({ actor: 'classifier', siteId: 'news' }, { limit: 1, cursor });
        paged.push(...page.entries.map((e) => e.commentId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.deepEqual(paged, ['c4', 'c2']);
      const future = await store.list({ sinceMs: Date.now() + 60_000 }, { limit: 10 });
      assert.deepEqual(future.entries, []);
      const past = await store.list({ sinceMs: Date.now() - 60_000 }, { limit: 10 });
      assert.equal(past.entries.length, 7);
    });
  });
}
