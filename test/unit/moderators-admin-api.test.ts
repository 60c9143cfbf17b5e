/**
 * Managing moderators over HTTP (/api/v1/moderators) through createApp on in-memory stores: admins list,
 * add, change, disable, set passwords and issue or revoke tokens; everyone else gets 403; and what the
 * API does is what the CLI does (same accounts, same effects on sessions and tokens).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { startMemoryStack, type MemoryStack } from '../support/memory-app.ts';

let stack: MemoryStack;
const PASSWORD = 'correct horse battery';
const tokens = { admin: '', mod: '' };
let adminId = '';
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
const api = () => request(stack.origin);

async function cliJson(args: string[], stdin = ''): Promise<any> {
  const r = await stack.moderatorsCli([...args, '--json'], stdin);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

before(async () => {
  stack = await startMemoryStack();
  await stack.addSite('News', ['--id', 'news']);
  adminId = (await cliJson(['add', '--name', 'ada', '--role', 'admin', '--password-stdin'], PASSWORD)).id;
  await cliJson(['add', '--name', 'moe', '--role', 'moderator', '--sites', 'news']);
  tokens.admin = (await cliJson(['token', '--name', 'ada'])).token;
  tokens.mod = (await cliJson(['token', '--name', 'moe'])).token;
});
after(() => stack.stop());

describe('/api/v1/moderators', () => {
  test('POST by an admin → 201 with the account; it is listed, the CLI sees it, and no hash or token is ever shown', async () => {
    const added = await api().post('/api/v1/moderators').set(bearer(tokens.admin)).send({ name: 'nina', role: 'moderator', sites: ['news'], password: PASSWORD }).expect(201);
    assert.deepEqual({ ...added.body, id: undefined, createdAt: undefined }, { id: undefined, createdAt: undefined, name: 'nina', role: 'moderator', sites: ['news'], disabled: false });
    assert.equal(added.headers.location, `/api/v1/moderators/${added.body.id}`);
    const list = await api().get('/api/v1/moderators').set(bearer(stack.moderatorToken)).expect(200);
    assert.ok(list.body.moderators.some((m: { id: string }) => m.id === added.body.id));
    assert.equal(list.headers['cache-control'], 'no-store');
    assert.doesNotMatch(JSON.stringify(list.body), /scrypt|cmt_/);
    assert.ok((await cliJson(['list'])).some((m: { name: string }) => m.name === 'nina'));
    await api().post('/api/v1/session').send({ name: 'nina', password: PASSWORD }).expect(200);
    const one = await api().get(`/api/v1/moderators/${added.body.id}`).set(bearer(tokens.admin)).expect(200);
    assert.deepEqual(one.body, added.body);
  });

  test('POST with a taken name (any case) → 409 moderator_exists; bad fields → 400 naming each; not JSON → 415', async () => {
    const taken = await api().post('/api/v1/moderators').set(bearer(tokens.admin)).send({ name: 'ADA', role: 'admin' }).expect(409);
    assert.equal(taken.body.error, 'moderator_exists');
    const bad = await api().post('/api/v1/moderators').set(bearer(tokens.admin)).send({ name: 'rule:x', role: 'owner', sites: ['Not A Site'], password: 'short' }).expect(400);
    assert.deepEqual(Object.keys(bad.body.fields).sort(), ['name', 'password', 'role', 'sites']);
    const reserved = await api().post('/api/v1/moderators').set(bearer(tokens.admin)).send({ name: 'classifier', role: 'admin' }).expect(400);
    assert.match(reserved.body.fields.name, /reserved/);
    await api().post('/api/v1/moderators').set(bearer(tokens.admin)).type('form').send({ name: 'x1', role: 'admin' }).expect(415);
    assert.equal(await stack.moderators.getByName('x1'), null);
  });

  test('a moderator → 403 on every /api/v1/moderators route, and nothing changes; no credential → 401', async () => {
    const moe = (await stack.moderators.getByName('moe'))!;
    const calls: Array<[string, () => request.Test]> = [
      ['list', () => api().get('/api/v1/moderators')],
      ['add', () => api().post('/api/v1/moderators').send({ name: 'sneaky', role: 'admin' })],
      ['read', () => api().get(`/api/v1/moderators/${moe.id}`)],
      ['change', () => api().patch(`/api/v1/moderators/${moe.id}`).send({ role: 'admin' })],
      ['password', () => api().post(`/api/v1/moderators/${moe.id}/password`).send({ password: 'a new long password' })],
      ['issue token', () => api().post(`/api/v1/moderators/${moe.id}/tokens`)],
      ['revoke tokens', () => api().delete(`/api/v1/moderators/${moe.id}/tokens`)],
    ];
    for (const [what, call] of calls) {
      const res = await call().set(bearer(tokens.mod));
      assert.equal(res.status, 403, what);
      assert.equal(res.body.error, 'forbidden');
    }
    await api().get('/api/v1/moderators').expect(401);
    assert.equal(await stack.moderators.getByName('sneaky'), null);
    assert.deepEqual(await stack.moderators.get(moe.id), moe);
    await api().get('/api/v1/moderation/stats').set(bearer(tokens.mod)).expect(200);
  });

  test('PATCH changes role and sites; disabled: true ends sessions and revokes tokens at once, false lets them sign in again', async () => {
    const pat = (await cliJson(['add', '--name', 'pat', '--role', 'moderator', '--password-stdin'], PASSWORD)).id as string;
    const token = (await api().post(`/api/v1/moderators/${pat}/tokens`).set(bearer(tokens.admin)).expect(201)).body.token as string;
    assert.match(token, /^cmt_[A-Za-z0-9_-]{32}$/);
    const session = await api().post('/api/v1/session').send({ name: 'pat', password: PASSWORD }).expect(200);
    const cookie = String(session.headers['set-cookie']?.[0]).split(';')[0]!;
    const sites = await api().patch(`/api/v1/moderators/${pat}`).set(bearer(tokens.admin)).send({ sites: ['news'] }).expect(200);
    assert.deepEqual(sites.body.sites, ['news']);
    await api().get('/api/v1/moderation/stats?siteId=news').set(bearer(token)).expect(200);
    const disabled = await api().patch(`/api/v1/moderators/${pat}`).set(bearer(tokens.admin)).send({ disabled: true }).expect(200);
    assert.equal(disabled.body.disabled, true);
    await api().get('/api/v1/moderation/stats').set(bearer(token)).expect(403);
    await api().get('/api/v1/session').set('Cookie', cookie).expect(401);
    await api().post('/api/v1/session').send({ name: 'pat', password: PASSWORD }).expect(401);
    await api().patch(`/api/v1/moderators/${pat}`).set(bearer(tokens.admin)).send({ disabled: false, role: 'admin' }).expect(200);
    await api().post('/api/v1/session').send({ name: 'pat', password: PASSWORD }).expect(200);
    assert.equal((await stack.moderators.get(pat))!.role, 'admin');
    // A token revoked by disabling stays revoked after enabling.
    await api().get('/api/v1/moderation/stats').set(bearer(token)).expect(403);
    await api().patch(`/api/v1/moderators/${pat}`).set(bearer(tokens.admin)).send({}).expect(400);
    await api().patch(`/api/v1/moderators/${pat}`).set(bearer(tokens.admin)).send({ sites: ['news'], owner: true }).expect(400);
    await api().patch('/api/v1/moderators/mod_missing').set(bearer(tokens.admin)).send({ role: 'admin' }).expect(404);
  });

  test('an admin can’t disable or demote the account it is using (400); other changes to it are fine', async () => {
    const self = await api().patch(`/api/v1/moderators/${adminId}`).set(bearer(tokens.admin)).send({ disabled: true }).expect(400);
    assert.ok(self.body.fields.disabled);
    await api().patch(`/api/v1/moderators/${adminId}`).set(bearer(tokens.admin)).send({ role: 'moderator' }).expect(400);
    assert.equal((await stack.moderators.get(adminId))!.disabled, false);
    await api().patch(`/api/v1/moderators/${adminId}`).set(bearer(tokens.admin)).send({ sites: ['news'] }).expect(200);
  });

  test('POST …/password sets the password and ends the sessions made with the old one', async () => {
    const quinn = (await cliJson(['add', '--name', 'quinn', '--role', 'moderator', '--password-stdin'], PASSWORD)).id as string;
    const old = await api().post('/api/v1/session').send({ name: 'quinn', password: PASSWORD }).expect(200);
    await api().post(`/api/v1/moderators/${quinn}/password`).set(bearer(tokens.admin)).send({ password: 'short' }).expect(400);
    await api().post(`/api/v1/moderators/${quinn}/password`).set(bearer(tokens.admin)).send({ password: 'a brand new password' }).expect(200);
    await api().get('/api/v1/session').set('Cookie', String(old.headers['set-cookie']?.[0]).split(';')[0]!).expect(401);
    await api().post('/api/v1/session').send({ name: 'quinn', password: PASSWORD }).expect(401);
    await api().post('/api/v1/session').send({ name: 'quinn', password: 'a brand new password' }).expect(200);
  });

  test('tokens: each POST issues a new one shown once; DELETE revokes them all and says how many; a disabled moderator gets none', async () => {
    const rita = (await cliJson(['add', '--name', 'rita', '--role', 'moderator', '--sites', 'news'])).id as string;
    const a = (await api().post(`/api/v1/moderators/${rita}/tokens`).set(bearer(tokens.admin)).expect(201)).body.token;
    const b = (await api().post(`/api/v1/moderators/${rita}/tokens`).set(bearer(tokens.admin)).expect(201)).body.token;
    assert.notEqual(a, b);
    for (const t of [a, b]) await api().get('/api/v1/moderation/stats').set(bearer(t)).expect(200);
    assert.deepEqual((await api().delete(`/api/v1/moderators/${rita}/tokens`).set(bearer(tokens.admin)).expect(200)).body, { revoked: 2 });
    for (const t of [a, b]) await api().get('/api/v1/moderation/stats').set(bearer(t)).expect(403);
    await api().patch(`/api/v1/moderators/${rita}`).set(bearer(tokens.admin)).send({ disabled: true }).expect(200);
    await api().post(`/api/v1/moderators/${rita}/tokens`).set(bearer(tokens.admin)).expect(400);
    await api().post('/api/v1/moderators/mod_missing/tokens').set(bearer(tokens.admin)).expect(404);
  });

  test('tokens one by one: a label, a listing by id and prefix (never the token), revoking one leaves the others working; unknown → 404', async () => {
    const tess = (await cliJson(['add', '--name', 'tess', '--role', 'moderator', '--sites', 'news'])).id as string;
    const ci = (await api().post(`/api/v1/moderators/${tess}/tokens`).set(bearer(tokens.admin)).send({ label: 'CI deploys' }).expect(201)).body;
    const laptop = (await api().post(`/api/v1/moderators/${tess}/tokens`).set(bearer(tokens.admin)).expect(201)).body;
    assert.deepEqual(Object.keys(ci).sort(), ['id', 'token']);
    assert.match(ci.id, /^[0-9a-f]{16}$/);
    assert.equal(ci.id, createHash('sha256').update(ci.token).digest('hex').slice(0, 16), 'the id is what its holder can compute from the token');
    const listed = await api().get(`/api/v1/moderators/${tess}/tokens`).set(bearer(tokens.admin)).expect(200);
    // Oldest first; two issued within one millisecond may list in either order.
    assert.deepEqual(
      [...listed.body.tokens].sort((a: any) => (a.label ? -1 : 1)).map((t: any) => [t.id, t.prefix, t.label]),
      [
        [ci.id, ci.token.slice(0, 8), 'CI deploys'],
        [laptop.id, laptop.token.slice(0, 8), null],
      ],
    );
    assert.ok(listed.body.tokens.every((t: any) => !Number.isNaN(Date.parse(t.createdAt))));
    assert.doesNotMatch(JSON.stringify(listed.body), new RegExp(`${ci.token.slice(8)}|${laptop.token.slice(8)}`));
    assert.deepEqual((await api().delete(`/api/v1/moderators/${tess}/tokens/${ci.id}`).set(bearer(tokens.admin)).expect(200)).body, { revoked: 1 });
    await api().get('/api/v1/moderation/stats').set(bearer(ci.token)).expect(403);
    await api().get('/api/v1/moderation/stats').set(bearer(laptop.token)).expect(200);
    assert.deepEqual((await api().get(`/api/v1/moderators/${tess}/tokens`).set(bearer(tokens.admin)).expect(200)).body.tokens.map((t: any) => t.id), [laptop.id]);
    // Revoked already, another moderator's token, an unknown account: 404, and nothing else is revoked.
    assert.equal((await api().delete(`/api/v1/moderators/${tess}/tokens/${ci.id}`).set(bearer(tokens.admin)).expect(404)).body.error, 'not_found');
    const adaTokenId = createHash('sha256').update(tokens.admin).digest('hex').slice(0, 16);
    await api().delete(`/api/v1/moderators/${tess}/tokens/${adaTokenId}`).set(bearer(tokens.admin)).expect(404);
    await api().delete(`/api/v1/moderators/mod_missing/tokens/${laptop.id}`).set(bearer(tokens.admin)).expect(404);
    await api().get('/api/v1/moderation/stats').set(bearer(laptop.token)).expect(200);
    const long = await api().post(`/api/v1/moderators/${tess}/tokens`).set(bearer(tokens.admin)).send({ label: 'x'.repeat(101) }).expect(400);
    assert.ok(long.body.fields.label);
  });

  test('npm run moderators -- token --list and --revoke --id do the same; token --json still prints exactly {token}', async () => {
    await cliJson(['add', '--name', 'uma', '--role', 'moderator', '--sites', 'news']);
    const first = await cliJson(['token', '--name', 'uma', '--label', 'backup script']);
    assert.deepEqual(Object.keys(first), ['token']);
    const second = await cliJson(['token', '--name', 'uma']);
    // Issued within the same millisecond, the two may list in either order.
    const listed = ((await cliJson(['token', '--name', 'uma', '--list'])).tokens as { id: string; prefix: string; label: string | null }[]).sort((a) => (a.label ? -1 : 1));
    assert.deepEqual(listed.map((t) => [t.prefix, t.label]), [[first.token.slice(0, 8), 'backup script'], [second.token.slice(0, 8), null]]);
    const text = await stack.moderatorsCli(['token', '--name', 'uma', '--list']);
    assert.match(text.stdout, new RegExp(`^${listed[0]!.id}\\t${first.token.slice(0, 8)}…\\t.*\\tbackup script$`, 'm'));
    assert.deepEqual(await cliJson(['token', '--name', 'uma', '--revoke', '--id', listed[0]!.id]), { revoked: 1 });
    await api().get('/api/v1/moderation/stats').set(bearer(first.token)).expect(403);
    await api().get('/api/v1/moderation/stats').set(bearer(second.token)).expect(200);
    const again = await stack.moderatorsCli(['token', '--name', 'uma', '--revoke', '--id', listed[0]!.id]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /no token/);
    assert.equal((await stack.moderatorsCli(['token', '--name', 'uma', '--id', listed[1]!.id])).code, 2, '--id without --revoke');
    assert.equal((await stack.moderatorsCli(['token', '--name', 'uma', '--list', '--revoke'])).code, 2);
    await api().get('/api/v1/moderation/stats').set(bearer(second.token)).expect(200);
  });

  test('the log of account changes: API and CLI changes with who made them, newest first, per account; admins only; no secrets', async () => {
    const vic = (await api().post('/api/v1/moderators').set(bearer(tokens.admin)).send({ name: 'vic', role: 'moderator', sites: ['news'], password: PASSWORD }).expect(201)).body.id as string;
    await api().patch(`/api/v1/moderators/${vic}`).set(bearer(stack.moderatorToken)).send({ sites: ['news', 'sport'] }).expect(200);
    const issued = (await api().post(`/api/v1/moderators/${vic}/tokens`).set(bearer(tokens.admin)).send({ label: 'feed' }).expect(201)).body;
    await api().post(`/api/v1/moderators/${vic}/password`).set(bearer(tokens.admin)).send({ password: 'another long password' }).expect(200);
    await cliJson(['set-role', '--name', 'vic', '--role', 'admin']);
    await cliJson(['disable', '--name', 'vic']);

    const res = await api().get('/api/v1/moderators/changes?moderator=vic').set(bearer(tokens.admin)).expect(200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const rows = res.body.entries.map((e: any) => [e.action, e.actor, e.actorName, e.moderatorId, e.moderatorName]);
    assert.deepEqual(rows.map((r: string[]) => r[0]), ['tokens-revoked', 'disable', 'set-role', 'set-password', 'token-issued', 'set-sites', 'add']);
    assert.ok(rows.every((r: string[]) => r[3] === vic && r[4] === 'vic'));
    const byAction = Object.fromEntries(res.body.entries.map((e: any) => [e.action, e]));
    assert.deepEqual([byAction.add.actor, byAction.add.actorName], [adminId, 'ada']);
    assert.deepEqual([byAction['set-sites'].actor, byAction['set-sites'].actorName], ['moderator', 'moderator']);
    assert.deepEqual(byAction['set-sites'].detail, { from: ['news'], to: ['news', 'sport'] });
    assert.deepEqual(byAction['token-issued'].detail, { tokenId: issued.id, label: 'feed' });
    assert.equal(byAction['set-role'].actor, 'cli');
    assert.deepEqual(byAction['set-role'].detail, { from: 'moderator', to: 'admin' });
    assert.deepEqual(byAction['tokens-revoked'].detail, { because: 'disable', count: 1 });
    assert.doesNotMatch(JSON.stringify(res.body), new RegExp(`${PASSWORD}|another long password|scrypt|${issued.token}`));
    // By id too; pages; since; the CLI reads the same log.
    const page = await api().get(`/api/v1/moderators/changes?moderator=${vic}&limit=2`).set(bearer(tokens.admin)).expect(200);
    assert.deepEqual(page.body.entries.map((e: any) => e.action), ['tokens-revoked', 'disable']);
    const next = await api().get(`/api/v1/moderators/changes?moderator=${vic}&limit=5&cursor=${page.body.nextCursor}`).set(bearer(tokens.admin)).expect(200);
    assert.deepEqual(next.body.entries.map((e: any) => e.action), ['set-role', 'set-password', 'token-issued', 'set-sites', 'add']);
    const future = await api().get(`/api/v1/moderators/changes?since=${Date.now() + 60_000}`).set(bearer(tokens.admin)).expect(200);
    assert.deepEqual(future.body.entries, []);
    await api().get('/api/v1/moderators/changes?since=yesterday').set(bearer(tokens.admin)).expect(400);
    assert.deepEqual((await api().get('/api/v1/moderators/changes?moderator=nobody').set(bearer(tokens.admin)).expect(200)).body.entries, []);
    assert.ok((await api().get('/api/v1/moderators/changes').set(bearer(tokens.admin)).expect(200)).body.entries.some((e: any) => e.moderatorName === 'ada'));
    const cli = await cliJson(['changes', '--name', 'vic', '--limit', '3']);
    assert.deepEqual(cli.entries.map((e: any) => e.action), ['tokens-revoked', 'disable', 'set-role']);
    await api().get('/api/v1/moderators/changes').set(bearer(tokens.mod)).expect(403);
  });

  test('with an admin’s session cookie: reads need nothing more, changes need X-CSRF-Token', async () => {
    const signIn = await api().post('/api/v1/session').send({ name: 'ada', password: PASSWORD }).expect(200);
    const cookie = String(signIn.headers['set-cookie']?.[0]).split(';')[0]!;
    await api().get('/api/v1/moderators').set('Cookie', cookie).expect(200);
    const refused = await api().post('/api/v1/moderators').set('Cookie', cookie).send({ name: 'sam', role: 'moderator' }).expect(403);
    assert.equal(refused.body.error, 'csrf_failed');
    assert.equal(await stack.moderators.getByName('sam'), null);
    await api().post('/api/v1/moderators').set('Cookie', cookie).set('X-CSRF-Token', signIn.body.csrfToken).send({ name: 'sam', role: 'moderator' }).expect(201);
  });
});
