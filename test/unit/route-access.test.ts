/**
 * Roles and site scoping on EVERY moderator route, table-driven. The routes are enumerated from the app's
 * own router and from the OpenAPI document: a route that needs a moderator credential and has no entry in
 * the table below fails this file, so a new route can't ship without saying who may call it.
 *
 * For each route and each caller (no credential, a wrong token, MODERATOR_TOKEN, an admin's token and
 * session, a one-site moderator's token and session, a session without its CSRF token) the answer must be
 * the route's: 401, 403, 404 for another site's comment (identical to a missing id), 403 csrf_failed, or
 * success; and a refused call changes nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startMemoryStack, type CreatedSite, type MemoryStack } from '../support/memory-app.ts';
import { issueApiToken } from '../../src/moderators/manage-moderators.ts';

/**
 * Who may call a route:
 * - `site-comment`: admins, and moderators of the comment's site; another site's comment → 404 as if missing.
 * - `site-list`: every moderator, over its own sites; `?siteId=` naming another site → 404.
 * - `admin`: admins only; a moderator → 403.
 * - `signed-in`: anyone with a valid credential.
 */
type Access = 'site-comment' | 'site-list' | 'admin' | 'signed-in';
type Site = 'news' | 'sport';
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface RouteEntry {
  access: Access;
  /** A fresh target for one call: the path with its parameters filled in, on this site's data. */
  target(site: Site): Promise<string>;
  body?: () => object;
  ok: number;
  /** For a listing of sites: the site ids it shows, which must be the caller's own. */
  sitesIn?(body: any): string[];
  /** The state a refused call must leave as it was. */
  snapshot?(path: string): Promise<unknown>;
}

let stack: MemoryStack;
const sites = {} as Record<Site, CreatedSite>;
const PASSWORD = 'correct horse battery';
let seq = 0;

async function comment(site: Site): Promise<string> {
  const res = await request(stack.origin)
    .post('/api/v1/comments')
    .set('Authorization', `Bearer ${sites[site].apiKey}`)
    .send({ threadId: 'access', name: 'Reader', email: `reader${++seq}@example.com`, comment: `Comment ${seq} on ${site}` })
    .expect(202);
  return res.body.id as string;
}

async function moderatorAccount(): Promise<string> {
  const r = await stack.moderatorsCli(['add', '--name', `target${++seq}`, '--role', 'moderator', '--sites', 'news', '--json']);
  return JSON.parse(r.stdout).id as string;
}

/** The tokens path of a fresh moderator account that holds one issued token. */
async function tokensOfAccountWithToken(): Promise<string> {
  const id = await moderatorAccount();
  await issueApiToken(stack.moderators, { id });
  return `/api/v1/moderators/${id}/tokens`;
}

async function delivery(): Promise<string> {
  const id = await comment('news');
  await request(stack.origin).post(`/api/v1/moderation/comments/${id}/approve`).set('Authorization', `Bearer ${stack.moderatorToken}`).expect(200);
  const [d] = await stack.webhooks.store.list({ limit: 1 });
  assert.ok(d, 'a webhook delivery');
  return d.id;
}

const commentState = (path: string) => stack.store.get(path.split('/')[5]!);

/** The comments each bulk-moderation target was made of, by path; the ids the next bulk decision names. */
const bulkTargets = new Map<string, string[]>();
let bulkIds: string[] = [];
async function queuedPair(site: Site): Promise<string[]> {
  const net = `2001:db8:${(++seq).toString(16)}:1`;
  const ids: string[] = [];
  for (const host of ['1', '2']) {
    const c = await stack.store.create({ siteId: site, threadId: 'access', parentId: null, name: 'Reader', email: `r${seq}@gmail.com`, website: null, comment: `Pair ${seq}.${host}`, ip: `${net}::${host}`, userAgent: null, signals: {} });
    ids.push(c.id);
  }
  return ids;
}
const bulkState = async (path: string) => Promise.all((bulkTargets.get(path) ?? []).map(async (id) => (await stack.store.get(id))?.status));
const moderatorState = async (path: string) => {
  const m = await stack.moderators.get(path.split('/')[4]!);
  return m && { ...m, passwordHash: m.passwordHash?.slice(0, 40) ?? null };
};

