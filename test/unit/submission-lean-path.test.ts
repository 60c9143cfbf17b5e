/**
 * POST /api/v1/comments with a plain JSON body takes the lean path (src/http/lean-route.ts); the same request with a
 * query string takes the full Express route. Both must answer alike: status, body, and the headers clients see.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startMemoryStack, type MemoryStack } from '../support/memory-app.ts';

let open: MemoryStack;
let listed: MemoryStack;
const valid = { threadId: 'article-1', name: 'Ann Reader', email: 'ann@example.com', comment: 'A thoughtful piece, thank you.' };

before(async () => {
  open = await startMemoryStack();
  listed = await startMemoryStack({ env: { CORS_ORIGINS: 'https://blog.example' } });
});
after(async () => {
  await open.stop();
  await listed.stop();
});

/** Header names, and the values that do not change per request. */
const STABLE = ['content-type', 'access-control-allow-origin', 'vary', 'x-content-type-options', 'retry-after', 'idempotent-replayed'];

async function answer(stack: MemoryStack, path: string, headers: Record<string, string>, body: string) {
  const res = await fetch(`${stack.origin}${path}`, { method: 'POST', headers, body });
  const text = await res.text();
  const json = JSON.parse(text) as Record<string, unknown>;
  return {
    status: res.status,
    body: { ...json, ...(typeof json.id === 'string' ? { id: '<id>' } : {}) },
    id: json.id,
    error: json.error,
    names: [...res.headers.keys()].sort(),
    stable: Object.fromEntries(STABLE.map((h) => [h, res.headers.get(h)])),
    requestId: res.headers.get('x-request-id'),
    length: Number(res.headers.get('content-length')),
    bytes: Buffer.byteLength(text),
    etag: res.headers.get('etag'),
    text,
  };
}

/** The lean answer and the full route's answer to the same request. */
async function both(stack: MemoryStack, headers: Record<string, string>, body: string) {
  const lean = await answer(stack, '/api/v1/comments', headers, body);
  const full = await answer(stack, '/api/v1/comments?route=full', headers, body);
  return { lean, full };
}

/** Express's default (weak) ETag of a body: its length in hex and the start of its SHA-1. */
const weakEtag = (text: string) => `W/"${Buffer.byteLength(text).toString(16)}-${createHash('sha1').update(text).digest('base64').slice(0, 27)}"`;

function assertAlike({ lean, full }: Awaited<ReturnType<typeof both>>, status: number) {
  assert.equal(lean.status, status);
  assert.equal(full.status, status);
  assert.deepEqual(lean.body, full.body);
  assert.deepEqual(lean.names, full.names);
  assert.deepEqual(lean.stable, full.stable);
  assert.equal(lean.length, lean.bytes, 'Content-Length is the body length');
  assert.equal(lean.etag, weakEtag(lean.text), 'the weak ETag Express gives the same body');
  assert.equal(full.etag, weakEtag(full.text));
}

const JSON_TYPE = { 'content-type': 'application/json' };

describe('POST /api/v1/comments: the lean path answers as the full route does', () => {
  test('a valid JSON reply → 202 with the same headers (nosniff, request id, CORS, ETag, JSON type), both stored and queued', async () => {
    const waiting = open.queue.waiting().length;
    const r = await both(open, JSON_TYPE, JSON.stringify(valid));
    assertAlike(r, 202);
    assert.ok(r.lean.names.includes('etag') && r.lean.names.includes('x-request-id'));
    assert.equal(open.queue.waiting().length, waiting + 2);
    assert.equal((await open.store.get(r.lean.id as string))?.status, 'pending');
  });

  test('a charset=utf-8 body with a byte order mark → 202, read as express.json reads it', async () => {
    // U+FEFF is sent as the UTF-8 bytes EF BB BF.
    const body = `\uFEFF${JSON.stringify(valid)}`;
    assertAlike(await both(open, { 'content-type': 'application/json; charset=utf-8' }, body), 202);
  });

  test('invalid JSON → 400 malformed_body; a body nested too deep → 400 malformed_body', async () => {
    assertAlike(await both(open, JSON_TYPE, '{"threadId": "a", '), 400);
    const deep = await both(open, JSON_TYPE, JSON.stringify({ ...valid, extra: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]] }));
    assertAlike(deep, 400);
    assert.equal(deep.lean.error, 'malformed_body');
  });

  test('an empty body, a JSON string and missing fields → the same 400 validation_failed', async () => {
    for (const body of ['', '"hello"', JSON.stringify({ ...valid, email: 'not-an-email' })]) {
      const r = await both(open, JSON_TYPE, body);
      assertAlike(r, 400);
      assert.equal(r.lean.error, 'validation_failed', body);
    }
  });

  test('a sane X-Request-Id is echoed on both', async () => {
    const r = await both(open, { ...JSON_TYPE, 'x-request-id': 'edge-42.abc' }, JSON.stringify(valid));
    assert.equal(r.lean.requestId, 'edge-42.abc');
    assert.equal(r.full.requestId, 'edge-42.abc');
  });

  test('with CORS_ORIGINS set: a listed origin gets it back with Vary: Origin, an unlisted one no CORS header', async () => {
    const yes = await both(listed, { ...JSON_TYPE, origin: 'https://blog.example' }, JSON.stringify(valid));
    assertAlike(yes, 202);
    assert.equal(yes.lean.stable['access-control-allow-origin'], 'https://blog.example');
    const no = await both(listed, { ...JSON_TYPE, origin: 'https://elsewhere.example' }, JSON.stringify(valid));
    assertAlike(no, 202);
    assert.equal(no.lean.stable['access-control-allow-origin'], null);
  });

  test('an Idempotency-Key used on the lean path is replayed by the full route: same scope, same comment', async () => {
    const headers = { ...JSON_TYPE, 'idempotency-key': 'lean-then-full-1' };
    const first = await answer(open, '/api/v1/comments', headers, JSON.stringify(valid));
    const again = await answer(open, '/api/v1/comments?route=full', headers, JSON.stringify(valid));
    assert.equal(first.status, 202);
    assert.equal(again.status, 202);
    assert.equal(again.id, first.id);
    assert.equal(again.stable['idempotent-replayed'], 'true');
    const back = await answer(open, '/api/v1/comments', headers, JSON.stringify(valid));
    assert.equal(back.id, first.id);
    assert.equal(back.stable['idempotent-replayed'], 'true');
  });
});
