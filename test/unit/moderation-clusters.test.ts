/**
 * Bulk moderation through createApp on in-memory stores: GET /moderation/clusters scoped to the caller's
 * sites, a decision on a whole cluster or on a list of ids that only moves comments still queued, with an
 * audit entry, a lesson and a webhook event per comment, and CSRF for dashboard sessions.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startMemoryStack, type MemoryStack } from '../support/memory-app.ts';
import type { CommentStatus } from '../../models/comment.ts';
import { listClusters } from '../../src/moderators/queue-clusters.ts';

let stack: MemoryStack;
let bobToken = '';
let bobId = '';
/** A moderator of news and sport: its queue is read per site and merged. */
let carolToken = '';
const PASSWORD = 'correct horse battery';
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

let seq = 0;
/** A comment as the worker would have left it: created, then moved by the classifier to `status`. */
async function queued(siteId: string, ip: string | null, status: CommentStatus = 'flagged', text?: string): Promise<string> {
  const n = ++seq;
  const c = await stack.store.create({
    siteId,
    threadId: 't1',
    parentId: null,
    name: `Reader ${n}`,
    email: `reader${n}@gmail.com`,
    website: null,
    comment: text ?? `Comment number ${n} about ${['the weather', 'the match', 'the budget', 'trains', 'the library', 'music'][n % 6]}, ${'written differently each time '.slice(0, 5 + (n % 20))}.`,
    ip,
    userAgent: null,
    signals: {},
  });
  if (status !== 'pending') await stack.store.transition(c.id, { from: ['pending'], to: status, by: 'classifier', spamScore: 0.7, reasons: [] });
  return c.id;
}

function clusters(token: string, query = '') {
  return request(stack.origin).get(`/api/v1/moderation/clusters${query}`).set(bearer(token));
}

before(async () => {
  stack = await startMemoryStack();
  await stack.addSite('News', ['--id', 'news']);
  await stack.addSite('Sport', ['--id', 'sport']);
  await stack.registry.refresh();
  const added = await stack.moderatorsCli(['add', '--name', 'bob', '--role', 'moderator', '--sites', 'news', '--password-stdin', '--json'], `${PASSWORD}\n`);
  bobId = JSON.parse(added.stdout).id;
  bobToken = JSON.parse((await stack.moderatorsCli(['token', '--name', 'bob', '--json'])).stdout).token;
  await stack.moderatorsCli(['add', '--name', 'carol', '--role', 'moderator', '--sites', 'news,sport', '--json']);
  carolToken = JSON.parse((await stack.moderatorsCli(['token', '--name', 'carol', '--json'])).stdout).token;
});
after(() => stack.stop());

describe('GET /api/v1/moderation/clusters', () => {
  test('a moderator sees only its sites’ comments; another site → 404; an admin sees every site; pending on request', async () => {
    const newsIds: string[] = [];
    for (let i = 1; i <= 6; i++) newsIds.push(await queued('news', `2001:db8:10:1::${i}`));
    const sportIds = [await queued('sport', '2001:db8:10:1::a'), await queued('sport', '2001:db8:10:1::b')];
    await queued('news', '2001:db8:10:1::c', 'published');
    const pendingIds = [await queued('news', '192.0.2.1', 'pending'), await queued('news', '192.0.2.77', 'pending')];

    const bob = await clusters(bobToken).expect(200);
    assert.equal(bob.headers['cache-control'], 'no-store');
    assert.equal(bob.body.status, 'flagged');
    assert.equal(bob.body.truncated, false);
    const ip = bob.body.clusters.find((k: { kind: string }) => k.kind === 'ip');
    assert.deepEqual([ip.key, ip.count, ip.commentIds, ip.sites], ['2001:db8:10:1::/64', 6, newsIds, ['news']]);
    assert.equal(ip.example.id, newsIds[0]);
    assert.equal(ip.example.siteId, 'news');
    assert.ok(!JSON.stringify(bob.body).includes('@gmail.com'), 'free-mail domains form no cluster');

    await clusters(bobToken, '?site=sport').expect(404);
    await clusters(bobToken, '?siteId=sport').expect(404);
    await clusters(bobToken, '?site=news').expect(200);
    await clusters(bobToken, '?status=published').expect(400);

    const admin = await clusters(stack.moderatorToken).expect(200);
    // With the other site's comments it is a bigger cluster, under the same kind, key and id.
    const wide = admin.body.clusters.find((k: { id: string }) => k.id === ip.id);
    assert.deepEqual([wide.key, wide.count, wide.sites], [ip.key, 8, ['news', 'sport']]);
    assert.deepEqual(wide.commentIds, [...newsIds, ...sportIds]);

    const carol = await clusters(carolToken).expect(200);
    // Two sites' queues are read apart and merged by time: comments of the same millisecond may come in either order.
    const merged: string[] = carol.body.clusters.find((k: { id: string }) => k.id === ip.id).commentIds;
    assert.deepEqual([...merged].sort(), [...newsIds, ...sportIds].sort());
    assert.deepEqual(merged.filter((id) => newsIds.includes(id)), newsIds, 'each site oldest first');

    const pending = await clusters(bobToken, '?status=pending').expect(200);
    assert.deepEqual(pending.body.clusters.map((k: { key: string; commentIds: string[] }) => [k.key, k.commentIds]), [['192.0.2.0/24', pendingIds]]);
  });
});

