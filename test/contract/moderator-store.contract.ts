/** What every ModeratorStore must do: unique names regardless of case, patches, hashed tokens and revocation, expiring sessions. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ModeratorInputError, type ModeratorStore, type NewModerator } from '../../src/store/moderator-store.ts';
import { realTime, type Fresh, type LetTimePass } from './comment-store.contract.ts';

const ann = (patch: Partial<NewModerator> = {}): NewModerator => ({ name: 'ann', role: 'moderator', sites: ['news'], passwordHash: 'scrypt$x', ...patch });

export function moderatorStoreContract(impl: string, fresh: Fresh<ModeratorStore>, letTimePass: LetTimePass = realTime): void {
  describe(`ModeratorStore contract: ${impl}`, () => {
    test('create → found by id and by name in any case; a taken name, in any case, → ModeratorInputError', async () => {
      const store = await fresh();
      const m = await store.create(ann());
      assert.match(m.id, /^mod_[0-9a-f]{16}$/);
      assert.deepEqual(await store.get(m.id), m);
      assert.deepEqual(await store.getByName('ANN'), m);
      assert.equal(m.disabled, false);
      await assert.rejects(store.create(ann({ name: 'Ann' })), ModeratorInputError);
      assert.equal(await store.get('mod_nope'), null);
      assert.equal(await store.getByName('bob'), null);
    });

    test('list → every moderator, oldest first', async () => {
      const store = await fresh();
      const a = await store.create(ann());
      await new Promise((r) => setTimeout(r, 2));
      const b = await store.create(ann({ name: 'bob', role: 'admin', sites: [], passwordHash: null }));
      assert.deepEqual((await store.list()).map((m) => m.name), [a.name, b.name]);
      assert.equal((await store.list())[1]!.passwordHash, null);
    });

    test('update patches only the given fields; an unknown id → null', async () => {
      const store = await fresh();
      const m = await store.create(ann());
      const u = await store.update(m.id, { role: 'admin', sites: ['a', 'b'] });
      assert.deepEqual(u, { ...m, role: 'admin', sites: ['a', 'b'] });
      const d = await store.update(m.id, { disabled: true, passwordHash: null });
      assert.equal(d!.disabled, true);
      assert.equal(d!.passwordHash, null);
      assert.deepEqual(d!.sites, ['a', 'b']);
      assert.equal(await store.update('mod_nope', { disabled: true }), null);
    });

    test('tokens resolve by hash to their moderator until revoked; revocation counts them', async () => {
      const store = await fresh();
      const m = await store.create(ann());
      const other = await store.create(ann({ name: 'bob' }));
      assert.equal(await store.addToken(m.id, 'h1'), true);
      assert.equal(await store.addToken(m.id, 'h2'), true);
      assert.equal(await store.addToken(other.id, 'h3'), true);
      assert.equal(await store.addToken('mod_nope', 'h4'), false);
      assert.equal(await store.moderatorIdForToken('h1'), m.id);
      assert.equal(await store.moderatorIdForToken('h4'), null);
      assert.equal(await store.revokeTokens(m.id), 2);
      assert.equal(await store.moderatorIdForToken('h1'), null);
      assert.equal(await store.moderatorIdForToken('h2'), null);
      assert.equal(await store.moderatorIdForToken('h3'), other.id);
      assert.equal(await store.revokeTokens(m.id), 0);
    });

    test('sessions: found until deleted, one at a time or all of a moderator’s at once', async () => {
      const store = await fresh();
      const m = await store.create(ann());
      const other = await store.create(ann({ name: 'bob' }));
      const s = { moderatorId: m.id, csrfToken: 'c', expiresAt: new Date(Date.now() + 60_000).toISOString() };
      await store.createSession('s1', s, 60);
      await store.createSession('s2', s, 60);
      await store.createSession('s3', { ...s, moderatorId: other.id }, 60);
      assert.deepEqual(await store.getSession('s1'), s);
      await store.deleteSession('s1');
      assert.equal(await store.getSession('s1'), null);
      assert.equal(await store.deleteSessions(m.id), 1);
      assert.equal(await store.getSession('s2'), null);
      assert.equal((await store.getSession('s3'))!.moderatorId, other.id);
      assert.equal(await store.getSession('nope'), null);
    });

    test('a session expires after its TTL', async () => {
      const store = await fresh();
      const m = await store.create(ann());
      await store.createSession('s1', { moderatorId: m.id, csrfToken: 'c', expiresAt: new Date(Date.now() + 1000).toISOString() }, 1);
      assert.ok(await store.getSession('s1'));
      await letTimePass(1100);
      assert.equal(await store.getSession('s1'), null);
    });
  });
}
