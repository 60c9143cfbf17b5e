/**
 * Personal data is not kept forever: IP address and user agent are blanked after PII_RETENTION_DAYS,
 * spam is deleted after SPAM_RETENTION_DAYS (both in bounded batches), and an erasure request removes
 * every comment and trace of one email address.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { loadConfig } from '../../src/config.ts';
import { RedisCommentStore } from '../../src/store/redis-comment-store.ts';
import { runRetentionOnce } from '../../workers/retention-job.ts';
import { startTestStack, type TestStack } from '../support/harness.ts';
import { patchStoredFields, storedFields } from '../support/comment-records.ts';

const DAY = 24 * 3600 * 1000;
let stack: TestStack;
let store: RedisCommentStore;

before(async () => {
  // No worker: the test decides when retention runs and what "now" is. TRUST_PROXY=1 sets the client address.
  stack = await startTestStack({ worker: false, env: { TRUST_PROXY: '1' } });
  store = new RedisCommentStore(stack.redis, stack.prefix);
});
after(() => stack.stop());

const auth = () => `Bearer ${stack.moderatorToken}`;

async function submit(email: string, ip = '203.0.113.10', comment = 'A thoughtful piece, thank you.'): Promise<string> {
  const res = await request(stack.origin)
    .post('/api/v1/comments')
    .set('X-Forwarded-For', ip)
    .set('User-Agent', 'Mozilla/5.0 (retention test)')
    .send({ threadId: 'ret-1', name: 'Ann Reader', email, comment })
    .expect(202);
  return res.body.id as string;
}

const fields = (id: string) => storedFields(stack.redis, stack.keys.comment(id));

describe('configuration', () => {
  test('PII_RETENTION_DAYS defaults to 30 and SPAM_RETENTION_DAYS to 30; bad values name the variable', () => {
    const c = loadConfig({});
    assert.equal(c.retention.piiDays, 30);
    assert.equal(c.retention.spamDays, 30);
    assert.throws(() => loadConfig({ PII_RETENTION_DAYS: '-1' }), /PII_RETENTION_DAYS/);
    assert.throws(() => loadConfig({ SPAM_RETENTION_DAYS: 'forever' }), /SPAM_RETENTION_DAYS/);
  });
});

describe('retention job', () => {
  test('IP address and user agent are blanked once older than PII_RETENTION_DAYS, in batches; the rest of the record stays', async () => {
    const ids = [await submit('r1@example.com'), await submit('r2@example.com'), await submit('r3@example.com')];
    const opts = { piiDays: 30, spamDays: 0, batch: 2, maxBatches: 10 };
    assert.deepEqual(await runRetentionOnce(store, opts, Date.now() + 29 * DAY), { piiErased: 0, spamDeleted: 0 });
    for (const id of ids) assert.equal((await fields(id)).ip, '203.0.113.10');

    const run = await runRetentionOnce(store, opts, Date.now() + 31 * DAY);
    assert.ok(run.piiErased >= 3);
    for (const id of ids) {
      const h = await fields(id);
      assert.equal(h.ip, '');
      assert.equal(h.userAgent, '');
      assert.equal(h.comment, 'A thoughtful piece, thank you.');
    }
    const full = await request(stack.origin).get(`/api/v1/moderation/comments/${ids[0]}`).set('Authorization', auth()).expect(200);
    assert.equal(full.body.ip, null);
    assert.equal(full.body.userAgent, null);
    // Done is done: the next run has nothing left to do.
    assert.equal((await runRetentionOnce(store, opts, Date.now() + 31 * DAY)).piiErased, 0);
  });

  test('spam older than SPAM_RETENTION_DAYS is deleted; spam a moderator marked recently, and other states, stay', async () => {
    const spam = await submit('spammer@example.com');
    const recent = await submit('spammer2@example.com');
    const kept = await submit('fine@example.com');
    for (const id of [spam, recent]) {
      await request(stack.origin).post(`/api/v1/moderation/comments/${id}/spam`).set('Authorization', auth()).expect(200);
    }
    // As if a moderator marked it spam 20 days from now.
    await patchStoredFields(stack.redis, stack.keys.comment(recent), { decidedAt: new Date(Date.now() + 20 * DAY).toISOString() });
    const opts = { piiDays: 0, spamDays: 30, batch: 1, maxBatches: 10 };
    assert.equal((await runRetentionOnce(store, opts, Date.now() + 29 * DAY)).spamDeleted, 0);
    const run = await runRetentionOnce(store, opts, Date.now() + 31 * DAY);
    assert.equal(run.spamDeleted, 1);
    assert.equal(await stack.redis.exists(stack.keys.comment(spam)), 0);
    assert.equal(await stack.redis.zscore(stack.keys.status('spam'), spam), null);
    assert.equal(await stack.redis.exists(stack.keys.comment(recent)), 1);
    assert.equal(await stack.redis.exists(stack.keys.comment(kept)), 1);
  });
});

/** Every value under the test prefix that mentions `needle`, as "key" or "key field". */
async function traces(needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const key of await stack.allKeys()) {
    if (key.includes(needle)) found.push(key);
    const type = await stack.redis.type(key);
    if (type === 'string' && (await stack.redis.get(key))?.includes(needle)) found.push(key);
    if (type === 'hash') {
      for (const [f, v] of Object.entries(await stack.redis.hgetall(key))) if (f.includes(needle) || v.includes(needle)) found.push(`${key} ${f}`);
    }
    if (type === 'set' || type === 'zset') {
      const members = type === 'set' ? await stack.redis.smembers(key) : await stack.redis.zrange(key, '0', '-1');
      for (const m of members) if (m.includes(needle)) found.push(`${key} ${m}`);
    }
  }
  return found;
}

