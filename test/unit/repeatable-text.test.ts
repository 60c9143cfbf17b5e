/**
 * Which texts count as repeatable (score-comment.ts countsAsRepeatable): at least MIN_WORDS_FOR_REPEAT runs of
 * non-white-space, counted by hand instead of with a regular expression's match objects; it must agree with `/\S+/g`
 * for any text, or a text would count as a repeat for one build and not for the other.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { countsAsRepeatable, MIN_WORDS_FOR_REPEAT } from '../../src/comments/score-comment.ts';

const reference = (text: string) => (text.match(/\S+/g) ?? []).length >= MIN_WORDS_FOR_REPEAT;

test('countsAsRepeatable agrees with counting /\\S+/g matches, for every kind of white space', () => {
  // Every character JavaScript's \s matches, a few that it does not (U+180E, U+200B), and words.
  const spaces = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2005, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff, 0x180e, 0x200b, 0x85];
  const pieces = fc.oneof(fc.constantFrom(...spaces.map((c) => String.fromCharCode(c))), fc.constantFrom('a', 'word', 'é', '点', '😀', ''), fc.string({ maxLength: 3 }));
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
      const text = parts.join('');
      assert.equal(countsAsRepeatable(text), reference(text), JSON.stringify(text));
    }),
    { numRuns: 2000 },
  );
  for (let c = 0; c <= 0xffff; c++) {
    const sep = String.fromCharCode(c);
    const text = ['a', 'b', 'c', 'd', 'e', 'f'].join(sep);
    assert.equal(countsAsRepeatable(text), reference(text), `U+${c.toString(16)}`);
  }
});
