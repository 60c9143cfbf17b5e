/**
 * What every ModeratorStore must do: unique names regardless of case, patches, hashed tokens with their listing and
 * revocation one at a time or all at once, expiring sessions, and the log of account changes written with the change.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ModeratorInputError, tokenIdOf, type AccountChange, type ModeratorStore, type NewModerator } from '../../src/store/moderator-store.ts';
import { realTime, type Fresh, type LetTimePass } from './comment-store.contract.ts';

const ann = (patch: Partial<NewModerator> = {}): NewModerator => ({ name: 'ann', role: 'moderator', sites: ['news'], passwordHash: 'scrypt$x', ...patch });
const by = (action: AccountChange['action'], moderatorName = 'ann', detail: Record<string, unknown> = {}): AccountChange => ({ actor: 'mod_admin', actorName: 'root', action, moderatorName, detail });
/** Token hashes as the service makes them: 64 hex digits, ids their first 16. */
const hash = (n: number) => String(n).repeat(64).slice(0, 64).replace(/[^0-9]/g, '0');

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

    test('tokens list by id, prefix, label and time (older tokens without them); one is revoked by its id, the others keep working', async () => {
      const store = await fresh();
      const m = await store.create(ann());
      const other = await store.create(ann({ name: 'bob' }));
      const [h1, h2, h3] = [hash(1), hash(2), hash(3)];
      await store.addToken(m.id, h1);
      await store.addToken(m.id, h2, { prefix: 'cmt_AAAA', label: 'ci', createdAt: '2026-01-01T00:00:00.000Z' });
      await store.addToken(other.id, h3, { prefix: 'cmt_BBBB', label: null, createdAt: '2026-01-02T00:00:00.000Z' });
      assert.deepEqual(await store.listTokens(m.id), [
        { id: tokenIdOf(h1), prefix: null, label: null, createdAt: null },
        { id: tokenIdOf(h2), prefix: 'cmt_AAAA', label: 'ci', createdAt: '2026-01-01T00:00:00.000Z' },
      ]);
      assert.equal(await store.revokeToken(m.id, tokenIdOf(h3)), false, 'another moderator’s token is not this one’s to revoke');
      assert.equal(await store.revokeToken(m.id, 'nope'), false);
      assert.equal(await store.revokeToken(m.id, tokenIdOf(h2)), true);
      assert.equal(await store.moderatorIdForToken(h2), null);
      assert.equal(await store.moderatorIdForToken(h1), m.id);
      assert.equal(await store.moderatorIdForToken(h3), other.id);
      assert.deepEqual((await store.listTokens(m.id)).map((t) => t.id), [tokenIdOf(h1)]);
      assert.equal(await store.revokeToken(m.id, tokenIdOf(h2)), false, 'once only');
      assert.equal(await store.revokeTokens(m.id), 1);
      assert.deepEqual(await store.listTokens(m.id), []);
    });

    test('account changes are logged with the change, newest first, by account and since, paginated; refused or empty changes log nothing', async () => {
      const store = await fresh();
      const m = await store.create(ann(), by('add', 'ann', { role: 'moderator' }));
      const other = await store.create(ann({ name: 'bob' }), by('add', 'bob'));
      await letTimePass(5);
      await store.update(m.id, { role: 'admin' }, by('set-role', 'ann', { from: 'moderator', to: 'admin' }));
      assert.equal(await store.update('mod_nope', { role: 'admin' }, by('set-role', 'nobody')), null);
      await store.addToken(m.id, hash(4), { prefix: 'cmt_CCCC', label: null, createdAt: new Date().toISOString() }, by('token-issued', 'ann', { tokenId: tokenIdOf(hash(4)) }));
      assert.equal(await store.addToken('mod_nope', hash(5), undefined, by('token-issued', 'nobody')), false);
      assert.equal(await store.revokeToken(m.id, 'nope', by('token-revoked', 'ann')), false);
      assert.equal(await store.revokeTokens(other.id, by('tokens-revoked', 'bob')), 0);
      assert.equal(await store.revokeTokens(m.id, by('tokens-revoked', 'ann')), 1);
      await store.update(other.id, { disabled: true });

      const all = await store.listChanges({}, { limit: 10 });
      assert.deepEqual(
        all.entries.map((e) => [e.action, e.moderatorId, e.moderatorName]),
        [
          ['tokens-revoked', m.id, 'ann'],
          ['token-issued', m.id, 'ann'],
          ['set-role', m.id, 'ann'],
          ['add', other.id, 'bob'],
          ['add', m.id, 'ann'],
        ],
      );
      assert.equal(all.nextCursor, null);
      const [revoked, , role] = all.entries;
      assert.deepEqual(revoked!.detail, { count: 1 });
      assert.deepEqual(role!.detail, { from: 'moderator', to: 'admin' });
      assert.equal(role!.actor, 'mod_admin');
      assert.equal(role!.actorName, 'root');
      assert.ok(!Number.isNaN(Date.parse(role!.at)) && typeof role!.id === 'string');
      assert.equal(new Set(all.entries.map((e) => e.id)).size, 5);

      assert.deepEqual((await store.listChanges({ moderatorId: other.id }, { limit: 10 })).entries.map((e) => e.action), ['add']);
      const afterAdds = Date.parse(all.entries[3]!.at) + 1;
      assert.deepEqual((await store.listChanges({ sinceMs: afterAdds }, { limit: 10 })).entries.map((e) => e.action), ['tokens-revoked', 'token-issued', 'set-role']);
      const first = await store.listChanges({ moderatorId: m.id }, { limit: 2 });
      assert.deepEqual(first.entries.map((e) => e.action), ['tokens-revoked', 'token-issued']);
      assert.ok(first.nextCursor);
      const second = await store.listChanges({ moderatorId: m.id }, { limit: 2, cursor: first.nextCursor });
      assert.deepEqual(second.entries.map((e) => e.action), ['set-role', 'add']);
      assert.equal(second.nextCursor, null);
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
