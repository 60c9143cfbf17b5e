/** Per-site threshold overrides: `sites set --flag-threshold` changes that site's worker and check verdicts, and no other site's. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startMemoryStack, type MemoryStack, type CreatedSite } from '../support/memory-app.ts';

let stack: MemoryStack;
let strict: CreatedSite;
let relaxed: CreatedSite;
const clean = { threadId: 't', name: 'Jo', email: 'jo@example.com', comment: 'A calm and reasonable remark about the article.' };

before(async () => {
  // A short refresh interval: the test waits one interval for the override to reach the app and the worker.
  stack = await startMemoryStack({ flagThreshold: 0.5, rejectThreshold: 0.99, env: { SITE_REFRESH_MS: '50' } });
  strict = await stack.addSite('Strict');
  relaxed = await stack.addSite('Relaxed');
  // Everything on the strict site waits for a moderator.
  assert.equal((await stack.sitesCli(['set', strict.id, '--flag-threshold', '0', '--reject-threshold', '1'])).code, 0);
});
after(() => stack.stop());

async function statusOf(id: string) {
  await stack.drain();
  return (await stack.store.get(id))?.status;
}

describe('per-site thresholds', () => {
  test('sites set --flag-threshold 0 → that site’s clean comments are flagged; another site’s are published', async () => {
    // The override reaches running processes within SITE_REFRESH_MS.
    await new Promise((r) => setTimeout(r, stack.config.siteRefreshMs + 200));
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
