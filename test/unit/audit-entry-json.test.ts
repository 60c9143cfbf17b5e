/**
 * The audit entry a move sends with it (redis-audit-store.ts auditArgs): given the reasons and would-have the move
 * serialised already, it must be the very text JSON.stringify writes for the whole entry, or the trail would read
 * differently depending on who wrote it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { auditArgs } from '../../src/store/redis-audit-store.ts';

test('an audit entry built from the move\'s serialised reasons is what JSON.stringify writes for the whole entry', () => {
  const text = fc.oneof(fc.string(), fc.constantFrom('', 'a"b', 'back\\slash', 'line\nbreak', 'é点😀', '\u2028', '\ud800'));
  const wouldHave = fc.option(fc.record({ mode: fc.constantFrom('shadow', 'hold-all'), verdict: fc.constantFrom('publish', 'flag', 'reject'), spamScore: fc.double({ noNaN: true }) }), { nil: undefined });
  fc.assert(
    fc.property(
      fc.record({
        commentId: text,
        siteId: text,
        actor: text,
        actorName: fc.option(text, { nil: null }),
        to: fc.constantFrom('published', 'flagged', 'spam', 'deleted'),
        reasons: fc.array(text, { maxLength: 6 }),
        note: fc.option(text, { nil: null }),
      }),
      wouldHave,
      fc.integer({ min: 0, max: 4_102_444_800_000 }),
      (fields, would, ms) => {
        const entry = would ? { ...fields, wouldHave: would } : fields;
        const json = { reasons: JSON.stringify(entry.reasons), wouldHave: would && JSON.stringify(would) };
        assert.deepEqual(auditArgs(entry as Parameters<typeof auditArgs>[0], ms, undefined, json), auditArgs(entry as Parameters<typeof auditArgs>[0], ms));
      },
    ),
    { numRuns: 3000 },
  );
});

test('an entry with a field left undefined is written as JSON.stringify leaves it out', () => {
  const entry = { commentId: 'c1', siteId: 's', actor: 'classifier', actorName: undefined as unknown as null, to: 'published' as const, reasons: ['a'], note: null };
  const [tail] = auditArgs(entry, 0, undefined, { reasons: '["a"]' });
  assert.equal(tail, JSON.stringify({ ...entry, at: new Date(0).toISOString() }).slice(1));
  assert.ok(!tail.includes('actorName'));
});
