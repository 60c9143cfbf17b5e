/**
 * The worker's stores gather the reads, scoring signals, learned-count fetches and moves asked for in one turn of the
 * event loop into one command each. Asked together (as the jobs in flight ask), each comment gets exactly the answer
 * and the effect its own call has on an unbatched store: its own compare-and-set, audit entry and outcome.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { RedisCommentStore } from '../../src/store/redis-comment-store.ts';
import { RedisLearningStore } from '../../src/store/redis-learning-store.ts';
import { RedisAuditStore } from '../../src/store/redis-audit-store.ts';
import { redisKeys } from '../../src/store/redis-keys.ts';
import { newComment } from '../contract/comment-store.contract.ts';
import { freshPrefixes, TEST_REDIS_CLUSTER, TEST_REDIS_URL } from '../support/harness.ts';
import { closeRedisClient, createRedisClient, loadScript, waitUntilReady } from '../../src/store/redis-client.ts';
import { packStrings } from '../../src/store/msgpack-strings.ts';
import { createServer, type AddressInfo } from 'node:net';
import { toFormerLayout, withoutTextHash } from '../support/comment-records.ts';
import { IdempotencySupersededError, type Transition } from '../../src/store/comment-store.ts';
import { idempotencyRecordKey, RedisIdempotencyStore } from '../../src/store/redis-idempotency-store.ts';
import { DependencyUnavailableError } from '../../src/errors.ts';
import { DEFAULT_ADAPTATION_OPTIONS } from '../../src/spam/site-adaptation.ts';

const redis = new Redis(TEST_REDIS_URL);
const fresh = freshPrefixes(redis);

const byClassifier = (to: Transition['to']): Transition => ({
  from: ['pending'],
  to,
  by: 'classifier',
  spamScore: 0.5,
  reasons: ['r'],
  audit: { actor: 'classifier', actorName: null, reasons: ['r'], note: null },
});

describe('batched store calls', () => {
  test('submissions stored in one turn, two under one Idempotency-Key claim and one whose claim record is broken → the first binds the claim, the second is told it is bound, the broken one fails alone', async () => {
    const prefix = fresh();
    const store = new RedisCommentStore(redis, prefix, { batch: false });
    const idem = new RedisIdempotencyStore(redis, prefix);
    const begun = await idem.begin('site:default', 'key-1', 'fingerprint');
    assert.ok(begun.kind === 'new' && begun.claim);
    const binding = { scope: 'site:default', key: 'key-1', owner: begun.claim.owner };
    // Not a hash: the claim check of the third submission fails with WRONGTYPE inside the script.
    await redis.set(idempotencyRecordKey(prefix, 'site:default', 'broken'), 'x');
    const results = await Promise.allSettled([
      store.create(newComment({ comment: 'first' }), { intake: true, idempotency: binding }),
      store.create(newComment({ comment: 'second' }), { intake: true, idempotency: binding }),
      store.create(newComment({ comment: 'third' }), { intake: true, idempotency: { scope: 'site:default', key: 'broken', owner: 'o' } }),
      store.create(newComment({ comment: 'fourth' }), { intake: true }),
      store.create(newComment({ comment: 'fifth' })),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled'],
    );
    const [first, second, third, fourth, fifth] = results;
    assert.ok(first.status === 'fulfilled' && second.status === 'rejected' && third.status === 'rejected');
    assert.ok(second.reason instanceof IdempotencySupersededError);
    assert.equal(second.reason.boundTo, first.value.id);
    // A script error of its own, not an outage: the caller does not answer it with a 503 as if Redis were gone.
    assert.ok(!(third.reason instanceof DependencyUnavailableError) && /WRONGTYPE/.test(String(third.reason)), String(third.reason));
    assert.ok(fourth.status === 'fulfilled' && fifth.status === 'fulfilled');
    assert.equal(await redis.hget(idempotencyRecordKey(prefix, 'site:default', 'key-1'), 'commentId'), first.value.id);
    assert.equal(await store.intakeState(first.value.id), 'intake');
    assert.equal(await store.intakeState(fourth.value.id), 'intake');
    assert.deepEqual(await store.get(fifth.value.id), fifth.value);
    // Only the stored ones exist: the superseded and the failed submissions left no record, index entry or count.
    assert.deepEqual((await redis.zrange(redisKeys(prefix).intake, '0', '-1')).sort(), [first.value.id, fourth.value.id].sort());
    assert.equal(await redis.hlen(redisKeys(prefix).textSeen('default')), 3);
  });

  test('more submissions in one turn than one call takes (205, the bound 200) → two script calls, every submission stored and answered with its own comment', async () => {
    const prefix = fresh();
    const client = new Redis(TEST_REDIS_URL);
    try {
      // Ready first: a command queued while connecting goes through sendCommand again once connected.
      assert.ok(await waitUntilReady(client, 3000));
      const store = new RedisCommentStore(client, prefix, { batch: false });
      let scriptCalls = 0;
      const send = client.sendCommand.bind(client);
      client.sendCommand = (...a: Parameters<Redis['sendCommand']>) => {
        if (/^eval/i.test(a[0].name)) scriptCalls++;
        return send(...a);
      };
      const made = await Promise.all(Array.from({ length: 205 }, (_, i) => store.create(newComment({ comment: `comment ${i}` }))));
      assert.equal(scriptCalls, 2);
      assert.equal(new Set(made.map((c) => c.id)).size, 205);
      const stored = await Promise.all(made.map((c) => store.get(c.id)));
      assert.deepEqual(stored, made);
    } finally {
      client.disconnect();
    }
  });

  test('an idempotency record key outside the comment slot (another prefix\'s hash tag) → that submission refused with an error of its own, nothing written for it', async () => {
    const prefix = fresh();
    const k = redisKeys(prefix);
    const createMany = loadScript<string[][]>(redis, 'comment-create-many', 1);
    const outside = idempotencyRecordKey(`${prefix}-other`, 'site:default', 'key-1');
    assert.ok(!outside.startsWith(k.data));
    const item = packStrings(['c-outside', String(Date.now()), 'a'.repeat(64), '1', 'owner', '', 'default\n', '', 'default', 'b'.repeat(64), outside, '']);
    const [reply] = await createMany(k.intake, k.data, '1', item);
    assert.equal(reply![0], 'error');
    assert.match(String(reply![1]), /outside the comment slot/);
    assert.equal(await redis.exists(k.comment('c-outside')), 0);
    assert.equal(await redis.zcard(k.intake), 0);
  });

  test('Redis refusing connections → every submission of the turn fails with the unavailable error (a 503), within 2 s', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const client = createRedisClient(`redis://127.0.0.1:${port}`, undefined, { coalesceWrites: true });
    try {
      const store = new RedisCommentStore(client, fresh(), { batch: false });
      const started = Date.now();
      const results = await Promise.allSettled([
        store.create(newComment({ comment: 'one' }), { intake: true }),
        store.create(newComment({ comment: 'two' }), { intake: true }),
        store.create(newComment({ comment: 'three' })),
      ]);
      assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
      for (const r of results) assert.ok(r.status === 'rejected' && r.reason instanceof DependencyUnavailableError, String(r.status === 'rejected' ? r.reason : r.status));
    } finally {
      client.disconnect();
    }
  });

  test('submissions in different callbacks of one turn, after another command of that turn, on a connection that holds its writes → one socket write, each stored', { skip: TEST_REDIS_CLUSTER ? 'one server only' : false }, async () => {
    const prefix = fresh();
    const client = createRedisClient(TEST_REDIS_URL, undefined, { coalesceWrites: true }) as Redis;
    try {
      assert.ok(await waitUntilReady(client, 3000));
      const store = new RedisCommentStore(client, prefix, { batch: false });
      const earlier = await store.create(newComment({ comment: 'earlier' }));
      let writes = 0;
      const socket = client.stream as unknown as Record<'_write' | '_writev', (...a: unknown[]) => void>;
      for (const name of ['_write', '_writev'] as const) {
        const original = socket[name].bind(socket);
        socket[name] = (...a: unknown[]) => {
          writes++;
          original(...a);
        };
      }
      // Three callbacks of one turn, as three requests' bodies arriving on different sockets: a read, then two submissions.
      const [read, a, b] = await Promise.all([
        new Promise<unknown>((r) => setImmediate(() => r(store.get(earlier.id)))),
        new Promise<unknown>((r) => setImmediate(() => r(store.create(newComment({ comment: 'a' }))))),
        new Promise<unknown>((r) => setImmediate(() => r(store.create(newComment({ comment: 'b' }))))),
      ]);
      assert.deepEqual(read, earlier);
      assert.equal(writes, 1);
      assert.deepEqual(await Promise.all([store.get((a as { id: string }).id), store.get((b as { id: string }).id)]), [a, b]);
    } finally {
      await closeRedisClient(client);
    }
  });

  test('reads in one turn of a current record, a former-layout record, unconfirmed intake and an unknown id → each as its own get', async () => {
    const prefix = fresh();
    const store = new RedisCommentStore(redis, prefix, { batch: true });
    const current = await store.create(newComment({ comment: 'current' }));
    const former = await store.create(newComment({ comment: 'former' }));
    await toFormerLayout(redis, redisKeys(prefix).comment(former.id));
    const intake = await store.create(newComment({ comment: 'intake' }), { intake: true });
    const got = await Promise.all([store.get(current.id), store.get(former.id), store.get(intake.id), store.get('c_unknown')]);
    assert.deepEqual(got, [current, former, null, null]);
  });

  test('moves in one turn → each applies or conflicts on its own, with its own audit entry; a retried move changes nothing', async () => {
    const prefix = fresh();
    const store = new RedisCommentStore(redis, prefix, { batch: true });
    const audit = new RedisAuditStore(redis, prefix);
    const a = await store.create(newComment({ comment: 'a' }));
    const b = await store.create(newComment({ comment: 'b' }));
    const decided = await store.create(newComment({ comment: 'decided by a moderator' }));
    await store.transition(decided.id, { from: ['pending'], to: 'spam', by: 'moderator' });
    const [ca, cb, cd] = await Promise.all([store.get(a.id), store.get(b.id), store.get(decided.id)]);
    const results = await Promise.all([
      store.transition(a.id, { ...byClassifier('published'), current: ca! }),
      store.transition(b.id, { ...byClassifier('flagged'), current: cb! }),
      store.transition(decided.id, { ...byClassifier('published'), current: cd! }),
      store.transition('c_unknown', byClassifier('published')),
    ]);
    assert.deepEqual(
      results.map((r) => r.outcome),
      ['applied', 'applied', 'conflict', 'missing'],
    );
    assert.equal((await store.get(a.id))!.status, 'published');
    assert.equal((await store.get(b.id))!.status, 'flagged');
    assert.equal((await store.get(decided.id))!.decidedBy, 'moderator');
    const again = await Promise.all([store.transition(a.id, byClassifier('spam')), store.transition(b.id, byClassifier('spam'))]);
    assert.deepEqual(
      again.map((r) => r.outcome),
      ['conflict', 'conflict'],
    );
    const histories = await Promise.all([a.id, b.id, decided.id].map((id) => audit.history(id)));
    assert.deepEqual(
      histories.map((h) => h.map((e) => [e.actor, e.from, e.to])),
      [[['classifier', 'pending', 'published']], [['classifier', 'pending', 'flagged']], []],
    );
  });

  test('a move that raises an error in the batched script (a truncated record) → only that move fails; the others in the turn apply', async () => {
    const prefix = fresh();
    const store = new RedisCommentStore(redis, prefix, { batch: true });
    const a = await store.create(newComment({ comment: 'a' }));
    const broken = await store.create(newComment({ comment: 'broken' }));
    // Read first, as the worker does, so that both moves go straight to the batched move script.
    const [ca, cb] = await Promise.all([store.get(a.id), store.get(broken.id)]);
    const key = redisKeys(prefix).comment(broken.id);
    // A truncated MessagePack array: cmsgpack raises an error on it.
    await redis.set(key, Buffer.from([0x92, 0xd9, 0x64, 0x61]));
    const [ok, failed] = await Promise.allSettled([
      store.transition(a.id, { ...byClassifier('published'), current: ca! }),
      store.transition(broken.id, { ...byClassifier('published'), current: cb! }),
    ]);
    assert.equal(ok.status === 'fulfilled' && ok.value.outcome, 'applied');
    assert.ok(failed.status === 'rejected');
    assert.match(String(failed.reason), new RegExp(`moving comment ${broken.id} failed`));
    assert.equal((await store.get(a.id))!.status, 'published');
  });

  test('reads for scoring in one turn → each record with its signals as scoringSignals answers them; records without the text hash (earlier builds) and of the former layout without', async () => {
    const prefix = fresh();
    const store = new RedisCommentStore(redis, prefix, { batch: true });
    const key = (id: string) => redisKeys(prefix).comment(id);
    const text = 'the very same words sent twice to this site';
    const first = await store.create(newComment({ comment: text, email: 'known@example.com', ip: '198.51.100.7' }));
    await store.transition(first.id, { from: ['pending'], to: 'published', by: 'classifier' });
    const repeat = await store.create(newComment({ comment: text, email: 'known@example.com', ip: '198.51.100.9' }));
    const noAddress = await store.create(newComment({ comment: text, email: 'known@example.com', ip: null }));
    const otherSite = await store.create(newComment({ comment: text, siteId: 'other' }));
    // An author a moderator marked spam on that other site.
    const marked = await store.create(newComment({ comment: 'a first comment, marked spam', siteId: 'other', email: 'marked@example.com' }));
    await store.transition(marked.id, { from: ['pending'], to: 'spam', by: 'moderator' });
    const markedAgain = await store.create(newComment({ comment: text, siteId: 'other', email: 'marked@example.com' }));
    const older = await store.create(newComment({ comment: text }));
    await withoutTextHash(redis, key(older.id));
    const former = await store.create(newComment({ comment: text }));
    await toFormerLayout(redis, key(former.id));
    const intake = await store.create(newComment({ comment: text }), { intake: true });
    const ids = [repeat.id, noAddress.id, otherSite.id, markedAgain.id, older.id, former.id, intake.id, 'c_unknown'];
    const reads = await Promise.all(ids.map((id) => store.getForScoring(id)));
    assert.deepEqual(
      reads.map((r) => r?.signals ?? null),
      [
        { repeatCount: 5, authorHasPublished: true, authorMarkedSpam: false },
        { repeatCount: 5, authorHasPublished: false, authorMarkedSpam: false },
        { repeatCount: 1, authorHasPublished: false, authorMarkedSpam: false },
        { repeatCount: 1, authorHasPublished: false, authorMarkedSpam: true },
        null,
        null,
        null,
        null,
      ],
    );
    assert.deepEqual(reads.map((r) => r?.comment ?? null), [repeat, noAddress, otherSite, markedAgain, older, former, null, null]);
    for (const r of reads.slice(0, 4)) assert.deepEqual(r!.signals, await store.scoringSignals(r!.comment, { repeatable: true }));
    // A move from the comment read this way needs no second read, and applies.
    const moved = await store.transition(repeat.id, { ...byClassifier('flagged'), current: reads[0]!.comment });
    assert.equal(moved.outcome, 'applied');
  });

  test('scoring signals in one turn → the repeat count, known author and author marked spam of each comment, as asked one by one', async () => {
    const prefix = fresh();
    const batched = new RedisCommentStore(redis, prefix, { batch: true });
    const single = new RedisCommentStore(redis, prefix);
    const text = 'the very same words sent twice to this site';
    const first = await batched.create(newComment({ comment: text, email: 'known@example.com', ip: '198.51.100.7' }));
    await batched.transition(first.id, { from: ['pending'], to: 'published', by: 'classifier' });
    const spam = await batched.create(newComment({ comment: 'buy followers at my shop', email: 'marked@example.com', ip: '198.51.100.8' }));
    await batched.transition(spam.id, { from: ['pending'], to: 'spam', by: 'moderator' });
    const comments = [first, await batched.create(newComment({ comment: text })), await batched.create(newComment({ comment: 'something else entirely, once', siteId: 'other' })), spam];
    const opts = [{ repeatable: true }, { repeatable: true }, { repeatable: false }, { repeatable: false }];
    const together = await Promise.all(comments.map((c, i) => batched.scoringSignals(c, opts[i]!)));
    const oneByOne = [];
    for (const [i, c] of comments.entries()) oneByOne.push(await single.scoringSignals(c, opts[i]!));
    assert.deepEqual(together, oneByOne);
    assert.deepEqual(together[0], { repeatCount: 1, authorHasPublished: true, authorMarkedSpam: false });
    assert.deepEqual(together[3], { repeatCount: 0, authorHasPublished: false, authorMarkedSpam: true });
  });

  test('learned counts in one turn for several sites → each as its own fetch', async () => {
    const prefix = fresh();
    const batched = new RedisLearningStore(redis, prefix, undefined, { batch: true });
    const single = new RedisLearningStore(redis, prefix);
    await single.learn('a', 'spam', ['buy', 'now']);
    await single.learn('b', 'ham', ['thanks']);
    await single.observe('b', ['thanks', 'great'], 0.2);
    const asks: Array<[string, string[]]> = [
      ['a', ['buy', 'now', 'unseen']],
      ['b', ['thanks', 'great']],
      ['c', []],
      ['a', []],
      ['a', ['buy', 'odd\nfeature']],
    ];
    const together = await Promise.all(asks.map(([site, features]) => batched.fetch(site, features)));
    const oneByOne = [];
    for (const [site, features] of asks) oneByOne.push(await single.fetch(site, features));
    assert.deepEqual(together, oneByOne);
    assert.equal(together[0]!.tokens.get('buy')!.spam, 1);
    assert.ok(together[1]!.unlabelled);
  });

  test('learned counts of sites without some count hashes (none, labelled ham only, soft only) → each feature as stored, none where its hash is missing, batched and not', async () => {
    const prefix = fresh();
    const batched = new RedisLearningStore(redis, prefix, undefined, { batch: true });
    const single = new RedisLearningStore(redis, prefix);
    await single.learn('ham-only', 'ham', ['hello', 'there']);
    await single.observe('soft-only', ['thanks', 'great'], 0.2);
    const words = ['hello', 'thanks', 'great', 'buy'];
    for (const store of [batched, single]) {
      const [none, hamOnly, softOnly] = await Promise.all([store.fetch('none', words), store.fetch('ham-only', words), store.fetch('soft-only', words)]);
      assert.deepEqual(none, { spamDocs: 0, hamDocs: 0, tokens: new Map() });
      assert.deepEqual(hamOnly, { spamDocs: 0, hamDocs: 1, unobservedDocs: 1, tokens: new Map([['hello', { spam: 0, ham: 1 }]]) });
      assert.equal(softOnly.tokens.size, 0);
      assert.deepEqual([...softOnly.unlabelled!.tokens.keys()], ['thanks', 'great']);
      assert.ok(softOnly.unlabelled!.tokens.get('thanks')!.ham > 0);
      // Told the features are distinct (the scorer's list), the store reads the same counts without looking for duplicates.
      assert.deepEqual(await store.fetch('soft-only', words, true), softOnly);
    }
  });

  test('learned counts after a decision reversed (its first class\'s hash emptied and gone), and of a site with count hashes asked for no feature → the totals and the counts as stored, batched and not', async () => {
    const prefix = fresh();
    const batched = new RedisLearningStore(redis, prefix, undefined, { batch: true });
    const single = new RedisLearningStore(redis, prefix);
    await single.learn('flipped', 'ham', ['hello', 'there'], 'c1');
    await single.learn('flipped', 'spam', ['hello', 'there'], 'c1');
    await single.observe('flipped', ['hello'], 0.9);
    for (const store of [batched, single]) {
      const [flipped, empty] = await Promise.all([store.fetch('flipped', ['hello', 'buy']), store.fetch('flipped', [])]);
      assert.equal(flipped.hamDocs, 0);
      assert.equal(flipped.spamDocs, 1);
      assert.deepEqual(flipped.tokens, new Map([['hello', { spam: 1, ham: 0 }]]));
      assert.deepEqual([...flipped.unlabelled!.tokens.keys()], ['hello']);
      assert.equal(empty.spamDocs, 1);
      assert.equal(empty.tokens.size, 0);
      assert.equal(empty.unlabelled!.tokens.size, 0);
    }
  });

  test('adaptation steps in one turn, two of them on one site → the same counts as the steps taken one after the other', async () => {
    const batchedPrefix = fresh();
    const singlePrefix = fresh();
    const options = { ...DEFAULT_ADAPTATION_OPTIONS, windowDocs: 3, maxFeatures: 4, decay: 0.5, minCount: 0.3 };
    const batched = new RedisLearningStore(redis, batchedPrefix, options, { batch: true });
    const single = new RedisLearningStore(redis, singlePrefix, options);
    const steps: Array<[string, string[], number]> = [
      ['a', ['buy', 'now', 'cheap'], 0.9],
      ['a', ['thanks', 'now', 'great', 'post'], 0.1],
      ['b', ['hello'], 0.5],
      ['a', [], 0.3],
    ];
    await Promise.all(steps.map(([site, features, p]) => batched.observe(site, features, p)));
    for (const [site, features, p] of steps) await single.observe(site, features, p);
    // A feature that cannot be joined into one argument (none can, today) takes the single-comment script.
    await Promise.all([batched.observe('a', ['odd\nfeature', 'now'], 0.7), single.observe('a', ['odd\nfeature', 'now'], 0.7)]);
    const words = ['buy', 'now', 'cheap', 'thanks', 'great', 'post', 'hello', 'odd\nfeature'];
    for (const site of ['a', 'b']) {
      assert.deepEqual(await batched.fetch(site, words), await single.fetch(site, words));
      assert.deepEqual(await batched.stats(site), await single.stats(site));
    }
    assert.equal((await batched.stats()).adaptation.observed, steps.length + 1);
  });
});