/** One entry per operation, keyed as `METHOD /path/{param}`; the key set must equal the app's guarded routes. */
const ROUTES: Record<string, RouteEntry> = {
  'GET /api/v1/session': { access: 'signed-in', target: async () => '/api/v1/session', ok: 200 },
  'GET /api/v1/moderation/comments': { access: 'site-list', target: async () => '/api/v1/moderation/comments?status=pending', ok: 200 },
  'GET /api/v1/moderation/sites': {
    access: 'signed-in',
    target: async () => '/api/v1/moderation/sites',
    ok: 200,
    sitesIn: (body: { sites: Array<{ id: string }> }) => body.sites.map((s) => s.id),
  },
  'GET /api/v1/moderation/stats': { access: 'site-list', target: async () => '/api/v1/moderation/stats', ok: 200 },
  'GET /api/v1/moderation/comments/{id}': { access: 'site-comment', target: async (s) => `/api/v1/moderation/comments/${await comment(s)}`, ok: 200 },
  'POST /api/v1/moderation/comments/{id}/approve': {
    access: 'site-comment',
    target: async (s) => `/api/v1/moderation/comments/${await comment(s)}/approve`,
    body: () => ({ note: 'fine' }),
    ok: 200,
    snapshot: commentState,
  },
  'POST /api/v1/moderation/comments/{id}/spam': {
    access: 'site-comment',
    target: async (s) => `/api/v1/moderation/comments/${await comment(s)}/spam`,
    ok: 200,
    snapshot: commentState,
  },
  'DELETE /api/v1/moderation/comments/{id}': {
    access: 'site-comment',
    target: async (s) => `/api/v1/moderation/comments/${await comment(s)}`,
    ok: 204,
    snapshot: commentState,
  },
  'GET /api/v1/moderation/comments/{id}/history': {
    access: 'site-comment',
    target: async (s) => `/api/v1/moderation/comments/${await comment(s)}/history`,
    ok: 200,
  },
  'GET /api/v1/moderation/clusters': { access: 'site-list', target: async () => '/api/v1/moderation/clusters?status=pending', ok: 200 },
  'POST /api/v1/moderation/clusters/{id}/decision': {
    // Another site's cluster is not in the caller's queue: 404, as for a cluster that does not exist.
    access: 'site-comment',
    target: async (s) => {
      const ids = await queuedPair(s);
      const key = (await stack.store.get(ids[0]!))!.ip!.replace(/:[^:]*:[^:]*$/, '::/64');
      const path = `/api/v1/moderation/clusters/ip-${Buffer.from(key).toString('base64url')}/decision`;
      bulkTargets.set(path, ids);
      return path;
    },
    body: () => ({ decision: 'spam', status: 'pending' }),
    ok: 200,
    snapshot: bulkState,
  },
  'POST /api/v1/moderation/comments/bulk-decision': {
    // Every caller may send one; comments on sites it does not moderate come back `not_found` (a unit test covers it).
    access: 'signed-in',
    target: async (s) => {
      bulkIds = await queuedPair(s);
      const path = `/api/v1/moderation/comments/bulk-decision?t=${seq}`;
      bulkTargets.set(path, bulkIds);
      return path;
    },
    body: () => ({ ids: bulkIds, decision: 'approve' }),
    ok: 200,
    snapshot: bulkState,
  },
  'GET /api/v1/moderation/audit': { access: 'admin', target: async () => '/api/v1/moderation/audit', ok: 200 },
  'DELETE /api/v1/moderation/authors/{email}': {
    access: 'admin',
    target: async () => {
      const c = await stack.store.get(await comment('news'));
      return `/api/v1/moderation/authors/${encodeURIComponent(c!.email)}`;
    },
    ok: 200,
    snapshot: async () => (await stack.store.listByStatus('pending', { limit: 100 }, 'news')).comments.length,
  },
  'GET /api/v1/moderation/webhooks/deliveries': { access: 'admin', target: async () => '/api/v1/moderation/webhooks/deliveries', ok: 200 },
  'POST /api/v1/moderation/webhooks/deliveries/{id}/redeliver': {
    access: 'admin',
    target: async () => `/api/v1/moderation/webhooks/deliveries/${await delivery()}/redeliver`,
    ok: 202,
    snapshot: async (path) => (await stack.webhooks.store.list({ limit: 100 })).find((d) => path.includes(d.id))?.status,
  },
  'PUT /api/v1/moderation/sites/{siteId}/mode': {
    access: 'admin',
    // A site of its own per call, so the mode it sets never reaches the comments of the other entries.
    target: async () => `/api/v1/moderation/sites/${(await stack.addSite(`Mode ${++seq}`, ['--id', `mode-${seq}`])).id}/mode`,
    body: () => ({ mode: 'shadow' }),
    ok: 200,
    snapshot: async (path) => (await stack.sites.get(path.split('/')[5]!))?.moderationMode ?? 'normal',
  },
  'GET /api/v1/moderators': { access: 'admin', target: async () => '/api/v1/moderators', ok: 200 },
  'POST /api/v1/moderators': {
    access: 'admin',
    target: async () => '/api/v1/moderators',
    body: () => ({ name: `added${++seq}`, role: 'moderator', sites: ['news'] }),
    ok: 201,
    snapshot: async () => (await stack.moderators.list()).length,
  },
  'GET /api/v1/moderators/{id}': { access: 'admin', target: async () => `/api/v1/moderators/${await moderatorAccount()}`, ok: 200 },
  'PATCH /api/v1/moderators/{id}': {
    access: 'admin',
    target: async () => `/api/v1/moderators/${await moderatorAccount()}`,
    body: () => ({ role: 'admin', sites: ['news', 'sport'] }),
    ok: 200,
    snapshot: moderatorState,
  },
  'POST /api/v1/moderators/{id}/password': {
    access: 'admin',
    target: async () => `/api/v1/moderators/${await moderatorAccount()}/password`,
    body: () => ({ password: 'a new long password' }),
    ok: 200,
    snapshot: moderatorState,
  },
  'POST /api/v1/moderators/{id}/tokens': {
    access: 'admin',
    target: async () => `/api/v1/moderators/${await moderatorAccount()}/tokens`,
    ok: 201,
  },
  'DELETE /api/v1/moderators/{id}/tokens': {
    access: 'admin',
    target: tokensOfAccountWithToken,
    ok: 200,
  },
  'GET /api/v1/moderators/{id}/tokens': {
    access: 'admin',
    target: tokensOfAccountWithToken,
    ok: 200,
  },
  'DELETE /api/v1/moderators/{id}/tokens/{tokenId}': {
    access: 'admin',
    target: async () => {
      const id = await moderatorAccount();
      const issued = await issueApiToken(stack.moderators, { id });
      return `/api/v1/moderators/${id}/tokens/${issued.id}`;
    },
    ok: 200,
    snapshot: async (path) => (await stack.moderators.listTokens(path.split('/')[4]!)).length,
  },
  'GET /api/v1/moderators/changes': { access: 'admin', target: async () => '/api/v1/moderators/changes', ok: 200 },
  // A site's rules: its moderators may read them (another site's → 404, as a missing site); only admins write.
  'GET /api/v1/sites/{id}/rules': { access: 'site-comment', target: async (s) => `/api/v1/sites/${s}/rules`, ok: 200 },
  'PUT /api/v1/sites/{id}/rules': {
    access: 'admin',
    target: async (s) => `/api/v1/sites/${s}/rules`,
    body: () => ({ holdWords: [`word${++seq}`] }),
    ok: 200,
    snapshot: async (path) => (await stack.siteRules.get(path.split('/')[4]!))?.revision ?? 0,
  },
};

