/**
 * The repeated-text key (comment-records.ts repeatTextHash) is computed without building the normalised string; it
 * must equal the SHA-256 of normaliseForRepeat's string for any text, or repeats stored before and after would differ.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normaliseForRepeat, repeatTextHash, sha256 } from '../../src/store/comment-records.ts';

const reference = (text: string) => sha256(normaliseForRepeat(text));

test('repeatTextHash equals sha256(normaliseForRepeat(text)) for any text: separators, case, astral characters, lone surrogates', () => {
  // Any UTF-16 code units, lone surrogates included, with separators and case-changing letters mixed in often.
  const units = fc
    .array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0x20, 0x2c, 0xa0, 0x130, 0x2028, 0x3000, 0xfeff, 0xd83d, 0xde00)), { maxLength: 80 })
    .map((codes) => String.fromCharCode(...codes));
  fc.assert(
    fc.property(fc.oneof(units, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (text) => {
      assert.equal(repeatTextHash(text), reference(text));
    }),
    { numRuns: 2000 },
  );
  for (const text of ['', '   ', '...', 'Great post!', '  Hello,   WORLD!!  ', 'İstanbul — déjà vu… “quoted”', 'emoji 😀 and 𐄀 separator', 'x'.repeat(5000), 'Ünïcödé, words. '.repeat(3000), 'short again']) {
    assert.equal(repeatTextHash(text), reference(text), text);
  }
});

test('every UTF-16 code unit on its own and between letters hashes as the reference does', () => {
  for (let unit = 0; unit < 0x10000; unit++) {
    const c = String.fromCharCode(unit);
    const text = `a${c}B ${c}`;
    assert.equal(repeatTextHash(text), reference(text), `U+${unit.toString(16)}`);
  }
});
