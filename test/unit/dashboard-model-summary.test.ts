/** The dashboard header's words about the spam model: plain counts with grouping, grammar following the count. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { modelSummary } from '../../src/browser/dashboard/model-summary.ts';

describe('dashboard model summary', () => {
  test('"Spam model trained on 6,712 comments; learned from 4 of your decisions"', () => {
    assert.equal(modelSummary({ model: { baseDocuments: 6712 }, learned: { documents: 4 } }), 'Spam model trained on 6,712 comments; learned from 4 of your decisions');
  });

  test('one decision and one comment are singular; none says so; no version strings', () => {
    assert.equal(modelSummary({ model: { baseDocuments: 1 }, learned: { documents: 1 } }), 'Spam model trained on 1 comment; learned from 1 decision of yours');
    assert.equal(modelSummary({ model: { baseDocuments: 2 }, learned: { documents: 2 } }), 'Spam model trained on 2 comments; learned from 2 of your decisions');
    assert.equal(modelSummary({ model: { baseDocuments: 12000 }, learned: { documents: 0 } }), 'Spam model trained on 12,000 comments; no decisions of yours learned from yet');
    assert.equal(modelSummary({ learned: { documents: 1234 } }), 'Learned from 1,234 of your decisions');
    assert.equal(modelSummary(null), '');
    assert.doesNotMatch(modelSummary({ model: { baseDocuments: 5 }, learned: { documents: 3 } }), /version|\+learned|\d+\.\d+\.\d+/);
  });
});
