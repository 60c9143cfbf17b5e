/**
 * Property-based fuzzing (fast-check) of every public endpoint, JSON and form-encoded: arbitrary Unicode
 * with lone surrogates and control characters, odd types, duplicate fields, prototype-named keys, deep
 * nesting, broken percent-escapes and wrong content types. Whatever arrives: no 5xx, the process keeps
 * answering, and Object.prototype is untouched. Runs are bounded so the file takes a few seconds.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import fc from 'fast-check';
import { startTestStack, type TestStack } from '../support/harness.ts';
import { addSite, type CreatedSite } from '../support/sites.ts';

let stack: TestStack;
let site: CreatedSite;
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

before(async () => {
  stack = await startTestStack({ worker: false, env: { SITE_RATE_LIMIT_PER_MINUTE: '0' } });
  site = await addSite(stack, 'Fuzz');
});
after(() => stack.stop());

const FIELDS = [
  'threadId', 'name', 'email', 'comment', 'website', 'parentId', 'formToken', 'contact_me_by_fax_only',
  'author', 'url', 'comment_post_ID', 'comment_parent',
  'userIp', 'userAgent', 'referrer', 'permalink', 'commentType', 'label', 'id',
  'api_key', 'key', 'blog', 'user_ip', 'user_agent', 'comment_type', 'comment_author', 'comment_author_email',
  'comment_author_url', 'comment_content', 'user_role', 'is_test', 'honeypot_field_name',
];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** One UTF-16 code unit or short run, biased towards what breaks parsers and validators. */
const unit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.constantFrom('@', '.', ':', '/', 'http://', 'https://', '%', '&', '=', '+', '\r\n', ' ', '\u202e', '\ufeff', 'e\u0301') },
);
const text = fc.string({ unit, maxLength: 40 });
const plausible = fc.constantFrom('ann@example.com', 'https://ann.example.com', '192.0.2.1', '::1', 'spam', 'ham', 'comment', '0', '1', 'true', 'akismet-guaranteed-spam', 'administrator', 'A fine reply.');
const key = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...FIELDS) }, { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) }, { weight: 1, arbitrary: text });
const leaf = fc.oneof(text, plausible, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 3 })),
}));
const entries = fc.array(fc.tuple(key, value), { maxLength: 12 });

/** A JSON text, written by hand so that keys may repeat. JSON.stringify escapes lone surrogates, so they arrive as such. */
const jsonBody = fc.oneof(
  { weight: 6, arbitrary: entries.map((es) => `{${es.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`) },
  { weight: 1, arbitrary: value.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 6000 }).map((n) => '['.repeat(n) + ']'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((n) => '{"comment":'.repeat(n) + '1' + '}'.repeat(n)) },
  { weight: 1, arbitrary: text },
);

/** Percent-encodes every byte of the UTF-8 encoding (lone surrogates become U+FFFD, as a browser sends them). */
const enc = (s: string) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const formPiece = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(key, fc.oneof(text, plausible)).map(([k, v]) => `${enc(k)}=${enc(v)}`) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%ED%A0%80', '%FF%FE', '=', '==', 'a', '+++', `api_key=${'KEY'}`) },
);
const formBody = fc.array(formPiece, { maxLength: 15 }).map((ps) => ps.join('&'));

const contentType = fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'multipart/form-data; boundary=x');
const POSTS = ['/api/v1/comments', '/api/v1/check', '/api/v1/feedback', '/1.1/verify-key', '/1.1/comment-check', '/1.1/submit-spam', '/1.1/submit-ham'];

const post = fc.record({
  path: fc.constantFrom(...POSTS),
  type: contentType,
  json: jsonBody,
  form: formBody,
  auth: fc.constantFrom('none', 'site', 'junk'),
  idempotencyKey: fc.option(fc.stringMatching(/^[A-Za-z0-9-]{0,300}$/), { nil: undefined }),
  accept: fc.constantFrom('application/json', 'text/html', '*/*'),
  referer: fc.option(fc.constantFrom('https://blog.example.com/post', 'javascript:alert(1)', 'not a url', '//evil.example'), { nil: undefined }),
});

function expectNo5xx(res: request.Response, what: string): void {
  assert.ok(res.status < 500, `${what} → ${res.status}: ${res.text.slice(0, 300)}`);
}

describe('fuzzing the public endpoints', () => {
  test('POST bodies of every shape, JSON and form → never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(post, async (p) => {
        const form = p.type.includes('urlencoded') || p.type.startsWith('multipart');
        const body = (form ? p.form : p.json).replaceAll('KEY', site.apiKey);
        let req = request(stack.origin).post(p.path).set('Content-Type', p.type).set('Accept', p.accept);
        if (p.auth === 'site') req = req.set('Authorization', `Bearer ${site.apiKey}`);
        if (p.auth === 'junk') req = req.set('Authorization', 'Bearer ck-not-a-key');
        if (p.idempotencyKey !== undefined) req = req.set('Idempotency-Key', p.idempotencyKey);
        if (p.referer) req = req.set('Referer', p.referer);
        const res = await req.send(body);
        expectNo5xx(res, `POST ${p.path} (${p.type}) ${body.slice(0, 200)}`);
      }),
      { numRuns: 300 },
    );
  });

  test('GET paths and query parameters → never a 5xx', async () => {
    const segment = fc.oneof(text.map(enc), fc.constantFrom('%', '%zz', '%ED%A0%80', '..', 'c' + 'x'.repeat(100)));
    const query = fc.array(fc.tuple(fc.constantFrom('limit', 'cursor', 'siteId', 'status', 'x'), fc.oneof(text.map(enc), fc.constantFrom('0', '-1', '1e3', '50', '%'))), { maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('comment', 'thread', 'token'), segment, query, async (kind, seg, q) => {
        const qs = q.map(([k, v]) => `${k}=${v}`).join('&');
        const path = kind === 'comment' ? `/api/v1/comments/${seg}` : kind === 'thread' ? `/api/v1/threads/${seg}/comments?${qs}` : `/api/v1/form-token?${qs}`;
        expectNo5xx(await request(stack.origin).get(path), `GET ${path}`);
      }),
      { numRuns: 150 },
    );
  });

  test('afterwards: Object.prototype is untouched and the service still answers', async () => {
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), prototypeBefore);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    await request(stack.origin).get('/healthz').expect(200);
    await request(stack.origin).post('/api/v1/comments').send({ threadId: 't', name: 'Ann', email: 'ann@example.com', comment: 'Still here?' }).expect(202);
  });
});
