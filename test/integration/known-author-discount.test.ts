/**
 * The "previously published author" discount can't be borrowed: it applies to the email together
 * with the stable prefix (IPv4 /24, IPv6 /48) of the address the published comment came from, so
 * typing a known author's email from elsewhere earns nothing. The opposite mark (a moderator marked the author's
 * comment spam) is recognised the same way.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startTestStack, type TestStack } from '../support/harness.ts';

let stack: TestStack;
before(async () => {
  // Everything is flagged, so each comment's reasons are visible; TRUST_PROXY=1 sets the client address.
  stack = await startTestStack({ flagThreshold: 0, rejectThreshold: 1.0001, env: { TRUST_PROXY: '1' } });
});
after(() => stack.stop());

const auth = () => `Bearer ${stack.moderatorToken}`;

/** A moderator's decision on a comment. */
const moderate = (id: string, action: 'approve' | 'spam') =>
  request(stack.origin).post(`/api/v1/moderation/comments/${id}/${action}`).set('Authorization', auth()).expect(200);

async function decided(email: string, ip: string, comment: string): Promise<{ id: string; reasons: string[] }> {
  const res = await request(stack.origin)
    .post('/api/v1/comments')
    .set('X-Forwarded-For', ip)
    .send({ threadId: 'known-1', name: 'Ann Reader', email, comment })
    .expect(202);
  const id = res.body.id as string;
  return stack.waitFor(async () => {
    const full = await request(stack.origin).get(`/api/v1/moderation/comments/${id}`).set('Authorization', auth());
    return full.body.status !== 'pending' ? { id, reasons: full.body.reasons as string[] } : undefined;
  }, 10_000);
}

const discounted = (reasons: string[]) => reasons.some((r) => r.startsWith('author-approved-before'));

describe('known-author discount', () => {
  test('an approved author writing again from the same network gets it; the same email typed from elsewhere does not', async () => {
    const first = await decided('regular@example.com', '198.51.100.4', 'First time here: a careful and fair article.');
    assert.equal(discounted(first.reasons), false, 'nobody is known before a published comment');
    await moderate(first.id, 'approve');

    const sameNetwork = await decided('Regular@Example.com', '198.51.100.77', 'Back again with a follow-up question.');
    assert.equal(discounted(sameNetwork.reasons), true, sameNetwork.reasons.join(', '));

    const borrowed = await decided('regular@example.com', '203.0.113.99', 'Back again with a follow-up question, honest.');
    assert.equal(discounted(borrowed.reasons), false, 'typing a known email from another network earns nothing');
  });

  test('an author a moderator marked spam gets author-marked-spam-before from the same network, not from elsewhere; an approval clears it', async () => {
    const marked = (reasons: string[]) => reasons.some((r) => r.startsWith('author-marked-spam-before'));
    const first = await decided('promo@example.com', '198.51.100.40', 'Cheap followers for your channel, message me.');
    assert.equal(marked(first.reasons), false, 'nobody is marked before a decision');
    await moderate(first.id, 'spam');

    const sameNetwork = await decided('Promo@Example.com', '198.51.100.41', 'Great article, thanks for writing it.');
    assert.equal(marked(sameNetwork.reasons), true, sameNetwork.reasons.join(', '));
    const borrowed = await decided('promo@example.com', '203.0.113.41', 'Great article, thanks for writing it!');
    assert.equal(marked(borrowed.reasons), false, 'typing a marked email from another network is a stranger');

    await moderate(sameNetwork.id, 'approve');
    assert.equal(marked((await decided('promo@example.com', '198.51.100.42', 'Great article, thanks again.')).reasons), false);
  });

  test('IPv6: the same /48 keeps the discount, another /48 does not', async () => {
    const first = await decided('v6@example.com', '2001:db8:aa:1::5', 'An IPv6 reader says hello and thanks.');
    await moderate(first.id, 'approve');
    assert.equal(discounted((await decided('v6@example.com', '2001:db8:aa:2::9', 'Another thought from the same household.')).reasons), true);
    assert.equal(discounted((await decided('v6@example.com', '2001:db8:bb:1::5', 'Another thought from somewhere else.')).reasons), false);
  });
});