describe('deciding a cluster', () => {
  test('POST /clusters/:id/decision marks every queued comment of the cluster on the moderator’s sites spam: audit entry, lesson and event each', async () => {
    const members = [];
    for (let i = 1; i <= 5; i++) members.push(await queued('news', `203.0.113.${i}`, i === 5 ? 'pending' : 'flagged'));
    const other = await queued('sport', '203.0.113.99');
    const listed = await clusters(bobToken).expect(200);
    const cluster = listed.body.clusters.find((k: { key: string }) => k.key === '203.0.113.0/24');
    assert.deepEqual(cluster.commentIds, members.slice(0, 4), 'the pending one is in the pending queue, not this one');
    const learnedBefore = (await stack.learning.stats('news')).spamDocs;
    const eventsBefore = stack.events.length;

    const res = await request(stack.origin)
      .post(`/api/v1/moderation/clusters/${cluster.id}/decision`)
      .set(bearer(bobToken))
      .send({ decision: 'spam', note: 'One spam wave' })
      .expect(200);
    assert.deepEqual([res.body.decision, res.body.decided, res.body.skipped, res.body.notFound], ['spam', 4, 0, 0]);
    assert.deepEqual(res.body.results, members.slice(0, 4).map((id) => ({ id, outcome: 'decided', status: 'spam' })));

    for (const id of members.slice(0, 4)) {
      const c = await stack.store.get(id);
      assert.deepEqual([c!.status, c!.decidedBy], ['spam', 'bob']);
      const history = await stack.audit.history(id);
      assert.deepEqual(history.map((e) => [e.actor, e.actorName, e.from, e.to, e.note]), [[bobId, 'bob', 'flagged', 'spam', 'One spam wave']]);
    }
    assert.equal((await stack.learning.stats('news')).spamDocs, learnedBefore + 4, 'each decision teaches the classifier');
    assert.deepEqual(stack.events.slice(eventsBefore), members.slice(0, 4).map((id) => ['comment.spam', id]));
    assert.equal((await stack.store.get(members[4]!))!.status, 'pending');
    assert.equal((await stack.store.get(other))!.status, 'flagged', 'the other site’s comment is untouched');

    // The same cluster again: it is gone from the queue.
    await request(stack.origin).post(`/api/v1/moderation/clusters/${cluster.id}/decision`).set(bearer(bobToken)).send({ decision: 'spam' }).expect(404);
  });

  test('a cluster of the pending queue approved with status=pending; an unknown cluster, a bad decision or another site → 404/400', async () => {
    const a = await queued('news', '198.51.100.1', 'pending');
    const b = await queued('news', '198.51.100.2', 'pending');
    const listed = await clusters(bobToken, '?status=pending&site=news').expect(200);
    const cluster = listed.body.clusters.find((k: { key: string }) => k.key === '198.51.100.0/24');
    const url = `/api/v1/moderation/clusters/${cluster.id}/decision`;
    await request(stack.origin).post(url).set(bearer(bobToken)).send({ decision: 'approve' }).expect(404, /Cluster not found/);
    await request(stack.origin).post(url).set(bearer(bobToken)).send({ decision: 'approve', status: 'pending', site: 'sport' }).expect(404);
    const bad = await request(stack.origin).post(url).set(bearer(bobToken)).send({ decision: 'maybe', status: 'pending' }).expect(400);
    assert.equal(bad.body.error, 'validation_failed');
    const res = await request(stack.origin).post(url).set(bearer(bobToken)).send({ decision: 'approve', status: 'pending', site: 'news' }).expect(200);
    assert.equal(res.body.decided, 2);
    assert.deepEqual([(await stack.store.get(a))!.status, (await stack.store.get(b))!.status], ['published', 'published']);
    assert.equal((await stack.audit.history(a))[0]!.from, 'pending');
  });
});

