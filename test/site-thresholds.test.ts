/** Per-site threshold overrides: `sites set --flag-threshold` changes that site's worker and check verdicts, and no other site's. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startTestStack, type TestStack } from './support/harness.ts';
import { addSite, sitesCli, type CreatedSite } from './support/sites.ts';

let stack: TestStack;
let strict: CreatedSite;
let relaxed: CreatedSite;
const clean = { threadId: 't', name: 'Jo', email: 'jo@example.com', comment: 'A calm and reasonable remark about the article.' };

before(async () => {
  stack = await startTestStack({ flagThreshold: 0.5, rejectThreshold: 0.99 });
  strict = await addSite(stack, 'Strict');
  relaxed = await addSite(stack, 'Relaxed');
  // Everything on the strict site waits for a moderator.
  await sitesCli(stack, ['set', strict.id, '--flag-threshold', '0', '--reject-threshold', '1']);
});
after(() => stack.stop());

async function statusOf(id: string) {
  return stack.waitFor(async () => {
    const s = await stack.redis.hget(stack.keys.comment(id), 'status');
    return s && s !== 'pending' ? s : undefined;
  }, 8000);
}

describe('per-site thresholds', () => {
  test('sites set --flag-threshold 0 → that site’s clean comments are flagged; another site’s are published', async () => {
    // The override reaches running processes within SITE_REFRESH_MS.
    await new Promise((r) => setTimeout(r, Number(stack.config.siteRefreshMs ?? 1000) + 200));
    const a = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${strict.apiKey}`).send(clean).expect(202);
    const b = await request(stack.origin).post('/api/v1/comments').set('Authorization', `Bearer ${relaxed.apiKey}`).send(clean).expect(202);
    assert.equal(await statusOf(a.body.id), 'flagged');
    assert.equal(await statusOf(b.body.id), 'published');
  });

  test('POST /api/v1/check uses the site’s thresholds too', async () => {
    const s = await request(stack.origin).post('/api/v1/check').set('Authorization', `Bearer ${strict.apiKey}`).send(clean).expect(200);
    const r = await request(stack.origin).post('/api/v1/check').set('Authorization', `Bearer ${relaxed.apiKey}`).send(clean).expect(200);
    assert.equal(s.body.verdict, 'flag');
    assert.equal(r.body.verdict, 'publish');
  });
});