type Credential = { kind: 'none' } | { kind: 'bearer'; token: string } | { kind: 'session'; cookie: string; csrf: string | null };
const creds = {} as Record<'adminToken' | 'adminSession' | 'modToken' | 'modSession' | 'modSessionNoCsrf', Credential>;

const withSite = (path: string, site: Site) => `${path}${path.includes('?') ? '&' : '?'}siteId=${site}`;

function send(method: Method, path: string, cred: Credential, body?: object): request.Test {
  const t = request(stack.origin)[method](path);
  if (cred.kind === 'bearer') t.set('Authorization', `Bearer ${cred.token}`);
  if (cred.kind === 'session') {
    t.set('Cookie', cred.cookie);
    if (cred.csrf) t.set('X-CSRF-Token', cred.csrf);
  }
  return body ? t.send(body) : t;
}

async function signIn(name: string): Promise<{ cookie: string; csrf: string }> {
  const res = await request(stack.origin).post('/api/v1/session').send({ name, password: PASSWORD }).expect(200);
  return { cookie: String(res.headers['set-cookie']?.[0]).split(';')[0]!, csrf: res.body.csrfToken as string };
}

before(async () => {
  // Webhook events are stored and queued in memory, never sent: the URL only has to be accepted.
  stack = await startMemoryStack({ env: { WEBHOOK_ALLOW_PRIVATE: '1' } });
  sites.news = await stack.addSite('News', ['--id', 'news', '--webhook-url', 'http://127.0.0.1:9/news']);
  sites.sport = await stack.addSite('Sport', ['--id', 'sport']);
  await stack.registry.refresh();
  const cli = async (args: string[], stdin = '') => {
    const r = await stack.moderatorsCli([...args, '--json'], stdin);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  await cli(['add', '--name', 'root', '--role', 'admin', '--password-stdin'], PASSWORD);
  await cli(['add', '--name', 'newsie', '--role', 'moderator', '--sites', 'news', '--password-stdin'], PASSWORD);
  creds.adminToken = { kind: 'bearer', token: (await cli(['token', '--name', 'root'])).token };
  creds.modToken = { kind: 'bearer', token: (await cli(['token', '--name', 'newsie'])).token };
  const admin = await signIn('root');
  const mod = await signIn('newsie');
  creds.adminSession = { kind: 'session', ...admin };
  creds.modSession = { kind: 'session', ...mod };
  creds.modSessionNoCsrf = { kind: 'session', cookie: mod.cookie, csrf: null };
});
after(() => stack.stop());

/** `METHOD /path/{param}` of every route the app serves under the moderator prefixes. */
function appRoutes(): string[] {
  const routes: string[] = [];
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const walk = (layers: Layer[]) => {
    for (const layer of layers) {
      if (layer.route) for (const m of Object.keys(layer.route.methods)) routes.push(`${m.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((stack.app as unknown as { router: { stack: Layer[] } }).router.stack);
  return routes;
}

describe('every moderator route has an entry in the access table', () => {
  test('the table lists exactly the operations the OpenAPI document secures with moderator credentials', async () => {
    const doc = (await request(stack.origin).get('/api/v1/openapi.json').expect(200)).body as { paths: Record<string, Record<string, { security?: object[] }>> };
    const guarded = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security?.some((s) => 'moderatorToken' in s))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    assert.deepEqual([...guarded].sort(), Object.keys(ROUTES).sort());
  });

  test('every route the app serves under /api/v1/moderation, /api/v1/moderators, /api/v1/session and /api/v1/sites is in the table or public', () => {
    const served = appRoutes().filter((r) => /^\w+ \/api\/v1\/(moderation|moderators|session|sites)(\/|$)/.test(r));
    assert.ok(served.length >= Object.keys(ROUTES).length);
    // Sign-in and sign-out are the only ones without a moderator credential.
    const unlisted = served.filter((r) => !(r in ROUTES) && r !== 'POST /api/v1/session' && r !== 'DELETE /api/v1/session');
    assert.deepEqual(unlisted, []);
  });
});

describe('roles and site scoping, route by route', () => {
  for (const [key, route] of Object.entries(ROUTES)) {
    const method = key.split(' ')[0]!.toLowerCase() as Method;
    const changes = method !== 'get';

    const refused = async (path: string, cred: Credential, status: number, error: string) => {
      const before = await route.snapshot?.(path);
      const res = await send(method, path, cred, route.body?.());
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.equal(res.body.error, error);
      assert.deepEqual(await route.snapshot?.(path), before, 'a refused call changes nothing');
      return res;
    };

    test(`${key}: no credential → 401, a wrong token → 403`, async () => {
      const path = await route.target('news');
      await refused(path, { kind: 'none' }, 401, 'unauthorized');
      await refused(path, { kind: 'bearer', token: 'cmt_not-a-real-token-not-a-real-token' }, 403, 'forbidden');
    });

    for (const who of ['bootstrap', 'adminToken', 'adminSession'] as const) {
      test(`${key}: ${who} → ${route.ok}, on any site`, async () => {
        const cred: Credential = who === 'bootstrap' ? { kind: 'bearer', token: stack.moderatorToken } : creds[who];
        const path = await route.target('sport');
        const res = await send(method, path, cred, route.body?.());
        assert.equal(res.status, route.ok, JSON.stringify(res.body));
        if (route.sitesIn) assert.deepEqual(route.sitesIn(res.body).sort(), ['default', 'news', 'sport']);
        if (route.access === 'site-list') assert.equal((await send(method, withSite(path, 'sport'), cred)).status, route.ok);
      });
    }

    for (const who of ['modToken', 'modSession'] as const) {
      const expected =
        route.access === 'admin'
          ? '403 forbidden'
          : route.access === 'site-comment'
            ? `${route.ok} on its site, 404 on another (as if missing)`
            : route.access === 'site-list'
              ? `${route.ok} over its sites, 404 for ?siteId= of another`
              : `${route.ok}`;
      test(`${key}: a one-site moderator (${who}) → ${expected}`, async () => {
        const cred = creds[who];
        if (route.access === 'admin') {
          await refused(await route.target('news'), cred, 403, 'forbidden');
          return;
        }
        const own = await send(method, await route.target('news'), cred, route.body?.());
        assert.equal(own.status, route.ok, JSON.stringify(own.body));
        if (route.sitesIn) assert.deepEqual(route.sitesIn(own.body), ['news']);
        if (route.access === 'site-comment') {
          const other = await refused(await route.target('sport'), cred, 404, 'not_found');
          const missing = await send(method, (await route.target('sport')).replace(/comments\/[^/]+/, 'comments/c_doesnotexist'), cred, route.body?.());
          assert.deepEqual([missing.status, missing.body], [other.status, other.body], 'indistinguishable from a missing id');
        }
        if (route.access === 'site-list') {
          await refused(withSite(await route.target('sport'), 'sport'), cred, 404, 'not_found');
        }
      });
    }

    if (changes) {
      test(`${key}: with the session cookie but without X-CSRF-Token → 403 csrf_failed, nothing changed`, async () => {
        await refused(await route.target('news'), creds.modSessionNoCsrf, 403, 'csrf_failed');
        await refused(await route.target('news'), { ...(creds.adminSession as Extract<Credential, { kind: 'session' }>), csrf: 'x'.repeat(32) }, 403, 'csrf_failed');
      });
    }
  }
});
