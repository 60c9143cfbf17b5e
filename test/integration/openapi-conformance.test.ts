/**
 * GET /api/v1/openapi.json describes the real service: every route is documented, every documented
 * operation is exercised here, every real response (status, content type, body) matches the document,
 * and the documented request bodies accept what the API accepts and reject what it rejects. A route or
 * schema change that is not reflected in the document fails this file.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { Express } from 'express';
import { startTestStack, type TestStack } from '../support/harness.ts';
import { addSite, type CreatedSite } from '../support/sites.ts';
import { moderatorsCli } from '../support/moderators.ts';
import { OpenApiValidator, type ResponseLike } from '../support/openapi-validator.ts';

let stack: TestStack;
let v: OpenApiValidator;
let site: CreatedSite;
const reply = { threadId: 'oa-1', name: 'Ann Reader', email: 'ann@example.com', comment: 'A thoughtful piece, thank you.' };
const mod = () => ({ Authorization: `Bearer ${stack.moderatorToken}` });
const key = () => ({ Authorization: `Bearer ${site.apiKey}` });

/** Sends, then checks the response against the document; returns it for further assertions. */
async function conforms<T extends ResponseLike>(method: string, template: string, res: Promise<T> | T, status?: number): Promise<T> {
  const r = await res;
  if (status !== undefined) assert.equal(r.status, status, `${method} ${template}: ${r.text.slice(0, 200)}`);
  v.check(method, template, r);
  return r;
}

before(async () => {
  stack = await startTestStack({
    flagThreshold: 0,
    rejectThreshold: 1,
    env: { DEMO_PAGE: '1', SITE_REFRESH_MS: '100', SITE_RATE_LIMIT_PER_MINUTE: '40', WEBHOOK_MAX_ATTEMPTS: '1', WEBHOOK_BACKOFF_BASE_MS: '10', WEBHOOK_TIMEOUT_MS: '500', WEBHOOK_ALLOW_PRIVATE: '1' },
  });
  const doc = await request(stack.origin).get('/api/v1/openapi.json').expect(200);
  v = new OpenApiValidator(doc.body);
  v.check('GET', '/api/v1/openapi.json', doc);
  // A webhook URL nobody listens on: deliveries fail and are dead-lettered after one attempt.
  site = await addSite(stack, 'OpenAPI', ['--webhook-url', 'http://127.0.0.1:9/hook', '--origins', 'https://oa.example.com']);
});
after(() => stack.stop());