describe('POST /api/v1/moderation/comments/bulk-decision', () => {
  test('moves only comments still queued and on the caller’s sites; the rest are skipped or not found, and learn nothing', async () => {
    const flagged = await queued('news', null);
    const pending = await queued('news', null, 'pending');
    const published = await queued('news', null, 'published');
    const spamByClassifier = await queued('news', null, 'spam');
    const sport = await queued('sport', null);
    const learnedBefore = await stack.learning.stats('news');
    const res = await request(stack.origin)
      .post('/api/v1/moderation/comments/bulk-decision')
      .set(bearer(bobToken))
      .send({ ids: [flagged, pending, published, spamByClassifier, sport, 'c_missing', flagged], decision: 'approve' })
      .expect(200);
    assert.deepEqual(res.body.results, [
      { id: flagged, outcome: 'decided', status: 'published' },
      { id: pending, outcome: 'decided', status: 'published' },
      { id: published, outcome: 'skipped', status: 'published' },
      { id: spamByClassifier, outcome: 'skipped', status: 'spam' },
      { id: sport, outcome: 'not_found', status: null },
      { id: 'c_missing', outcome: 'not_found', status: null },
    ]);
    assert.deepEqual([res.body.decided, res.body.skipped, res.body.notFound], [2, 2, 2]);
    assert.equal((await stack.store.get(sport))!.status, 'flagged');
    assert.equal((await stack.store.get(spamByClassifier))!.decidedBy, 'classifier');
    assert.equal((await stack.audit.history(published)).length, 0);
    assert.equal((await stack.learning.stats('news')).hamDocs, learnedBefore.hamDocs + 2);
  });

  test('an empty list, an unknown decision or a long note → 400', async () => {
    for (const body of [{ ids: [], decision: 'spam' }, { ids: ['c1'], decision: 'delete' }, { ids: ['c1'], decision: 'spam', note: 'x'.repeat(501) }, {}]) {
      const res = await request(stack.origin).post('/api/v1/moderation/comments/bulk-decision').set(bearer(bobToken)).send(body).expect(400);
      assert.equal(res.body.error, 'validation_failed');
    }
  });

  test('with a dashboard session: without the X-CSRF-Token → 403 and nothing moves; with it → 200', async () => {
    const id = await queued('news', null);
    const signIn = await request(stack.origin).post('/api/v1/session').send({ name: 'bob', password: PASSWORD }).expect(200);
    const cookie = String(signIn.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
    const url = '/api/v1/moderation/comments/bulk-decision';
    const refused = await request(stack.origin).post(url).set('Cookie', cookie).send({ ids: [id], decision: 'spam' }).expect(403);
    assert.equal(refused.body.error, 'csrf_failed');
    assert.equal((await stack.store.get(id))!.status, 'flagged');
    await request(stack.origin).post(url).set('Cookie', cookie).set('X-CSRF-Token', signIn.body.csrfToken).send({ ids: [id], decision: 'spam' }).expect(200);
    assert.equal((await stack.store.get(id))!.status, 'spam');
  });
});

describe('bounded work', () => {
  test('only the newest comments of a queue (5,000; 30 here) are grouped: truncated, and the oldest left out', async () => {
    const oldest = [await queued('big', '192.0.2.250', 'pending', 'The oldest one'), await queued('big', '192.0.2.251', 'pending', 'The second oldest')];
    const newer = [];
    for (let i = 0; i < 30; i++) newer.push(await queued('big', `198.18.${i}.1`, 'pending', `Filler ${i} with words of its own ${i * 7}`));
    newer.push(await queued('big', '198.18.0.2', 'pending', 'Newest, on a network seen before'));
    const ids = (r: Awaited<ReturnType<typeof listClusters>>) => r.clusters.flatMap((k) => k.commentIds);
    const all = await listClusters(stack.store, 'pending', ['big'], 40);
    assert.deepEqual([all.considered, all.truncated], [33, false]);
    assert.ok(ids(all).includes(oldest[0]!), 'the oldest two share a /24');
    for (const sites of [['big'], 'all'] as const) {
      const cut = await listClusters(stack.store, 'pending', sites === 'all' ? 'all' : [...sites], 31);
      assert.deepEqual([cut.considered, cut.truncated], [31, true]);
      assert.ok(!ids(cut).some((id) => oldest.includes(id)), 'the oldest wait for a later look');
      assert.deepEqual(cut.clusters.find((k) => k.key === '198.18.0.0/24')?.commentIds, [newer[0], newer[30]]);
    }
  });
});