describe('DELETE /api/v1/moderation/authors/:email', () => {
  test('without the moderator token → 401; a wrong one → 403', async () => {
    await request(stack.origin).delete('/api/v1/moderation/authors/a@example.com').expect(401);
    await request(stack.origin).delete('/api/v1/moderation/authors/a@example.com').set('Authorization', 'Bearer wrong-token-xxxxxxxxxxxx').expect(403);
  });

  test('erases every comment of the address (any case), its known-author entries (even of comments deleted before) and nothing of anyone else', async () => {
    const email = 'Erase.Me@Example.com';
    const published = await submit(email, '198.51.100.4', 'My first reply, published.');
    const flagged = await submit(email.toLowerCase(), '198.51.100.4', 'My second reply, flagged.');
    const deletedEarlier = await submit(email, '192.0.2.44', 'A reply a moderator deleted.');
    const other = await submit('someone.else@example.com', '198.51.100.4', 'Not mine.');
    for (const id of [published, deletedEarlier, other]) {
      await request(stack.origin).post(`/api/v1/moderation/comments/${id}/approve`).set('Authorization', auth()).expect(200);
    }
    await request(stack.origin).delete(`/api/v1/moderation/comments/${deletedEarlier}`).set('Authorization', auth()).expect(204);
    const knownKey = stack.keys.publishedAuthors('default');
    assert.equal(await stack.redis.scard(knownKey), 3, 'two of the author (two prefixes) and one of someone else');

    const res = await request(stack.origin)
      .delete(`/api/v1/moderation/authors/${encodeURIComponent('erase.me@EXAMPLE.com')}`)
      .set('Authorization', auth())
      .expect(200);
    assert.deepEqual(res.body, { deletedComments: 2 });

    for (const id of [published, flagged]) {
      await request(stack.origin).get(`/api/v1/comments/${id}`).expect(404);
      await request(stack.origin).get(`/api/v1/moderation/comments/${id}`).set('Authorization', auth()).expect(404);
    }
    const thread = await request(stack.origin).get('/api/v1/threads/ret-1/comments').expect(200);
    assert.ok(!thread.body.comments.some((c: { id: string }) => [published, flagged].includes(c.id)));
    assert.ok(thread.body.comments.some((c: { id: string }) => c.id === other));
    assert.equal(await stack.redis.scard(knownKey), 1, 'only the other author is still known');
    assert.deepEqual(await traces('rase.me@'), []);
    assert.deepEqual(await traces('rase.Me@'), []);
    // Ids may remain only where they carry nothing personal: the queue's job ({commentId}) and the learned label.
    for (const id of [published, flagged, deletedEarlier]) {
      assert.deepEqual((await traces(id)).filter((t) => !t.startsWith(stack.keys.bull) && !(t.startsWith(stack.keys.learn) && t.includes(':labels '))), [], id);
    }
    assert.equal((await fields(other)).email, 'someone.else@example.com');

    // Erasing again finds nothing and is not an error.
    const again = await request(stack.origin).delete(`/api/v1/moderation/authors/${encodeURIComponent(email)}`).set('Authorization', auth()).expect(200);
    assert.deepEqual(again.body, { deletedComments: 0 });
  });

  test('something that is not an email address → 400 validation_failed', async () => {
    const res = await request(stack.origin).delete('/api/v1/moderation/authors/nobody').set('Authorization', auth()).expect(400);
    assert.equal(res.body.error, 'validation_failed');
  });
});
