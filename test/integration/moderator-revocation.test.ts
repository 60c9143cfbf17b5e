/**
 * Disabling a moderator, or revoking its tokens, on real Redis with two API processes sharing it: its personal
 * token and its dashboard session are refused by both processes within 5 s (each request re-reads the account).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { startTestStack, type TestStack } from '../support/harness.ts';
import { startApi, type ApiHandle } from '../../src/server.ts';
import { moderatorsCli } from '../support/moderators.ts';

let stack: TestStack;
let second: ApiHandle;
const PASSWORD = 'a long enough password';

before(async () => {
  stack = await startTestStack({ worker: false });
  second = await startApi(stack.config, pino({ level: 'silent' }));
});
after(async () => {
  await second?.close();
  await stack?.stop();
});

describe('disabling a moderator', () => {
  test('its token and session stop working on every API process within 5 s', async () => {
    await moderatorsCli(stack, ['add', '--name', 'mallory', '--role', 'moderator', '--sites', 'default', '--password-stdin'], PASSWORD);
    const { token } = (await moderatorsCli(stack, ['token', '--name', 'mallory'])) as { token: string };
    const signIn = await fetch(`${stack.origin}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'mallory', password: PASSWORD }),
    });
    assert.equal(signIn.status, 200);
    const cookie = String(signIn.headers.get('set-cookie')).split(';')[0]!;
    const origins = [stack.origin, second.url.replace(/\/$/, '')];
    const statuses = async () =>
      Promise.all(
        origins.flatMap((o) => [
          fetch(`${o}/api/v1/moderation/stats`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.status),
          fetch(`${o}/api/v1/moderation/stats`, { headers: { Cookie: cookie } }).then((r) => r.status),
        ]),
      );
    assert.deepEqual(await statuses(), [200, 200, 200, 200]);
    const disabledAt = Date.now();
    await moderatorsCli(stack, ['disable', '--name', 'mallory']);
    await stack.waitFor(async () => (await statuses()).every((s) => s === 401 || s === 403), 5000);
    assert.ok(Date.now() - disabledAt < 5000);
    assert.deepEqual(await statuses(), [403, 401, 403, 401]);
  });

  test('a token revoked through the admin API on one process is refused by every process within 5 s; the account stays usable', async () => {
    const { id } = (await moderatorsCli(stack, ['add', '--name', 'rupert', '--role', 'moderator', '--sites', 'default'])) as { id: string };
    const { token } = (await moderatorsCli(stack, ['token', '--name', 'rupert'])) as { token: string };
    const origins = [stack.origin, second.url.replace(/\/$/, '')];
    const statuses = () => Promise.all(origins.map((o) => fetch(`${o}/api/v1/moderation/stats`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.status)));
    assert.deepEqual(await statuses(), [200, 200]);
    const revokedAt = Date.now();
    const revoke = await fetch(`${origins[1]}/api/v1/moderators/${id}/tokens`, { method: 'DELETE', headers: { Authorization: `Bearer ${stack.moderatorToken}` } });
    assert.deepEqual([revoke.status, await revoke.json()], [200, { revoked: 1 }]);
    await stack.waitFor(async () => (await statuses()).every((s) => s === 403), 5000);
    assert.ok(Date.now() - revokedAt < 5000);
    const issued = await fetch(`${origins[0]}/api/v1/moderators/${id}/tokens`, { method: 'POST', headers: { Authorization: `Bearer ${stack.moderatorToken}` } });
    const fresh = ((await issued.json()) as { token: string }).token;
    for (const o of origins) assert.equal((await fetch(`${o}/api/v1/moderation/stats`, { headers: { Authorization: `Bearer ${fresh}` } })).status, 200);
  });

  test('one token revoked by its id (npm run moderators -- token --revoke --id) is refused by every process within 5 s; the other still works', async () => {
    await moderatorsCli(stack, ['add', '--name', 'sybil', '--role', 'moderator', '--sites', 'default']);
    const { token: kept } = (await moderatorsCli(stack, ['token', '--name', 'sybil', '--label', 'kept'])) as { token: string };
    const { token: leaked } = (await moderatorsCli(stack, ['token', '--name', 'sybil', '--label', 'leaked'])) as { token: string };
    const { tokens } = (await moderatorsCli(stack, ['token', '--name', 'sybil', '--list'])) as { tokens: { id: string; label: string }[] };
    const leakedId = tokens.find((t) => t.label === 'leaked')!.id;
    const origins = [stack.origin, second.url.replace(/\/$/, '')];
    const statuses = () =>
      Promise.all(origins.flatMap((o) => [kept, leaked].map((t) => fetch(`${o}/api/v1/moderation/stats`, { headers: { Authorization: `Bearer ${t}` } }).then((r) => r.status))));
    assert.deepEqual(await statuses(), [200, 200, 200, 200]);
    const revokedAt = Date.now();
    assert.deepEqual(await moderatorsCli(stack, ['token', '--name', 'sybil', '--revoke', '--id', leakedId]), { revoked: 1 });
    await stack.waitFor(async () => (await statuses()).join() === '200,403,200,403', 5000);
    assert.ok(Date.now() - revokedAt < 5000);
  });
});
