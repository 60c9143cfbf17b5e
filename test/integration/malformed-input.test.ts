/**
 * Malformed input is a 400, never a 500: a lone UTF-16 surrogate in any field of the comment, check,
 * feedback and Akismet endpoints (the e-mail, URL and IP validators throw on one), and JSON nested
 * thousands of levels deep, with or without an Idempotency-Key (whose fingerprint walks the body).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startTestStack, type TestStack } from '../support/harness.ts';
import { addSite, type CreatedSite } from '../support/sites.ts';
import { fromAkismet } from '../../src/comments/akismet-fields.ts';
import { validateCheck, validateFeedback } from '../../src/comments/validate-check.ts';
import { validateSubmission } from '../../src/comments/validate-submission.ts';
import { backendFacts } from '../../src/comments/backend-context.ts';
import { ValidationError } from '../../src/errors.ts';
import { toErrorAnswer } from '../../src/http/error-handler.ts';

let stack: TestStack;
let site: CreatedSite;
const LONE = '\ud800';
const reply = { threadId: 'mi-1', name: 'Ann Reader', email: 'ann@example.com', comment: 'A thoughtful piece, thank you.', website: 'https://ann.example.com' };
const facts = { userIp: '192.0.2.1', userAgent: 'UA/1', referrer: 'https://r.example', permalink: 'https://p.example/1', commentType: 'comment' };
const key = () => ({ Authorization: `Bearer ${site.apiKey}` });

before(async () => {
  stack = await startTestStack({ worker: false });
  site = await addSite(stack, 'Malformed');
});
after(() => stack.stop());

/** Puts a lone surrogate inside `value`, where a validator would choke on it. */
function spoil(value: string): string {
  return value.includes('@') ? value.replace('@', `${LONE}@`) : `${value.slice(0, 3)}${LONE}${value.slice(3)}`;
}

describe('a lone surrogate in a field → 400 validation_failed naming that field', () => {
  const endpoints: [string, string, Record<string, string>, boolean][] = [
    ['POST /api/v1/comments (widget)', '/api/v1/comments', reply, false],
    ['POST /api/v1/comments (keyed)', '/api/v1/comments', { ...reply, ...facts }, true],
    ['POST /api/v1/check', '/api/v1/check', { ...reply, ...facts }, true],
    ['POST /api/v1/feedback', '/api/v1/feedback', { ...reply, label: 'spam', id: 'ext-1' }, true],
  ];
  for (const [name, path, body, keyed] of endpoints) {
    test(`${name}: every field, one at a time`, async () => {
      for (const field of Object.keys(body)) {
        const sent = { ...body, [field]: spoil(body[field]!) };
        const res = await request(stack.origin).post(path).set(keyed ? key() : {}).send(sent);
        assert.equal(res.status, 400, `${field}: ${res.text}`);
        assert.equal(res.body.error, 'validation_failed');
        assert.ok(res.body.fields[field], `${field}: ${res.text}`);
      }
    });
  }

  test('an unknown field or a field name with a lone surrogate is named too', async () => {
    const res = await request(stack.origin).post('/api/v1/comments').send({ ...reply, [`x${LONE}`]: 'y', extra: [`a${LONE}`] }).expect(400);
    assert.deepEqual(Object.keys(res.body.fields).sort(), ['extra', `x${LONE}`].sort());
  });

  test('the readers themselves never throw anything but a 400 on one', () => {
    for (const read of [validateSubmission, validateCheck, validateFeedback, (b: unknown) => backendFacts(b, { ip: null, userAgent: null })]) {
      assert.throws(() => read({ ...reply, ...facts, email: `a${LONE}@example.com` }), (e: unknown) => e instanceof ValidationError && toErrorAnswer(e).status === 400);
    }
    const akismet = fromAkismet({ comment_author_email: `a${LONE}@example.com`, comment_author_url: `http://a${LONE}.example`, user_ip: `1${LONE}`, comment_content: 'x' });
    assert.equal(akismet.text.email, '');
    assert.equal(akismet.text.website, null);
    assert.equal(akismet.ip, null);
  });

  test('Akismet: invalid UTF-8 in a form field reads as text, the answer is the protocol’s', async () => {
    for (const path of ['/1.1/comment-check', '/1.1/submit-spam', '/1.1/verify-key']) {
      const res = await request(stack.origin)
        .post(path)
        .type('form')
        .send(`api_key=${site.apiKey}&key=${site.apiKey}&blog=https%3A%2F%2Fb.example&user_ip=192.0.2.1&comment_author_email=a%ED%A0%80%40example.com&comment_author_url=http%3A%2F%2Fa%ED%A0%80.example&comment_content=hi%ED%A0%80&is_test=1`);
      assert.equal(res.status, 200, `${path}: ${res.text}`);
      assert.match(res.text, /^(true|false|valid|Thanks)/, path);
    }
  });
});

describe('deeply nested JSON → 400 malformed_body', () => {
  const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  const bodies: [string, string][] = [
    ['a 4,000-deep array', deepArray(4000)],
    ['a 16,000-deep array (as deep as 32 KB allows)', deepArray(16_000)],
    ['a 4,000-deep object', deepObject(4000)],
    ['a reply whose comment is a 4,000-deep array', `{"threadId":"t","name":"n","email":"e@example.com","comment":${deepArray(4000)}}`],
  ];
  for (const [what, body] of bodies) {
    test(`${what}, with and without an Idempotency-Key, on every JSON endpoint`, async () => {
      for (const [path, keyed] of [['/api/v1/comments', false], ['/api/v1/comments', true], ['/api/v1/check', true], ['/api/v1/feedback', true]] as const) {
        for (const idem of [undefined, `deep-${Math.random()}`]) {
          let req = request(stack.origin).post(path).set('Content-Type', 'application/json');
          if (keyed) req = req.set(key());
          if (idem) req = req.set('Idempotency-Key', idem);
          const res = await req.send(body);
          assert.equal(res.status, 400, `${path} keyed=${keyed} idem=${Boolean(idem)}: ${res.text.slice(0, 200)}`);
          assert.equal(res.body.error, 'malformed_body');
        }
      }
    });
  }

  test('20 levels are still read (and refused by the field rules, not the parser)', async () => {
    const nested = JSON.parse('{"a":'.repeat(18) + '1' + '}'.repeat(18));
    const res = await request(stack.origin).post('/api/v1/comments').send({ ...reply, name: nested }).expect(400);
    assert.equal(res.body.error, 'validation_failed');
    assert.ok(res.body.fields.name);
  });

  test('the service still answers afterwards', async () => {
    await request(stack.origin).get('/healthz').expect(200);
    await request(stack.origin).post('/api/v1/comments').send(reply).expect(202);
  });
});
