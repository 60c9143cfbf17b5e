/**
 * Managing moderators over HTTP (/api/v1/moderators) through createApp on in-memory stores: admins list,
 * add, change, disable, set passwords and issue or revoke tokens; everyone else gets 403; and what the
 * API does is what the CLI does (same accounts, same effects on sessions and tokens).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
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
