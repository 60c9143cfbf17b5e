/** The comment record's stored form (comment-record-codec.ts): one field list shared with the Lua scripts, and a lossless codec. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { luaSource } from '../../src/store/redis-client.ts';
import { packStrings } from '../../src/store/msgpack-strings.ts';
import { COMMENT_FIELDS, commentFromRecord, decodeRecord, encodeRecord, F, fromFields, toFields } from '../../src/store/comment-record-codec.ts';

test('the Lua scripts list the record fields in the same order as comment-record-codec.ts', () => {
  const m = /local COMMENT_FIELDS = \{([^}]*)\}/.exec(luaSource('includes/record.lua'));
  assert.ok(m, 'COMMENT_FIELDS not found in includes/record.lua');
  const lua = [...m[1]!.matchAll(/'([^']*)'/g)].map((x) => x[1]);
  assert.deepEqual(lua, [...COMMENT_FIELDS]);
});

test('the Lua scripts\' field positions (R in includes/record.lua) match COMMENT_FIELDS', () => {
  const m = /local R = \{([^}]*)\}/.exec(luaSource('includes/record.lua'));
  assert.ok(m, 'R not found in includes/record.lua');
  const positions = [...m[1]!.matchAll(/(\w+) = (\d+)/g)].map((x) => [x[1], Number(x[2])]);
  assert.deepEqual(positions, COMMENT_FIELDS.map((name, i) => [name, i + 1]));
});

test('the store script\'s own field positions (comment-create-many-1.lua, without includes/record) match COMMENT_FIELDS', () => {
  const m = /^local (P_\w+(?:, P_\w+)*), COMMENT_FORMAT = ([\d, ]+), '(\d+)'$/m.exec(luaSource('comment-create-many-1.lua'));
  assert.ok(m, 'the P_ positions not found in comment-create-many-1.lua');
  const names = m[1]!.split(', ').map((n) => n.slice(2));
  const positions = m[2]!.split(',').map((n) => Number(n.trim()));
  assert.deepEqual(positions, names.map((name) => COMMENT_FIELDS.indexOf(name as (typeof COMMENT_FIELDS)[number]) + 1));
  assert.ok(['signals', 'order', 'rev', 'authorHash', 'intake', 'wouldHave', 'textHash'].every((name) => names.includes(name)));
  assert.equal(m[3], /local COMMENT_FORMAT = '(\d+)'/.exec(luaSource('includes/record.lua'))?.[1]);
});

test("the worker's batched read's own field positions (comment-read-many-1.lua, without includes/record) match COMMENT_FIELDS", () => {
  const m = /^local (P_\w+(?:, P_\w+)*) = ([\d, ]+)$/m.exec(luaSource('comment-read-many-1.lua'));
  assert.ok(m, 'the P_ positions not found in comment-read-many-1.lua');
  const names = m[1]!.split(', ').map((n) => n.slice(2));
  const positions = m[2]!.split(',').map((n) => Number(n.trim()));
  assert.deepEqual(positions, names.map((name) => COMMENT_FIELDS.indexOf(name as (typeof COMMENT_FIELDS)[number]) + 1));
  assert.deepEqual(names, ['siteId', 'ip', 'authorHash', 'intake', 'textHash']);
});

test('encode → decode gives back any values, padded with "" to the full field list', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 70_000 / 100 }), { minLength: 1, maxLength: 40 }), (values) => {
      const back = decodeRecord(encodeRecord(values));
      assert.deepEqual(back.slice(0, values.length), values);
      assert.equal(back.length, Math.max(values.length, COMMENT_FIELDS.length));
      assert.ok(back.slice(values.length).every((v) => v === ''));
    }),
  );
  // Each string length class of MessagePack: fixstr, str8, str16, str32.
  for (const len of [0, 31, 32, 255, 256, 65_535, 65_536]) assert.deepEqual(decodeRecord(encodeRecord(['1', 'é'.repeat(len)]))[1], 'é'.repeat(len));
});

test('a truncated or foreign value is an error, never a half-read comment', () => {
  const buf = encodeRecord(['1', 'cabc', 'default', 'a thread']);
  assert.throws(() => decodeRecord(buf.subarray(0, buf.length - 2)), /truncated/);
  assert.throws(() => decodeRecord(Buffer.from('{"id":"x"}')), /not an array/);
});

test('a record of the former hash layout → the same Comment as the current layout', () => {
  const hash = { id: 'c1', siteId: 'news', threadId: 't', parentId: '', name: 'Ann', email: 'a@example.com', website: '', comment: 'Hi', createdAt: '2026-01-01T00:00:00.000Z', status: 'published', spamScore: '0.5', reasons: '["ok"]', ip: '', userAgent: 'UA', decidedAt: '2026-01-01T00:00:01.000Z', decidedBy: 'classifier', signals: '{"msToSubmit":3}', order: '1', rev: '2' };
  const values = fromFields(hash);
  assert.equal(values[F.v], '1');
  const comment = commentFromRecord(decodeRecord(encodeRecord(values)));
  assert.deepEqual(comment, {
    id: 'c1', siteId: 'news', threadId: 't', parentId: null, name: 'Ann', email: 'a@example.com', website: null, comment: 'Hi',
    createdAt: '2026-01-01T00:00:00.000Z', status: 'published', spamScore: 0.5, reasons: ['ok'], ip: null, userAgent: 'UA',
    decidedAt: '2026-01-01T00:00:01.000Z', decidedBy: 'classifier', signals: { msToSubmit: 3 },
  });
  assert.equal(toFields(values).rev, '2');
  assert.equal(commentFromRecord(fromFields({ id: 'c1' })), null, 'no status → no comment');
});

test('packStrings → the same MessagePack array of strings as the record codec writes, whatever the lengths', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ minLength: 250, maxLength: 300 })), { minLength: 0, maxLength: 40 }), (values) => {
      const packed = packStrings(values);
      assert.deepEqual(decodeRecord(packed).slice(0, values.length), values);
      if (values.length === 0 || values[values.length - 1] !== '') assert.deepEqual(packed, encodeRecord(values));
    }),
  );
  assert.deepEqual(decodeRecord(packStrings(['x'.repeat(70_000), 'é'])).slice(0, 2), ['x'.repeat(70_000), 'é']);
});
