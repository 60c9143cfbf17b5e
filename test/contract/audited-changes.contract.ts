/**
 * What a CommentStore must do with the audit entry given with a move or a delete: record it in the same step as
 * the change (the store fills in comment, site, from and to), only when the change applies, readable through the
 * AuditStore over the same data, with the same ordering and filters as appended entries. The retention job's deletes
 * of old spam are recorded as `retention`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommentStore } from '../../src/store/comment-store.ts';
import type { AuditStore } from '../../src/store/audit-store.ts';
import { newComment } from './comment-store.contract.ts';

export function auditedChangesContract(impl: string, fresh: () => Promise<{ store: CommentStore; audit: AuditStore }>): void {
  describe(`Audited moves and deletes contract: ${impl}`, () => {
    test('a move with an audit record → one entry with from → to as the move found them; a refused move → none', async () => {
      const { store, audit } = await fresh();
      const c = await store.create(newComment({ siteId: 'audited' }));
      const wouldHave = { mode: 'hold-all' as const, verdict: 'publish' as const, spamScore: 0.1, reasons: [] };
      const r = await store.transition(c.id, {
        from: ['pending'],
        to: 'flagged',
        by: 'classifier',
        reasons: ['mode:hold-all'],
        wouldHave,
        audit: { actor: 'classifier', actorName: null, reasons: ['mode:hold-all'], note: null, wouldHave },
      });
      assert.equal(r.outcome, 'applied');
      const refused = await store.transition(c.id, { from: ['pending'], to: 'published', by: 'classifier', audit: { actor: 'classifier', actorName: null, reasons: [], note: null } });
      assert.equal(refused.outcome, 'conflict');
      await store.transition(c.id, { from: ['flagged'], to: 'spam', by: 'Maria', audit: { actor: 'mod_1', actorName: 'Maria', reasons: [], note: 'Sells pills' } });
      const history = await audit.history(c.id);
      assert.deepEqual(
        history.map((e) => [e.commentId, e.siteId, e.actor, e.actorName, e.from, e.to, e.reasons, e.note]),
        [
          [c.id, 'audited', 'classifier', null, 'pending', 'flagged', ['mode:hold-all'], null],
          [c.id, 'audited', 'mod_1', 'Maria', 'flagged', 'spam', [], 'Sells pills'],
        ],
      );
      assert.deepEqual(history[0]!.wouldHave, wouldHave);
      assert.equal(history[1]!.wouldHave, undefined);
      assert.ok(history.every((e) => typeof e.id === 'string' && !Number.isNaN(Date.parse(e.at))));
      assert.notEqual(history[0]!.id, history[1]!.id);
      const page = await audit.list({ actor: 'mod_1', siteId: 'audited' }, { limit: 10 });
      assert.deepEqual(page.entries.map((e) => e.id), [history[1]!.id]);
    });

    test('a delete with an audit record → an entry from its last state to `deleted`, kept after the comment is gone; an appended entry sorts with them', async () => {
      const { store, audit } = await fresh();
      const c = await store.create(newComment({ siteId: 'audited' }));
      await store.transition(c.id, { from: ['pending'], to: 'published', by: 'classifier' });
      await audit.append({ commentId: c.id, siteId: 'audited', actor: 'site-backend:audited', actorName: null, from: 'published', to: 'published', reasons: ['backend'], note: null });
      await new Promise((r) => setTimeout(r, 2));
      assert.ok(await store.delete(c.id, { audit: { actor: 'moderator', actorName: 'moderator', reasons: [], note: null } }));
      assert.equal(await store.delete(c.id, { audit: { actor: 'moderator', actorName: 'moderator', reasons: [], note: null } }), null);
      const history = await audit.history(c.id);
      assert.deepEqual(history.map((e) => [e.actor, e.from, e.to]), [
        ['site-backend:audited', 'published', 'published'],
        ['moderator', 'published', 'deleted'],
      ]);
      assert.equal((await audit.list({ siteId: 'audited' }, { limit: 10 })).entries[0]!.to, 'deleted');
      assert.equal(await audit.forget([c.id]), 2);
      assert.deepEqual(await audit.history(c.id), []);
    });
  
    test('old spam deleted by retention → an entry from spam to `deleted` by `retention`; spam kept for now → none', async () => {
      const { store, audit } = await fresh();
      const old = await store.create(newComment({ siteId: 'audited' }));
      await store.transition(old.id, { from: ['pending'], to: 'spam', by: 'classifier', audit: { actor: 'classifier', actorName: null, reasons: ['spam'], note: null } });
      const decided = await store.get(old.id);
      const cutoff = Math.max(Date.parse(decided!.decidedAt!), Date.parse(decided!.createdAt)) + 1;
      await new Promise((r) => setTimeout(r, 2));
      const recent = await store.create(newComment({ siteId: 'audited' }));
      await store.transition(recent.id, { from: ['pending'], to: 'spam', by: 'classifier' });
      assert.equal((await store.deleteSpam(cutoff, 10)).deleted, 1);
      assert.equal(await store.get(old.id), null);
      assert.deepEqual((await audit.history(old.id)).map((e) => [e.actor, e.from, e.to, e.siteId, e.reasons]), [
        ['classifier', 'pending', 'spam', 'audited', ['spam']],
        ['retention', 'spam', 'deleted', 'audited', ['retention:old-spam']],
      ]);
      assert.deepEqual(await audit.history(recent.id), []);
      assert.deepEqual((await audit.list({ actor: 'retention', siteId: 'audited' }, { limit: 10 })).entries.map((e) => e.commentId), [old.id]);
    });
  });
}
