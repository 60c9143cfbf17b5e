/**
 * Named moderators through createApp on in-memory stores: the moderators CLI, personal tokens, roles and
 * site scoping on every moderation route (table-driven), sessions with CSRF, sign-out, disabling, and the
 * sign-in rate limit. MODERATOR_TOKEN keeps working as the bootstrap admin throughout.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startMemoryStack, type CreatedSite, type MemoryStack } from '../support/memory-app.ts';

let stack: MemoryStack;
let news: CreatedSite;
let sport: CreatedSite;
/** Personal tokens: an admin, a moderator of news, a moderator of news and sport. */
const tokens: Record<'admin' | 'newsMod' | 'bothMod', string> = { admin: '', newsMod: '', bothMod: '' };
const PASSWORD = 'correct horse battery';

async function submit(site: CreatedSite, text: string): Promise<string> {
  const res = await request(stack.origin)
    .post('/api/v1/comments')
    .set('Authorization', `Bearer ${site.apiKey}`)
    .send({ threadId: 't1', name: 'Reader', email: 'reader@example.com', comment: text })
    .expect(202);
  return res.body.id as string;
}

async function cli(args: string[], stdin?: string): Promise<unknown> {
  const r = await stack.moderatorsCli(args, stdin);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

before(async () => {
  stack = await startMemoryStack();
  news = await stack.addSite('News', ['--id', 'news']);
  sport = await stack.addSite('Sport', ['--id', 'sport']);
  await stack.registry.refresh();
  await cli(['add', '--name', 'alice', '--role', 'admin', '--json']);
  await cli(['add', '--name', 'bob', '--role', 'moderator', '--sites', 'news', '--password-stdin', '--json'], `${PASSWORD}\n`);
  await cli(['add', '--name', 'carol', '--role', 'moderator', '--sites', 'news,sport', '--json']);
  tokens.admin = ((await cli(['token', '--name', 'alice', '--json'])) as { token: string }).token;
  tokens.newsMod = ((await cli(['token', '--name', 'bob', '--json'])) as { token: string }).token;
  tokens.bothMod = ((await cli(['token', '--name', 'carol', '--json'])) as { token: string }).token;
});
after(() => stack.stop());

describe('npm run moderators', () => {
  test('add --json prints exactly {id, name, role, sites}; token --json prints exactly {token}', async () => {
    const added = (await cli(['add', '--name', 'dave', '--role', 'moderator', '--sites', 'sport,news', '--json'])) as Record<string, unknown>;
    assert.deepEqual(Object.keys(added).sort(), ['id', 'name', 'role', 'sites']);
    assert.deepEqual({ ...added, id: undefined }, { id: undefined, name: 'dave', role: 'moderator', sites: ['sport', 'news'] });
    const issued = (await cli(['token', '--name', 'dave', '--json'])) as Record<string, string>;
    assert.deepEqual(Object.keys(issued), ['token']);
    assert.match(issued.token!, /^cmt_[A-Za-z0-9_-]{32}$/);
  });

  test('the token is stored only as a hash, and list never shows tokens or password hashes', async () => {
    const listed = JSON.stringify(await cli(['list', '--json']));
    assert.ok(!listed.includes(tokens.admin) && !listed.includes('scrypt$'));
    const bob = await stack.moderators.getByName('bob');
    assert.match(bob!.passwordHash!, /^scrypt\$16384\$8\$1\$/);
    assert.ok(!JSON.stringify(bob).includes(PASSWORD));
  });

  test('a taken name, a bad role, a reserved name or a short password exits 2 with one line', async () => {
    for (const [args, stdin, message] of [
      [['add', '--name', 'ALICE', '--role', 'admin'], '', /already exists/],
      [['add', '--name', 'erin', '--role', 'owner'], '', /role/],
      [['add', '--name', 'classifier', '--role', 'admin'], '', /reserved/],
      [['add', '--name', 'rule:x', '--role', 'admin'], '', /name/],
      [['add', '--name', 'erin', '--role', 'admin', '--password-stdin'], 'short\n', /at least 10/],
      [['token', '--name', 'nobody'], '', /no moderator/],
    ] as const) {
      const r = await stack.moderatorsCli([...args], stdin);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
  });

  test('set-role and set-sites change what a moderator may do', async () => {
    await cli(['add', '--name', 'frank', '--role', 'moderator', '--json']);
    assert.deepEqual(((await cli(['set-sites', '--name', 'frank', '--sites', 'sport', '--json'])) as { sites: string[] }).sites, ['sport']);
    assert.equal(((await cli(['set-role', '--name', 'frank', '--role', 'admin', '--json'])) as { role: string }).role, 'admin');
  });
});

describe('roles and site scoping on every moderation route', () => {
  // Who calls, what comment, and what each route must answer. `own` = a news comment, `other` = a sport comment.
  type Caller = 'bootstrap' | 'admin' | 'newsMod' | 'bothMod';
  const tokenOf = (c: Caller) => (c === 'bootstrap' ? stack.moderatorToken : tokens[c]);
  const routes: Array<{ name: string; call: (t: string, id: string) => request.Test; ok: number }> = [
    { name: 'GET comment', call: (t, id) => request(stack.origin).get(`/api/v1/moderation/comments/${id}`).set(bearer(t)), ok: 200 },
    { name: 'approve', call: (t, id) => request(stack.origin).post(`/api/v1/moderation/comments/${id}/approve`).set(bearer(t)), ok: 200 },
    { name: 'spam', call: (t, id) => request(stack.origin).post(`/api/v1/moderation/comments/${id}/spam`).set(bearer(t)), ok: 200 },
    { name: 'DELETE comment', call: (t, id) => request(stack.origin).delete(`/api/v1/moderation/comments/${id}`).set(bearer(t)), ok: 204 },
  ];
  const cases: Array<{ caller: Caller; site: 'news' | 'sport'; allowed: boolean }> = [
    { caller: 'bootstrap', site: 'sport', allowed: true },
    { caller: 'admin', site: 'sport', allowed: true },
    { caller: 'newsMod', site: 'news', allowed: true },
    { caller: 'newsMod', site: 'sport', allowed: false },
    { caller: 'bothMod', site: 'sport', allowed: true },
  ];
  for (const route of routes) {
    for (const c of cases) {
      test(`${route.name} by ${c.caller} on a ${c.site} comment → ${c.allowed ? route.ok : '404 as if missing, comment untouched'}`, async () => {
        const id = await submit(c.site === 'news' ? news : sport, `A comment about ${route.name} from ${c.caller}`);
        const before = await stack.store.get(id);
        const res = await route.call(tokenOf(c.caller), id);
        if (c.allowed) {
          assert.equal(res.status, route.ok, JSON.stringify(res.body));
          return;
        }
        assert.equal(res.status, 404);
        assert.equal(res.body.error, 'not_found');
        const missing = await route.call(tokenOf(c.caller), 'c_doesnotexist');
        assert.deepEqual([missing.status, missing.body], [res.status, res.body], 'indistinguishable from a missing id');
        assert.deepEqual(await stack.store.get(id), before);
      });
    }
  }

  test('lists and stats: a moderator sees only its sites; asking for another site → 404', async () => {
    const newsId = await submit(news, 'Listed on news');
    const sportId = await submit(sport, 'Listed on sport');
    const list = async (t: string, q = '') =>
      ((await request(stack.origin).get(`/api/v1/moderation/comments?status=pending${q}`).set(bearer(t)).expect(200)).body.comments as Array<{ id: string; siteId: string }>);
    const mine = await list(tokens.newsMod);
    assert.ok(mine.some((c) => c.id === newsId));
    assert.ok(mine.every((c) => c.siteId === 'news'));
    const both = await list(tokens.bothMod);
    assert.ok(both.some((c) => c.id === newsId) && both.some((c) => c.id === sportId));
    const all = await list(stack.moderatorToken);
    assert.ok(all.some((c) => c.id === sportId));
    await request(stack.origin).get('/api/v1/moderation/comments?status=pending&siteId=sport').set(bearer(tokens.newsMod)).expect(404);
    await request(stack.origin).get('/api/v1/moderation/stats?siteId=sport').set(bearer(tokens.newsMod)).expect(404);
    const stats = await request(stack.origin).get('/api/v1/moderation/stats').set(bearer(tokens.newsMod)).expect(200);
    assert.equal(stats.body.counts.pending, (await stack.store.countByStatus('news')).pending);
  });

  test('stats?siteId= naming no site → 404 not_found as for the mode endpoint, not zeros; the default site and a site added a moment ago → 200', async () => {
    const missing = await request(stack.origin).get('/api/v1/moderation/stats?siteId=nwes').set(bearer(tokens.admin)).expect(404);
    assert.equal(missing.body.error, 'not_found');
    const mode = await request(stack.origin).put('/api/v1/moderation/sites/nwes/mode').set(bearer(tokens.admin)).send({ mode: 'shadow' }).expect(404);
    assert.deepEqual(missing.body, mode.body);
    await request(stack.origin).get('/api/v1/moderation/stats?siteId=default').set(bearer(tokens.admin)).expect(200);
    // Not yet in the registry's cache (no refresh): the store says it exists.
    await stack.addSite('Weather', ['--id', 'weather']);
    const fresh = await request(stack.origin).get('/api/v1/moderation/stats?siteId=weather').set(bearer(tokens.admin)).expect(200);
    assert.deepEqual(fresh.body.counts, { pending: 0, published: 0, flagged: 0, spam: 0 });
  });

  test('comments?siteId= and clusters?site= naming no site → 404 not_found as stats does, not an empty list; the default site, a site added a moment ago → 200; a removed site → 404, its comments still in the list without siteId', async () => {
    const stats = await request(stack.origin).get('/api/v1/moderation/stats?siteId=nwes').set(bearer(tokens.admin)).expect(404);
    for (const path of ['/api/v1/moderation/comments?status=pending&siteId=nwes', '/api/v1/moderation/clusters?site=nwes', '/api/v1/moderation/clusters?siteId=nwes']) {
      const res = await request(stack.origin).get(path).set(bearer(tokens.admin)).expect(404);
      assert.deepEqual(res.body, stats.body, path);
    }
    const decision = await request(stack.origin).post('/api/v1/moderation/clusters/ip:203.0.113.0%2F24/decision').set(bearer(tokens.admin)).send({ decision: 'spam', site: 'nwes' }).expect(404);
    assert.deepEqual(decision.body, stats.body);
    for (const path of ['/api/v1/moderation/comments?status=pending&siteId=default', '/api/v1/moderation/clusters?site=default']) {
      await request(stack.origin).get(path).set(bearer(tokens.admin)).expect(200);
    }
    // Not yet in the registry's cache (no refresh): the store says it exists.
    const travel = await stack.addSite('Travel', ['--id', 'travel']);
    const fresh = await request(stack.origin).get('/api/v1/moderation/comments?status=pending&siteId=travel').set(bearer(tokens.admin)).expect(200);
    assert.deepEqual(fresh.body.comments, []);
    assert.deepEqual((await request(stack.origin).get('/api/v1/moderation/clusters?site=travel').set(bearer(tokens.admin)).expect(200)).body.clusters, []);
    // A scoped moderator: another site is 404 as before, whether it exists or not.
    await request(stack.origin).get('/api/v1/moderation/clusters?site=sport').set(bearer(tokens.newsMod)).expect(404);
    await request(stack.origin).get('/api/v1/moderation/comments?status=pending&siteId=nwes').set(bearer(tokens.newsMod)).expect(404);

    const left = await submit(travel, 'Left behind by a removed site');
    assert.equal((await stack.sitesCli(['remove', 'travel'])).code, 0);
    await stack.registry.refresh();
    await request(stack.origin).get('/api/v1/moderation/comments?status=pending&siteId=travel').set(bearer(tokens.admin)).expect(404);
    const all = await request(stack.origin).get('/api/v1/moderation/comments?status=pending&limit=100&order=newest').set(bearer(tokens.admin)).expect(200);
    assert.ok((all.body.comments as Array<{ id: string }>).some((c) => c.id === left));
  });

  test('a moderator of several sites pages through them all without gaps or repeats', async () => {
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push(await submit(i % 2 ? news : sport, `Paged ${i}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(stack.origin)
        .get(`/api/v1/moderation/comments?status=pending&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(tokens.bothMod))
        .expect(200);
      assert.ok(res.body.comments.length <= 2);
      seen.push(...res.body.comments.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length);
    for (const id of ids) assert.ok(seen.includes(id));
  });

  test('admin-only routes: a moderator gets 403 for author erasure and webhook deliveries; admins pass', async () => {
    await request(stack.origin).delete('/api/v1/moderation/authors/someone%40example.com').set(bearer(tokens.newsMod)).expect(403);
    await request(stack.origin).get('/api/v1/moderation/webhooks/deliveries').set(bearer(tokens.newsMod)).expect(403);
    await request(stack.origin).get('/api/v1/moderation/webhooks/deliveries').set(bearer(tokens.admin)).expect(200);
    await request(stack.origin).delete('/api/v1/moderation/authors/someone%40example.com').set(bearer(tokens.admin)).expect(200);
  });

  test('decidedBy names the moderator; MODERATOR_TOKEN still records "moderator"', async () => {
    const a = await submit(news, 'Decided by bob');
    const b = await submit(news, 'Decided by the bootstrap token');
    const byBob = await request(stack.origin).post(`/api/v1/moderation/comments/${a}/approve`).set(bearer(tokens.newsMod)).expect(200);
    assert.equal(byBob.body.decidedBy, 'bob');
    const byToken = await request(stack.origin).post(`/api/v1/moderation/comments/${b}/spam`).set(bearer(stack.moderatorToken)).expect(200);
    assert.equal(byToken.body.decidedBy, 'moderator');
  });

  test('a wrong personal token → 403; revoked tokens stop working at once', async () => {
    await request(stack.origin).get('/api/v1/moderation/stats').set(bearer(`${tokens.admin}x`)).expect(403);
    const { token } = (await cli(['token', '--name', 'frank', '--json'])) as { token: string };
    await request(stack.origin).get('/api/v1/moderation/stats').set(bearer(token)).expect(200);
    assert.deepEqual(await cli(['token', '--name', 'frank', '--revoke', '--json']), { revoked: 1 });
    await request(stack.origin).get('/api/v1/moderation/stats').set(bearer(token)).expect(403);
  });
});

describe('dashboard sessions', () => {
  function signIn(name = 'bob', password = PASSWORD) {
    return request(stack.origin).post('/api/v1/session').send({ name, password });
  }
  const cookieOf = (res: request.Response) => String(res.headers['set-cookie']?.[0] ?? '').split(';')[0]!;

  test('sign-in sets an HttpOnly, SameSite=Strict cookie with an expiry (not Secure over plain HTTP); GET /session tells who', async () => {
    const res = await signIn().expect(200);
    const setCookie = String(res.headers['set-cookie']?.[0]);
    assert.match(setCookie, /^cm_session=[A-Za-z0-9_-]{32}; /);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.match(setCookie, /Max-Age=43200/);
    assert.doesNotMatch(setCookie, /Secure/);
    assert.deepEqual({ ...res.body.moderator, id: undefined }, { id: undefined, name: 'bob', role: 'moderator', sites: ['news'] });
    assert.match(res.body.csrfToken, /^[A-Za-z0-9_-]{32}$/);
    const me = await request(stack.origin).get('/api/v1/session').set('Cookie', cookieOf(res)).expect(200);
    assert.equal(me.body.moderator.name, 'bob');
    assert.equal(me.body.csrfToken, res.body.csrfToken);
  });

  test('behind a trusted TLS proxy the cookie is Secure', async () => {
    const tls = await startMemoryStack({ env: { TRUST_PROXY: 'loopback' } });
    try {
      await tls.moderatorsCli(['add', '--name', 'tess', '--role', 'admin', '--password-stdin'], PASSWORD);
      const res = await request(tls.origin).post('/api/v1/session').set('X-Forwarded-Proto', 'https').send({ name: 'tess', password: PASSWORD }).expect(200);
      assert.match(String(res.headers['set-cookie']?.[0]), /; Secure/);
    } finally {
      await tls.stop();
    }
  });

  test('with the cookie: reads need no CSRF token; a change without or with a wrong X-CSRF-Token → 403 csrf_failed, with it → 200', async () => {
    const res = await signIn().expect(200);
    const cookie = cookieOf(res);
    const id = await submit(news, 'Approved through the dashboard session');
    await request(stack.origin).get(`/api/v1/moderation/comments/${id}`).set('Cookie', cookie).expect(200);
    const none = await request(stack.origin).post(`/api/v1/moderation/comments/${id}/approve`).set('Cookie', cookie).expect(403);
    assert.equal(none.body.error, 'csrf_failed');
    await request(stack.origin).post(`/api/v1/moderation/comments/${id}/approve`).set('Cookie', cookie).set('X-CSRF-Token', 'x'.repeat(32)).expect(403);
    assert.equal((await stack.store.get(id))!.status, 'pending');
    const ok = await request(stack.origin).post(`/api/v1/moderation/comments/${id}/approve`).set('Cookie', cookie).set('X-CSRF-Token', res.body.csrfToken).expect(200);
    assert.equal(ok.body.decidedBy, 'bob');
  });

  test('the session keeps the site scope: another site’s comment → 404', async () => {
    const res = await signIn().expect(200);
    const id = await submit(sport, 'Not bob’s site');
    await request(stack.origin).get(`/api/v1/moderation/comments/${id}`).set('Cookie', cookieOf(res)).expect(404);
  });

  test('a wrong password or unknown name → 401 invalid_credentials, no cookie; a non-JSON body → 415', async () => {
    for (const [name, password] of [['bob', 'wrong password!'], ['nobody', PASSWORD], ['alice', PASSWORD]]) {
      const res = await signIn(name, password).expect(401);
      assert.equal(res.body.error, 'invalid_credentials');
      assert.equal(res.headers['set-cookie'], undefined);
    }
    await request(stack.origin).post('/api/v1/session').type('form').send({ name: 'bob', password: PASSWORD }).expect(415);
  });

  test('sign-out needs the CSRF token, ends the session and clears the cookie', async () => {
    const res = await signIn().expect(200);
    const cookie = cookieOf(res);
    await request(stack.origin).delete('/api/v1/session').set('Cookie', cookie).expect(403);
    const out = await request(stack.origin).delete('/api/v1/session').set('Cookie', cookie).set('X-CSRF-Token', res.body.csrfToken).expect(204);
    assert.match(String(out.headers['set-cookie']?.[0]), /^cm_session=; .*Max-Age=0/);
    await request(stack.origin).get('/api/v1/session').set('Cookie', cookie).expect(401);
  });

  test('a session cookie that is not valid percent-encoding → 401 on the session and the moderation API, not 500', async () => {
    await request(stack.origin).get('/api/v1/session').set('Cookie', 'cm_session=%E0%A4%A').expect(401);
    await request(stack.origin).get('/api/v1/moderation/comments').set('Cookie', 'cm_session=%').expect(401);
  });

  test('the session expires after SESSION_TTL_SECONDS', async () => {
    const res = await signIn().expect(200);
    stack.advanceClock(12 * 3600 * 1000 + 1000);
    try {
      await request(stack.origin).get('/api/v1/session').set('Cookie', cookieOf(res)).expect(401);
    } finally {
      stack.advanceClock(-(12 * 3600 * 1000 + 1000));
    }
  });

  test('disable ends sessions and revokes tokens: the next request is refused; set-password ends sessions too', async () => {
    await cli(['add', '--name', 'gina', '--role', 'moderator', '--sites', 'news', '--password-stdin', '--json'], PASSWORD);
    const { token } = (await cli(['token', '--name', 'gina', '--json'])) as { token: string };
    const session = await signIn('gina').expect(200);
    await request(stack.origin).get('/api/v1/moderation/stats').set(bearer(token)).expect(200);
    const disabled = (await cli(['disable', '--name', 'gina', '--json'])) as { revokedTokens: number; endedSessions: number };
    assert.deepEqual([disabled.revokedTokens, disabled.endedSessions], [1, 1]);
    await request(stack.origin).get('/api/v1/moderation/stats').set(bearer(token)).expect(403);
    await request(stack.origin).get('/api/v1/session').set('Cookie', cookieOf(session)).expect(401);
    await signIn('gina').expect(401);
    await cli(['enable', '--name', 'gina', '--json']);
    const again = await signIn('gina').expect(200);
    await cli(['set-password', '--name', 'gina', '--json'], 'another long password');
    await request(stack.origin).get('/api/v1/session').set('Cookie', cookieOf(again)).expect(401);
    await signIn('gina', 'another long password').expect(200);
  });
});

describe('sign-in rate limit', () => {
  test('failed sign-ins are limited per name (from any address) and per client address → 429 with Retry-After', async () => {
    const limited = await startMemoryStack({ env: { AUTH_FAILURE_LIMIT: '3', TRUST_PROXY: 'loopback' } });
    try {
      await limited.moderatorsCli(['add', '--name', 'hal', '--role', 'admin', '--password-stdin'], PASSWORD);
      await limited.moderatorsCli(['add', '--name', 'ivy', '--role', 'admin', '--password-stdin'], PASSWORD);
      const attempt = (name: string, password: string, ip: string) =>
        request(limited.origin).post('/api/v1/session').set('X-Forwarded-For', ip).send({ name, password });
      // Per name: three wrong passwords from three addresses block hal, even with the right password.
      for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) await attempt('hal', 'wrong password!', ip).expect(401);
      const blocked = await attempt('hal', PASSWORD, '203.0.113.4').expect(429);
      assert.ok(Number(blocked.headers['retry-after']) > 0);
      // Other names are not blocked by hal's failures.
      await attempt('ivy', PASSWORD, '203.0.113.4').expect(200);
      // Per client: three wrong names from one address block that address, for every name.
      for (const name of ['x1', 'x2', 'x3']) await attempt(name, 'wrong password!', '198.51.100.7').expect(401);
      await attempt('ivy', PASSWORD, '198.51.100.7').expect(429);
    } finally {
      await limited.stop();
    }
  });
});
