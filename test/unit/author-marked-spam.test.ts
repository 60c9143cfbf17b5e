/**
 * An author whose comment a moderator marked spam: their next comment on the site carries the
 * author-marked-spam-before signal (+4 log-odds), so a text that would be published from anyone else is held
 * for a moderator; a moderator's approval of one of their comments clears it, and other authors are unaffected.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { scoreSubmission } from '../../src/spam/classifier.ts';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel } from '../../src/spam/spam-model.ts';
import { DEFAULT_THRESHOLDS } from '../../src/spam/policy.ts';
import { SIGNAL_WEIGHTS, signalContributions } from '../../src/spam/signals.ts';
import { startMemoryStack, type MemoryStack } from '../support/memory-app.ts';

// Reads like a reader's comment: published from anyone the site knows nothing about.
const ordinary = 'Great article, thanks for writing it.';

test('the signal adds its weight and is named among the reasons', () => {
  assert.deepEqual(signalContributions({ authorMarkedSpam: true }), [['author-marked-spam-before', SIGNAL_WEIGHTS.authorMarkedSpam]]);
  assert.deepEqual(signalContributions({ authorMarkedSpam: false }), []);
  const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);
  const sub = { text: ordinary, name: 'Sam', email: 'sam@example.net' };
  const plain = scoreSubmission(model, sub);
  const marked = scoreSubmission(model, sub, { signals: { authorMarkedSpam: true } });
  assert.ok(plain.spamScore < DEFAULT_THRESHOLDS.flag, `published from an unknown author: ${plain.spamScore}`);
  assert.ok(marked.spamScore >= DEFAULT_THRESHOLDS.flag, `held from a marked author: ${marked.spamScore}`);
  assert.ok(marked.reasons.includes('author-marked-spam-before +4.0'), marked.reasons.join(', '));
  assert.ok(marked.evidenceKinds.includes('signals'), 'counts as a kind of evidence for a reject');
});

describe('through the service', () => {
  let stack: MemoryStack;
  const mod = () => ({ Authorization: `Bearer ${stack.moderatorToken}` });
  before(async () => {
    // The shipped thresholds.
    stack = await startMemoryStack({ flagThreshold: DEFAULT_THRESHOLDS.flag, rejectThreshold: DEFAULT_THRESHOLDS.reject });
  });
  after(() => stack.stop());

  async function submit(comment: string, email: string): Promise<{ id: string; status: string; reasons: string[] }> {
    const res = await request(stack.origin).post('/api/v1/comments').send({ threadId: 'authors', name: 'Visitor', email, comment }).expect(202);
    await stack.drain();
    const rec = (await request(stack.origin).get(`/api/v1/moderation/comments/${res.body.id}`).set(mod()).expect(200)).body;
    return { id: res.body.id as string, status: rec.status as string, reasons: rec.reasons as string[] };
  }
  const marked = (reasons: string[]) => reasons.some((r) => r.startsWith('author-marked-spam-before'));

  test("a known spam author's next comment is held; another author's same text is published; an approval clears the mark", async () => {
    const first = await submit('Cheap followers and likes for your channel, message me.', 'promo@example.net');
    assert.equal(marked(first.reasons), false, 'nobody is marked before a decision');
    await request(stack.origin).post(`/api/v1/moderation/comments/${first.id}/spam`).set(mod()).expect(200);

    const next = await submit(ordinary, 'Promo@Example.net');
    assert.equal(next.status, 'flagged', next.reasons.join(', '));
    assert.ok(marked(next.reasons), next.reasons.join(', '));

    const reader = await submit(`${ordinary} Really.`, 'reader@example.net');
    assert.equal(reader.status, 'published', reader.reasons.join(', '));
    assert.equal(marked(reader.reasons), false);

    await request(stack.origin).post(`/api/v1/moderation/comments/${next.id}/approve`).set(mod()).expect(200);
    const cleared = await submit(`${ordinary} Again.`, 'promo@example.net');
    assert.equal(marked(cleared.reasons), false, cleared.reasons.join(', '));
  });
});