describe('GET /api/v1/openapi.json', () => {
  test('is an OpenAPI 3.1 document with both auth schemes', () => {
    assert.equal(v.doc.openapi, '3.1.0');
    assert.deepEqual(Object.keys(v.doc.components.securitySchemes).sort(), ['moderatorToken', 'session', 'siteKey']);
  });

  test('every route the app serves is documented (static assets aside)', () => {
    const app = stack.api.server.listeners('request')[0] as unknown as Express;
    const routes: string[] = [];
    const walk = (layers: Array<{ route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }>) => {
      for (const layer of layers) {
        if (layer.route) for (const m of Object.keys(layer.route.methods)) routes.push(`${m.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
        else if (layer.handle?.stack) walk(layer.handle.stack as typeof layers);
      }
    };
    walk((app as unknown as { router: { stack: Parameters<typeof walk>[0] } }).router.stack);
    assert.ok(routes.length > 20);
    const documented = new Set(v.operations());
    const missing = routes.filter((r) => !/\.(css|js|ico)$/.test(r) || r.endsWith('/widget.js')).filter((r) => !documented.has(r));
    assert.deepEqual(missing, []);
  });
});

describe('real responses match the document', () => {
  test('health', async () => {
    await conforms('GET', '/healthz', request(stack.origin).get('/healthz'), 200);
    await conforms('GET', '/readyz', request(stack.origin).get('/readyz'), 200);
    await conforms('GET', '/metrics', request(stack.origin).get('/metrics'), 200);
  });

  test('public comment endpoints: 202, 303, 400, 401, 413, 415, 422, 200, 404', async () => {
    const T = '/api/v1/comments';
    const created = await conforms('POST', T, request(stack.origin).post(T).send(reply), 202);
    await conforms('POST', T, request(stack.origin).post(T).set(key()).set('Idempotency-Key', 'k1').send({ ...reply, userIp: '192.0.2.1' }), 202);
    await conforms('POST', T, request(stack.origin).post(T).set(key()).set('Idempotency-Key', 'k1').send({ ...reply, comment: 'other' }), 422);
    await conforms('POST', T, request(stack.origin).post(T).type('form').set('Referer', 'https://oa.example.com/a').send(reply), 303);
    await conforms('POST', T, request(stack.origin).post(T).send({ ...reply, email: 'x' }), 400);
    await conforms('POST', T, request(stack.origin).post(T).set('Content-Type', 'application/json').send('{"bad'), 400);
    await conforms('POST', T, request(stack.origin).post(T).set('Authorization', 'Bearer cknope0000000000').send(reply), 401);
    await conforms('POST', T, request(stack.origin).post(T).set('Content-Type', 'text/plain').send('hi'), 415);
    await conforms('POST', T, request(stack.origin).post(T).send({ ...reply, comment: 'x'.repeat(40_000) }), 413);
    await conforms('GET', '/api/v1/comments/{id}', request(stack.origin).get(`/api/v1/comments/${created.body.id}`), 200);
    await conforms('GET', '/api/v1/comments/{id}', request(stack.origin).get('/api/v1/comments/cnope'), 404);
    await conforms('GET', '/api/v1/form-token', request(stack.origin).get('/api/v1/form-token'), 200);
  });

  test('threads: 200 with comments, 400 for a bad limit', async () => {
    const T = '/api/v1/threads/{threadId}/comments';
    const { body } = await request(stack.origin).post('/api/v1/comments').send(reply).expect(202);
    await request(stack.origin).post(`/api/v1/moderation/comments/${body.id}/approve`).set(mod()).expect(200);
    const page = await conforms('GET', T, request(stack.origin).get(`/api/v1/threads/${reply.threadId}/comments?limit=1`), 200);
    assert.equal(page.body.comments.length, 1);
    await conforms('GET', T, request(stack.origin).get(`/api/v1/threads/${reply.threadId}/comments?limit=0`), 400);
  });

  test('check and feedback: 200, 400, 401, 404, 409, 415, 422, 429', async () => {
    await conforms('POST', '/api/v1/check', request(stack.origin).post('/api/v1/check').set(key()).send({ comment: 'Nice post', userIp: '192.0.2.4' }), 200);
    await conforms('POST', '/api/v1/check', request(stack.origin).post('/api/v1/check').set(key()).send({ name: 'no comment' }), 400);
    await conforms('POST', '/api/v1/check', request(stack.origin).post('/api/v1/check').send({ comment: 'x' }), 401);
    await conforms('POST', '/api/v1/check', request(stack.origin).post('/api/v1/check').set(key()).set('Content-Type', 'text/plain').send('x'), 415);
    await conforms('POST', '/api/v1/feedback', request(stack.origin).post('/api/v1/feedback').set(key()).send({ comment: 'Nice post', label: 'ham' }), 200);
    await conforms('POST', '/api/v1/feedback', request(stack.origin).post('/api/v1/feedback').set(key()).send({ comment: 'Nice post', label: 'meh' }), 400);
    await conforms('POST', '/api/v1/feedback', request(stack.origin).post('/api/v1/feedback').set(key()).set('Idempotency-Key', 'f1').send({ comment: 'a', label: 'ham' }), 200);
    await conforms('POST', '/api/v1/feedback', request(stack.origin).post('/api/v1/feedback').set(key()).set('Idempotency-Key', 'f1').send({ comment: 'b', label: 'ham' }), 422);
    await conforms('POST', '/api/v1/feedback', request(stack.origin).post('/api/v1/feedback').send({ comment: 'a', label: 'ham' }), 401);
    // With commentId: the site backend decides on its own stored comment; another's or a moderator's is refused.
    const F = () => request(stack.origin).post('/api/v1/feedback').set(key());
    const { body: mine } = await request(stack.origin).post('/api/v1/comments').set(key()).send(reply).expect(202);
    const decided = await conforms('POST', '/api/v1/feedback', F().send({ comment: 'a', label: 'spam', commentId: mine.id }), 200);
    assert.equal(decided.body.decidedBy, `site-backend:${site.id}`);
    await conforms('POST', '/api/v1/feedback', F().send({ comment: 'a', label: 'spam', commentId: 'cNoSuchComment00' }), 404);
    const tooLong = { comment: 'a', label: 'spam', commentId: 'c'.repeat(65) };
    await conforms('POST', '/api/v1/feedback', F().send(tooLong), 400);
    assert.notEqual(v.requestErrors('POST', '/api/v1/feedback', 'application/json', tooLong), null, 'the document rejects it too');
    await request(stack.origin).post(`/api/v1/moderation/comments/${mine.id}/spam`).set(mod()).expect(200);
    const refused = await conforms('POST', '/api/v1/feedback', F().send({ comment: 'a', label: 'ham', commentId: mine.id }), 409);
    assert.equal(refused.body.error, 'already_decided');
    const limited = await addSite(stack, 'Limited');
    let last: request.Response | undefined;
    for (let i = 0; i < 45 && last?.status !== 429; i++) {
      last = await request(stack.origin).post('/api/v1/check').set('Authorization', `Bearer ${limited.apiKey}`).send({ comment: `c${i}` });
    }
    await conforms('POST', '/api/v1/check', last!, 429);
  });

  test('moderation: 200, 204, 400, 401, 403, 404', async () => {
    const { body } = await request(stack.origin).post('/api/v1/comments').set(key()).send(reply).expect(202);
    await stack.waitFor(async () => (await request(stack.origin).get(`/api/v1/moderation/comments/${body.id}`).set(mod())).body.status === 'flagged');
    await conforms('GET', '/api/v1/moderation/comments', request(stack.origin).get('/api/v1/moderation/comments?status=flagged').set(mod()), 200);
    await conforms('GET', '/api/v1/moderation/comments', request(stack.origin).get(`/api/v1/moderation/comments?status=pending&siteId=${site.id}`).set(mod()), 200);
    await conforms('GET', '/api/v1/moderation/comments', request(stack.origin).get(`/api/v1/moderation/comments?status=flagged&order=newest&q=${encodeURIComponent(reply.comment.slice(0, 12))}`).set(mod()), 200);
    await conforms('GET', '/api/v1/moderation/comments', request(stack.origin).get('/api/v1/moderation/comments?order=sideways').set(mod()), 400);
    await conforms('GET', '/api/v1/moderation/sites', request(stack.origin).get('/api/v1/moderation/sites').set(mod()), 200);
    await conforms('GET', '/api/v1/moderation/sites', request(stack.origin).get('/api/v1/moderation/sites'), 401);
    await conforms('GET', '/api/v1/moderation/sites', request(stack.origin).get('/api/v1/moderation/sites').set('Authorization', 'Bearer wrong-token-wrong-token'), 403);
    await conforms('GET', '/api/v1/moderation/comments', request(stack.origin).get('/api/v1/moderation/comments?status=nope').set(mod()), 400);
    await conforms('GET', '/api/v1/moderation/comments', request(stack.origin).get('/api/v1/moderation/comments'), 401);
    await conforms('GET', '/api/v1/moderation/comments', request(stack.origin).get('/api/v1/moderation/comments').set('Authorization', 'Bearer wrong-token-wrong-token'), 403);
    await conforms('GET', '/api/v1/moderation/comments/{id}', request(stack.origin).get(`/api/v1/moderation/comments/${body.id}`).set(mod()), 200);
    await conforms('GET', '/api/v1/moderation/comments/{id}', request(stack.origin).get('/api/v1/moderation/comments/cnope').set(mod()), 404);
    await conforms('POST', '/api/v1/moderation/comments/{id}/approve', request(stack.origin).post(`/api/v1/moderation/comments/${body.id}/approve`).set(mod()), 200);
    await conforms('POST', '/api/v1/moderation/comments/{id}/approve', request(stack.origin).post('/api/v1/moderation/comments/cnope/approve').set(mod()), 404);
    await conforms('POST', '/api/v1/moderation/comments/{id}/spam', request(stack.origin).post(`/api/v1/moderation/comments/${body.id}/spam`).set(mod()), 200);
    await conforms('GET', '/api/v1/moderation/stats', request(stack.origin).get('/api/v1/moderation/stats').set(mod()), 200);
    await conforms('GET', '/api/v1/moderation/stats', request(stack.origin).get(`/api/v1/moderation/stats?siteId=${site.id}`).set(mod()), 200);
    await conforms('DELETE', '/api/v1/moderation/comments/{id}', request(stack.origin).delete(`/api/v1/moderation/comments/${body.id}`).set(mod()), 204);
  });

  test('moderation modes: set, a comment decided in shadow mode (with its would-have verdict), the shadow report', async () => {
    const P = '/api/v1/moderation/sites/{siteId}/mode';
    const shadowSite = await addSite(stack, 'OpenAPI shadow');
    const path = `/api/v1/moderation/sites/${shadowSite.id}/mode`;
    await conforms('PUT', P, request(stack.origin).put(path).set(mod()).send({ mode: 'shadow' }), 200);
    await conforms('PUT', P, request(stack.origin).put(path).set(mod()).send({ mode: 'quiet' }), 400);
    await conforms('PUT', P, request(stack.origin).put('/api/v1/moderation/sites/no-such-site/mode').set(mod()).send({ mode: 'shadow' }), 404);
    await conforms('PUT', P, request(stack.origin).put(path).send({ mode: 'shadow' }), 401);
    assert.notEqual(v.requestErrors('PUT', P, 'application/json', { mode: 'quiet' }), null);
    assert.equal(v.requestErrors('PUT', P, 'application/json', { mode: 'hold-all' }), null);
    // The worker process sees the new mode within SITE_REFRESH_MS.
    await new Promise((r) => setTimeout(r, stack.config.siteRefreshMs + 300));
    const { body } = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${shadowSite.apiKey}`).send({ ...reply, comment: 'Shadowed remark, decided by the mode.' }).expect(202);
    const decided = await stack.waitFor(async () => {
      const res = await request(stack.origin).get(`/api/v1/moderation/comments/${body.id}`).set(mod());
      return res.body.status === 'published' ? res : undefined;
    });
    v.check('GET', '/api/v1/moderation/comments/{id}', decided);
    assert.equal(decided.body.wouldHave.mode, 'shadow');
    await conforms('POST', '/api/v1/moderation/comments/{id}/spam', request(stack.origin).post(`/api/v1/moderation/comments/${body.id}/spam`).set(mod()), 200);
    const stats = await conforms('GET', '/api/v1/moderation/stats', request(stack.origin).get(`/api/v1/moderation/stats?siteId=${shadowSite.id}`).set(mod()), 200);
    assert.equal(stats.body.shadow[0].reviewed, 1);
    await conforms('GET', '/api/v1/moderation/comments/{id}/history', request(stack.origin).get(`/api/v1/moderation/comments/${body.id}/history`).set(mod()), 200);
    await conforms('PUT', P, request(stack.origin).put(path).set(mod()).send({ mode: 'normal' }), 200);
  });

  test('sessions, a comment\'s history and the audit trail', async () => {
    const password = 'a long enough password';
    await moderatorsCli(stack, ['add', '--name', 'oa-admin', '--role', 'admin', '--password-stdin'], password);
    const S = '/api/v1/session';
    const signedIn = await conforms('POST', S, request(stack.origin).post(S).send({ name: 'oa-admin', password }), 200);
    await conforms('POST', S, request(stack.origin).post(S).send({ name: 'oa-admin', password: 'wrong password' }), 401);
    await conforms('POST', S, request(stack.origin).post(S).send({ name: 'oa-admin' }), 400);
    await conforms('POST', S, request(stack.origin).post(S).type('form').send({ name: 'oa-admin', password }), 415);
    const cookie = String(signedIn.headers['set-cookie']?.[0]).split(';')[0]!;
    const csrf = { 'X-CSRF-Token': signedIn.body.csrfToken as string };
    await conforms('GET', S, request(stack.origin).get(S).set('Cookie', cookie), 200);
    await conforms('GET', S, request(stack.origin).get(S).set(mod()), 200);
    await conforms('GET', S, request(stack.origin).get(S), 401);
    const { body } = await request(stack.origin).post('/api/v1/comments').set(key()).send(reply).expect(202);
    const approve = `/api/v1/moderation/comments/${body.id}/approve`;
    await conforms('POST', '/api/v1/moderation/comments/{id}/approve', request(stack.origin).post(approve).set('Cookie', cookie), 403);
    await conforms('POST', '/api/v1/moderation/comments/{id}/approve', request(stack.origin).post(approve).set('Cookie', cookie).set(csrf).send({ note: 'Looks fine' }), 200);
    assert.equal(v.requestErrors('POST', '/api/v1/moderation/comments/{id}/approve', 'application/json', { note: 'Looks fine' }), null);
    await conforms('POST', '/api/v1/moderation/comments/{id}/spam', request(stack.origin).post(`/api/v1/moderation/comments/${body.id}/spam`).set(mod()).send({ note: 'x'.repeat(501) }), 400);
    assert.notEqual(v.requestErrors('POST', '/api/v1/moderation/comments/{id}/spam', 'application/json', { note: 'x'.repeat(501) }), null);
    assert.equal(v.requestErrors('POST', '/api/v1/moderation/comments/{id}/spam', 'application/json', {}), null);
    assert.notEqual(v.requestErrors('POST', '/api/v1/moderation/comments/{id}/approve', 'application/json', { note: 42 }), null);
    assert.equal(v.requestErrors('POST', S, 'application/json', { name: 'oa-admin', password }), null);
    assert.notEqual(v.requestErrors('POST', S, 'application/json', { name: 'oa-admin' }), null);
    const H = '/api/v1/moderation/comments/{id}/history';
    const history = await conforms('GET', H, request(stack.origin).get(`/api/v1/moderation/comments/${body.id}/history`).set(mod()), 200);
    assert.equal(history.body.entries.at(-1).note, 'Looks fine');
    await conforms('GET', H, request(stack.origin).get('/api/v1/moderation/comments/cnope/history').set(mod()), 404);
    const A = '/api/v1/moderation/audit';
    const audit = await conforms('GET', A, request(stack.origin).get(`${A}?moderator=oa-admin&limit=5`).set(mod()), 200);
    assert.equal(audit.body.entries[0].actorName, 'oa-admin');
    await conforms('GET', A, request(stack.origin).get(`${A}?since=never`).set(mod()), 400);
    await conforms('DELETE', S, request(stack.origin).delete(S).set('Cookie', cookie), 403);
    await conforms('DELETE', S, request(stack.origin).delete(S).set('Cookie', cookie).set(csrf), 204);
  });

  test('managing moderators: 200, 201, 400, 401, 403, 404, 409, 415', async () => {
    const L = '/api/v1/moderators';
    const one = '/api/v1/moderators/{id}';
    const body = { name: 'oa-mod', role: 'moderator', sites: [site.id], password: 'a long enough password' };
    const added = await conforms('POST', L, request(stack.origin).post(L).set(mod()).send(body), 201);
    assert.equal(v.requestErrors('POST', L, 'application/json', body), null);
    assert.notEqual(v.requestErrors('POST', L, 'application/json', { ...body, role: 'owner' }), null);
    await conforms('POST', L, request(stack.origin).post(L).set(mod()).send({ ...body, name: 'OA-MOD' }), 409);
    await conforms('POST', L, request(stack.origin).post(L).set(mod()).send({ name: 'oa-x', role: 'owner' }), 400);
    await conforms('POST', L, request(stack.origin).post(L).set(mod()).type('form').send({ name: 'oa-x', role: 'admin' }), 415);
    await conforms('GET', L, request(stack.origin).get(L).set(mod()), 200);
    await conforms('GET', L, request(stack.origin).get(L), 401);
    const id = added.body.id as string;
    const { token: modToken } = (await moderatorsCli(stack, ['token', '--name', 'oa-mod'])) as { token: string };
    await conforms('GET', L, request(stack.origin).get(L).set('Authorization', `Bearer ${modToken}`), 403);
    await conforms('GET', one, request(stack.origin).get(`${L}/${id}`).set(mod()), 200);
    await conforms('GET', one, request(stack.origin).get(`${L}/mod_nope`).set(mod()), 404);
    await conforms('PATCH', one, request(stack.origin).patch(`${L}/${id}`).set(mod()).send({ sites: [site.id, 'other'] }), 200);
    assert.equal(v.requestErrors('PATCH', one, 'application/json', { disabled: true }), null);
    assert.notEqual(v.requestErrors('PATCH', one, 'application/json', {}), null);
    await conforms('PATCH', one, request(stack.origin).patch(`${L}/${id}`).set(mod()).send({}), 400);
    const P = '/api/v1/moderators/{id}/password';
    await conforms('POST', P, request(stack.origin).post(`${L}/${id}/password`).set(mod()).send({ password: 'another long password' }), 200);
    await conforms('POST', P, request(stack.origin).post(`${L}/${id}/password`).set(mod()).send({ password: 'short' }), 400);
    assert.equal(v.requestErrors('POST', P, 'application/json', { password: 'another long password' }), null);
    assert.notEqual(v.requestErrors('POST', P, 'application/json', { password: 'short' }), null);
    const T = '/api/v1/moderators/{id}/tokens';
    await conforms('POST', T, request(stack.origin).post(`${L}/${id}/tokens`).set(mod()), 201);
    const labelled = await conforms('POST', T, request(stack.origin).post(`${L}/${id}/tokens`).set(mod()).send({ label: 'nightly export' }), 201);
    await conforms('POST', T, request(stack.origin).post(`${L}/${id}/tokens`).set(mod()).send({ label: 'x'.repeat(101) }), 400);
    assert.equal(v.requestErrors('POST', T, 'application/json', { label: 'nightly export' }), null);
    assert.notEqual(v.requestErrors('POST', T, 'application/json', { label: 'x'.repeat(101) }), null);
    await conforms('GET', T, request(stack.origin).get(`${L}/${id}/tokens`).set(mod()), 200);
    await conforms('GET', T, request(stack.origin).get(`${L}/mod_nope/tokens`).set(mod()), 404);
    const oneToken = '/api/v1/moderators/{id}/tokens/{tokenId}';
    await conforms('DELETE', oneToken, request(stack.origin).delete(`${L}/${id}/tokens/${labelled.body.id}`).set(mod()), 200);
    await conforms('DELETE', oneToken, request(stack.origin).delete(`${L}/${id}/tokens/${labelled.body.id}`).set(mod()), 404);
    await conforms('DELETE', T, request(stack.origin).delete(`${L}/${id}/tokens`).set(mod()), 200);
    await conforms('DELETE', T, request(stack.origin).delete(`${L}/mod_nope/tokens`).set(mod()), 404);
    const C = '/api/v1/moderators/changes';
    const changes = await conforms('GET', C, request(stack.origin).get(`${C}?moderator=oa-mod&limit=3`).set(mod()), 200);
    assert.equal(changes.body.entries[0].action, 'tokens-revoked');
    await conforms('GET', C, request(stack.origin).get(`${C}?since=never`).set(mod()), 400);
    await conforms('GET', C, request(stack.origin).get(C).set('Authorization', `Bearer ${modToken}`), 403);
  });

  test('bulk moderation: clusters, a cluster decision and a bulk decision: 200, 400, 404', async () => {
    const ids: string[] = [];
    for (const userIp of ['198.18.77.50', '198.18.77.51']) ids.push((await request(stack.origin).post('/api/v1/comments').set(key()).send({ ...reply, userIp }).expect(202)).body.id);
    await stack.waitFor(async () => {
      for (const id of ids) if ((await request(stack.origin).get(`/api/v1/moderation/comments/${id}`).set(mod())).body.status !== 'flagged') return false;
      return true;
    });
    await moderatorsCli(stack, ['add', '--name', 'oa-bulk', '--role', 'moderator', '--sites', site.id]);
    const scoped = { Authorization: `Bearer ${((await moderatorsCli(stack, ['token', '--name', 'oa-bulk'])) as { token: string }).token}` };
    const C = '/api/v1/moderation/clusters';
    const list = await conforms('GET', C, request(stack.origin).get(`${C}?site=${site.id}`).set(scoped), 200);
    const cluster = list.body.clusters.find((k: { key: string }) => k.key === '198.18.77.0/24');
    assert.deepEqual(cluster.commentIds, ids);
    await conforms('GET', C, request(stack.origin).get(`${C}?status=pending`).set(mod()), 200);
    await conforms('GET', C, request(stack.origin).get(`${C}?status=published`).set(mod()), 400);
    await conforms('GET', C, request(stack.origin).get(`${C}?site=another-site`).set(scoped), 404);
    const D = '/api/v1/moderation/clusters/{id}/decision';
    const decide = (body: object) => request(stack.origin).post(`${C}/${cluster.id}/decision`).set(scoped).send(body);
    await conforms('POST', D, decide({ decision: 'maybe' }), 400);
    const decided = await conforms('POST', D, decide({ decision: 'spam', site: site.id, note: 'One wave' }), 200);
    assert.equal(decided.body.decided, 2);
    await conforms('POST', D, decide({ decision: 'spam' }), 404);
    assert.equal(v.requestErrors('POST', D, 'application/json', { decision: 'approve', status: 'pending' }), null);
    assert.notEqual(v.requestErrors('POST', D, 'application/json', { decision: 'maybe' }), null);
    const B = '/api/v1/moderation/comments/bulk-decision';
    const bulk = await conforms('POST', B, request(stack.origin).post(B).set(mod()).send({ ids, decision: 'approve' }), 200);
    assert.deepEqual(bulk.body.results.map((r: { outcome: string }) => r.outcome), ['skipped', 'skipped']);
    await conforms('POST', B, request(stack.origin).post(B).set(mod()).send({ ids: [], decision: 'approve' }), 400);
    assert.equal(v.requestErrors('POST', B, 'application/json', { ids, decision: 'spam' }), null);
    assert.notEqual(v.requestErrors('POST', B, 'application/json', { ids: [], decision: 'spam' }), null);
  });

  test('erasure request: 200, 400, 401', async () => {
    await request(stack.origin).post('/api/v1/comments').set(key()).send({ ...reply, email: 'erase-oa@example.com' }).expect(202);
    const path = '/api/v1/moderation/authors/{email}';
    await conforms('DELETE', path, request(stack.origin).delete('/api/v1/moderation/authors/erase-oa%40example.com').set(mod()), 200);
    await conforms('DELETE', path, request(stack.origin).delete('/api/v1/moderation/authors/nobody').set(mod()), 400);
    await conforms('DELETE', path, request(stack.origin).delete('/api/v1/moderation/authors/erase-oa%40example.com'), 401);
  });

  test('webhook deliveries: list (with dead-lettered ones), redeliver 202, 404', async () => {
    const T = '/api/v1/moderation/webhooks/deliveries';
    const list = await stack.waitFor(async () => {
      const res = await request(stack.origin).get(`${T}?siteId=${site.id}&status=dead`).set(mod());
      return res.body.deliveries?.length ? res : undefined;
    }, 10_000);
    v.check('GET', T, list);
    await conforms('GET', T, request(stack.origin).get(`${T}?status=bogus`).set(mod()), 400);
    await conforms('GET', T, request(stack.origin).get(T), 401);
    const R = '/api/v1/moderation/webhooks/deliveries/{id}/redeliver';
    await conforms('POST', R, request(stack.origin).post(`${T}/${list.body.deliveries[0].id}/redeliver`).set(mod()), 202);
    await conforms('POST', R, request(stack.origin).post(`${T}/evt_nope/redeliver`).set(mod()), 404);
  });

  test('Akismet endpoints answer in the documented plain text', async () => {
    const form = (path: string, body: Record<string, string>) => request(stack.origin).post(path).type('form').send(body);
    const blog = 'https://oa.example.com';
    await conforms('POST', '/1.1/verify-key', form('/1.1/verify-key', { key: site.apiKey, blog }), 200);
    await conforms('POST', '/1.1/verify-key', form('/1.1/verify-key', { key: 'cknope00000000', blog }), 200);
    await conforms('POST', '/1.1/comment-check', form('/1.1/comment-check', { api_key: site.apiKey, blog, user_ip: '192.0.2.9', comment_content: 'Nice post' }), 200);
    await conforms('POST', '/1.1/comment-check', form('/1.1/comment-check', { api_key: site.apiKey, blog }), 200);
    await conforms('POST', '/1.1/submit-spam', form('/1.1/submit-spam', { api_key: site.apiKey, blog, user_ip: '192.0.2.9', comment_content: 'spam', is_test: '1' }), 200);
    await conforms('POST', '/1.1/submit-ham', form('/1.1/submit-ham', { api_key: site.apiKey, blog, user_ip: '192.0.2.9', comment_content: 'ham', is_test: '1' }), 200);
  });

  test('pages', async () => {
    await conforms('GET', '/', request(stack.origin).get('/'), 200);
    await conforms('GET', '/widget.js', request(stack.origin).get('/widget.js'), 200);
    await conforms('GET', '/moderation', request(stack.origin).get('/moderation'), 200);
  });

  test('the check is not vacuous: a public comment that leaked an email, or an undocumented status, is rejected', () => {
    const view = { id: 'c1', threadId: 't', parentId: null, name: 'A', website: null, comment: 'x', createdAt: new Date().toISOString(), status: 'published' };
    const fake = (status: number, body: unknown) => ({ status, headers: { 'content-type': 'application/json' }, text: JSON.stringify(body) });
    v.check('GET', '/api/v1/comments/{id}', fake(200, view));
    assert.throws(() => v.check('GET', '/api/v1/comments/{id}', fake(200, { ...view, email: 'a@b.c' })), /does not match/);
    assert.throws(() => v.check('GET', '/api/v1/comments/{id}', fake(418, {})), /status not documented/);
  });

  test('site rules: GET and PUT 200, 400, 401, 404, 415', async () => {
    const P = '/api/v1/sites/{id}/rules';
    const path = `/api/v1/sites/${site.id}/rules`;
    await conforms('GET', P, request(stack.origin).get(path).set(mod()), 200);
    const rules = { holdWords: ['casino', 'free money'], blockIps: ['2001:db8::/32', '203.0.113.7'], maxLinks: 3, holdFirstComment: false };
    const put = await conforms('PUT', P, request(stack.origin).put(path).set(mod()).send(rules), 200);
    assert.deepEqual(put.body.rules.holdWords, rules.holdWords);
    assert.equal(v.requestErrors('PUT', P, 'application/json', rules), null);
    const bad = { maxLinks: -1, spamWord: ['x'] };
    await conforms('PUT', P, request(stack.origin).put(path).set(mod()).send(bad), 400);
    assert.notEqual(v.requestErrors('PUT', P, 'application/json', bad), null);
    await conforms('PUT', P, request(stack.origin).put(path).set(mod()).type('form').send('holdWords=x'), 415);
    await conforms('GET', P, request(stack.origin).get(path), 401);
    await conforms('GET', P, request(stack.origin).get('/api/v1/sites/no-such-site/rules').set(mod()), 404);
    // Leave the site without rules for the tests after this one.
    await conforms('PUT', P, request(stack.origin).put(path).set(mod()).send({}), 200);
  });

  test('every documented operation was exercised above', () => {
    const missed = v.operations().filter((op) => !v.exercised.has(op));
    assert.deepEqual(missed, []);
  });
});

describe('documented request bodies agree with the API', () => {
  // Its own site, so these calls don't eat into the rate limit the 429 test above counts on.
  let reqSite: CreatedSite;
  before(async () => {
    reqSite = await addSite(stack, 'Requests');
  });

  const many = (c: string, n: number) => c.repeat(n);
  const submissionCases: [string, Record<string, unknown>, number][] = [
    ['a plain reply', reply, 202],
    ['a reply with a numeric threadId', { ...reply, threadId: 42 }, 202],
    ['every limit reached exactly', { ...reply, name: many('n', 100), comment: many('c', 10_000), website: `https://example.com/${many('p', 180)}` }, 202],
    ['backend facts', { ...reply, userIp: '192.0.2.1', userAgent: 'UA/1', referrer: 'https://r.example/', permalink: 'https://p.example/1', commentType: 'reply' }, 202],
    ['no fields', {}, 400],
    ['an invalid email', { ...reply, email: 'not-an-email' }, 400],
    ['an email over 254 characters', { ...reply, email: `${many('a', 64)}@${many('b', 190)}.com` }, 400],
    ['a name of only spaces', { ...reply, name: '   ' }, 400],
    ['a name over 100 characters', { ...reply, name: many('n', 101) }, 400],
    ['a comment over 10,000 characters', { ...reply, comment: many('c', 10_001) }, 400],
    ['a blank comment', { ...reply, comment: ' \n\t ' }, 400],
    ['a threadId over 200 characters', { ...reply, threadId: many('t', 201) }, 400],
    ['a javascript: website', { ...reply, website: 'javascript:alert(1)' }, 400],
    ['an ftp website', { ...reply, website: 'ftp://example.com/x' }, 400],
    ['a website over 200 characters', { ...reply, website: `https://example.com/${many('p', 190)}` }, 400],
    ['a non-string name', { ...reply, name: { $gt: '' } }, 400],
    ['a userIp that is no address', { ...reply, userIp: 'not-an-ip' }, 400],
  ];

  /** Sends the body, asserts the API's status, and asserts the document agrees: valid exactly when accepted. */
  async function agrees(path: string, type: 'json' | 'form', body: Record<string, unknown>, status: number, what: string) {
    const contentType = type === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
    let req = request(stack.origin).post(path).set('Authorization', `Bearer ${reqSite.apiKey}`).set('Accept', 'application/json');
    req = type === 'json' ? req.send(body) : req.type('form').send(body);
    const res = await req;
    assert.equal(res.status, status, `${what}: ${res.text.slice(0, 200)}`);
    // A form arrives as strings; that is what its schema describes.
    const sent = type === 'json' ? body : Object.fromEntries(Object.entries(body).map(([k, value]) => [k, String(value)]));
    const errors = v.requestErrors('POST', path, contentType, sent);
    if (status < 300) assert.equal(errors, null, `${what}: the API accepts it, the document does not`);
    else assert.notEqual(errors, null, `${what}: the API rejects it, the document does not`);
  }

  test('POST /api/v1/comments, JSON: every field rule', async () => {
    for (const [what, body, status] of submissionCases) await agrees('/api/v1/comments', 'json', body, status, what);
  });

  test('POST /api/v1/comments, form: our names, WordPress names, and a form missing a name under either', async () => {
    await agrees('/api/v1/comments', 'form', reply, 202, 'our names');
    const wp = { author: 'Wp User', email: 'wp@example.com', url: 'https://wp.example.com', comment: 'Hello from a theme form', comment_post_ID: '42', comment_parent: '0' };
    await agrees('/api/v1/comments', 'form', wp, 202, 'WordPress names');
    const { author: _author, ...nameless } = wp;
    await agrees('/api/v1/comments', 'form', nameless, 400, 'no name nor author');
    await agrees('/api/v1/comments', 'form', { ...reply, email: 'x@' }, 400, 'an invalid email');
  });

  test('POST /api/v1/check and /api/v1/feedback, JSON and form', async () => {
    for (const type of ['json', 'form'] as const) {
      await agrees('/api/v1/check', type, { comment: 'Nice post', userIp: '192.0.2.4' }, 200, `${type} check`);
      await agrees('/api/v1/check', type, { comment: 'Nice post', name: 'Ann', email: 'ann@example.com', website: 'https://ann.example', threadId: 'p1' }, 200, `${type} check with every field`);
      await agrees('/api/v1/check', type, { name: 'no comment' }, 400, `${type} check without a comment`);
      await agrees('/api/v1/check', type, { comment: 'Nice post', email: 'nope' }, 400, `${type} check with a bad email`);
      await agrees('/api/v1/check', type, { comment: 'Nice post', userIp: '999.1.1.1' }, 400, `${type} check with a bad userIp`);
      await agrees('/api/v1/feedback', type, { comment: 'Nice post', label: 'ham', id: `ext-${type}` }, 200, `${type} feedback`);
      await agrees('/api/v1/feedback', type, { comment: 'Nice post', label: 'meh' }, 400, `${type} feedback with a bad label`);
      await agrees('/api/v1/feedback', type, { label: 'spam' }, 400, `${type} feedback without a comment`);
    }
  });

  test('Akismet forms: what answers `invalid` for a missing parameter is what the document rejects', async () => {
    const blog = 'https://oa.example.com';
    const cases: [string, Record<string, string>, boolean][] = [
      ['/1.1/verify-key', { key: reqSite.apiKey, blog }, true],
      ['/1.1/verify-key', { key: reqSite.apiKey }, false],
      ['/1.1/comment-check', { api_key: reqSite.apiKey, blog, user_ip: '192.0.2.9', comment_content: 'Nice post' }, true],
      ['/1.1/comment-check', { api_key: reqSite.apiKey, blog, comment_content: 'Nice post' }, false],
      ['/1.1/submit-spam', { api_key: reqSite.apiKey, blog, user_ip: '192.0.2.9', comment_content: 'spam', is_test: '1' }, true],
      ['/1.1/submit-spam', { api_key: reqSite.apiKey, user_ip: '192.0.2.9' }, false],
      ['/1.1/submit-ham', { api_key: reqSite.apiKey, blog, user_ip: '192.0.2.9', comment_content: 'ham', is_test: '1' }, true],
      ['/1.1/submit-ham', { api_key: reqSite.apiKey, blog }, false],
    ];
    for (const [path, body, accepted] of cases) {
      const res = await request(stack.origin).post(path).type('form').send(body).expect(200);
      assert.equal(res.text !== 'invalid', accepted, `${path} ${JSON.stringify(body)}: ${res.text}`);
      const errors = v.requestErrors('POST', path, 'application/x-www-form-urlencoded', body);
      assert.equal(errors === null, accepted, `${path} ${JSON.stringify(body)}: ${errors}`);
    }
  });

  test('every documented request body was seen both accepting and rejecting', () => {
    const missed = v.requestBodies().flatMap((b) => ['accepted', 'rejected'].map((r) => `${b} ${r}`)).filter((c) => !v.requestsChecked.has(c));
    assert.deepEqual(missed, []);
  });
});
