/**
 * How a comment record is kept in Redis: one compact string (comment-record-codec.ts), which the Lua scripts and
 * the TypeScript side read and write alike; and records of the former layout (a hash per comment), which an
 * upgraded deployment still holds, are read, moved, listed, deleted and erased as before, and rewritten in the
 * current layout the first time a script changes them.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { RedisCommentStore, readRecord } from '../../src/store/redis-comment-store.ts';
import { authorHash, emailHash } from '../../src/store/comment-records.ts';
import { commentFromRecord, COMMENT_FIELDS, decodeRecord, encodeRecord, F } from '../../src/store/comment-record-codec.ts';
import { redisKeys } from '../../src/store/redis-keys.ts';
import { luaSource } from '../../src/store/redis-client.ts';
import type { CommentStore, CreateOptions, NewComment, Transition } from '../../src/store/comment-store.ts';
import { commentStoreContract, newComment } from '../contract/comment-store.contract.ts';
import { freshPrefixes, TEST_REDIS_URL } from '../support/harness.ts';
import { storedFields, toFormerLayout, withoutTextHash } from '../support/comment-records.ts';
import type { Comment } from '../../models/comment.ts';

const redis = new Redis(TEST_REDIS_URL);
const fresh = freshPrefixes(redis);

/** A store whose every new record is rewritten by `rewrite`, as an earlier version would have stored it. */
class EarlierVersionStore extends RedisCommentStore {
  constructor(
    private readonly client: Redis,
    private readonly p: string,
    private readonly rewrite: (redis: Redis, key: string) => Promise<void>,
    batch = false,
  ) {
    super(client, p, { batch });
  }
  override async create(input: NewComment, opts?: CreateOptions): Promise<Comment> {
    const comment = await super.create(input, opts);
    await this.rewrite(this.client, redisKeys(this.p).comment(comment.id));
    return comment;
  }
}

/** Every new record rewritten in the former hash layout. */
const formerLayoutStore = (batch = false) => new EarlierVersionStore(redis, fresh(), toFormerLayout, batch);
/** Every new record rewritten without its text hash, as the build before that field stored it. */
const withoutTextHashStore = (batch = false) => new EarlierVersionStore(redis, fresh(), withoutTextHash, batch);

// The whole contract, on records that all start in the former layout.
commentStoreContract('redis, records stored by the previous version (one hash per comment)', async (): Promise<CommentStore> => formerLayoutStore());
// The worker's batched reads (MGET answers nil for a hash) and moves, on the same records.
commentStoreContract('redis, batched, records stored by the previous version', async (): Promise<CommentStore> => formerLayoutStore(true));
// Records as the build before the text hash was kept in the record stored them (during an upgrade): the worker's
// batched read finds no hash there and the signals are asked for on their own.
commentStoreContract('redis, records stored without the text hash', async (): Promise<CommentStore> => withoutTextHashStore());
commentStoreContract('redis, batched, records stored without the text hash', async (): Promise<CommentStore> => withoutTextHashStore(true));

describe('comment record layout', () => {
  test('a new record is one string: GET answers, HGETALL is a WRONGTYPE error; it decodes to the created comment', async () => {
    const prefix = fresh();
    const store = new RedisCommentStore(redis, prefix);
    const c = await store.create(newComment({ comment: 'x'.repeat(300), userAgent: 'Mozilla/5.0 '.repeat(12) }));
    const key = redisKeys(prefix).comment(c.id);
    assert.equal(await redis.type(key), 'string');
    await assert.rejects(redis.hgetall(key), /WRONGTYPE/);
    assert.deepEqual(commentFromRecord(decodeRecord((await redis.getBuffer(key))!)), c);
  });

  test('a record of the former layout is read, listed and counted, and stays a hash until a script changes it', async () => {
    const prefix = fresh();
    const store = new RedisCommentStore(redis, prefix);
    const key = (id: string) => redisKeys(prefix).comment(id);
    const c = await store.create(newComment());
    await toFormerLayout(redis, key(c.id));
    assert.equal(await redis.type(key(c.id)), 'hash');
    assert.deepEqual(await store.get(c.id), c);
    assert.deepEqual((await store.listByStatus('pending', { limit: 10, order: 'oldest' })).comments, [c]);
    assert.deepEqual((await store.listByStatus('pending', { limit: 10, order: 'oldest' }, 'default')).comments, [c]);
    assert.equal((await store.countByStatus()).pending, 1);
    assert.equal(await redis.type(key(c.id)), 'hash');

    const moved = await store.transition(c.id, { from: ['pending'], to: 'published', by: 'classifier', spamScore: 0.25, reasons: ['fine'] });
    assert.equal(moved.outcome, 'applied');
    assert.equal(await redis.type(key(c.id)), 'string', 'the move rewrote it in the current layout');
    const after = await store.get(c.id);
    assert.deepEqual(after, { ...c, status: 'published', spamScore: 0.25, reasons: ['fine'], decidedBy: 'classifier', decidedAt: after!.decidedAt });
    assert.deepEqual((await store.listThread('default', 't1', { limit: 10, order: 'oldest' })).comments, [after]);
    assert.equal((await storedFields(redis, key(c.id))).rev, '1');
  });

  test('records of the former layout are deleted, erased, discarded and have their PII blanked like current ones', async () => {
    const prefix = fresh();
    const store = new RedisCommentStore(redis, prefix);
    const key = (id: string) => redisKeys(prefix).comment(id);
    const old = async (patch: Partial<NewComment> = {}, opts?: CreateOptions) => {
      const c = await store.create(newComment(patch), opts);
      await toFormerLayout(redis, key(c.id));
      return c;
    };
    const deleted = await old();
    assert.deepEqual(await store.delete(deleted.id), deleted);
    assert.equal(await redis.exists(key(deleted.id)), 0);

    const erased = await old({ email: 'gone@example.com' });
    assert.equal(await store.eraseAuthor('gone@example.com'), 1);
    assert.equal(await redis.exists(key(erased.id)), 0);

    const intake = await old({}, { intake: true });
    assert.equal(await store.intakeState(intake.id), 'intake');
    assert.equal(await store.discard(intake.id), true);
    assert.equal(await store.intakeState(intake.id), 'missing');

    const unconfirmed = await old({}, { intake: true });
    assert.equal(await store.confirm(unconfirmed.id), true);
    assert.equal(await store.intakeState(unconfirmed.id), 'confirmed');
    assert.equal(await redis.type(key(unconfirmed.id)), 'string');

    const kept = await old();
    assert.ok((await store.erasePii(Date.now() + 1000, 100)) >= 1);
    const fields = await storedFields(redis, key(kept.id));
    assert.equal(fields.ip, '');
    assert.equal(fields.userAgent, '');
    assert.equal(fields.comment, kept.comment);
  });

  test('a comment key holding another Redis type (a list) → read as no comment everywhere, batched and not: get, the read for scoring, intake state, lists, moves, delete; the key left as it is', async () => {
    for (const batch of [false, true]) {
      const prefix = fresh();
      const store = new RedisCommentStore(redis, prefix, { batch });
      const ok = await store.create(newComment({ comment: 'a real comment' }));
      // Listed as pending like any comment, but its key then overwritten by something that is not a record.
      const stray = await store.create(newComment({ comment: 'overwritten' }));
      const key = redisKeys(prefix).comment(stray.id);
      await redis.del(key);
      await redis.rpush(key, 'not a comment');
      const label = batch ? 'batched' : 'not batched';
      assert.equal(await store.get(stray.id), null, label);
      assert.equal(await store.getForScoring(stray.id), null, label);
      assert.equal(await store.intakeState(stray.id), 'missing', label);
      assert.deepEqual((await store.listByStatus('pending', { limit: 10, order: 'oldest' })).comments.map((c) => c.id), [ok.id], label);
      const byClassifier: Transition = { from: ['pending'], to: 'published', by: 'classifier', spamScore: 0.1, reasons: [] };
      assert.equal((await store.transition(stray.id, byClassifier)).outcome, 'missing', label);
      assert.equal((await store.transition(stray.id, { ...byClassifier, audit: { actor: 'classifier', actorName: null, reasons: [], note: null } })).outcome, 'missing', label);
      assert.equal(await store.delete(stray.id), null, label);
      assert.equal(await store.discard(stray.id), false, label);
      assert.deepEqual(await redis.lrange(key, 0, -1), ['not a comment'], label);
      assert.equal((await store.get(ok.id))?.status, 'pending', label);
    }
  });

  test('retention blanks IP address and user agent oldest first across every state, in batches, never twice, and works off the former retention index first', async () => {
    const prefix = fresh();
    const store = new RedisCommentStore(redis, prefix);
    const keys = redisKeys(prefix);
    const ids: string[] = [];
    for (const to of ['published', 'spam', 'flagged', 'pending', 'published'] as const) {
      const c = await store.create(newComment());
      if (to !== 'pending') await store.transition(c.id, { from: ['pending'], to, by: 'classifier' });
      ids.push(c.id);
    }
    // One comment as the previous version left it: a hash, listed in the former retention index.
    const former = await store.create(newComment());
    await toFormerLayout(redis, keys.comment(former.id));
    await redis.zadd(keys.pii, 1, former.id);
    // The retention order is Date.now() in milliseconds when the comment is created: a short wait puts `later` past the cutoff.
    const cutoff = Date.now() + 100;
    await new Promise((r) => setTimeout(r, 200));
    const later = await store.create(newComment());

    assert.equal(await store.erasePii(cutoff, 2), 2, 'the former index first, then the oldest by state');
    assert.equal(await redis.exists(keys.pii), 0);
    assert.equal((await storedFields(redis, keys.comment(former.id))).ip, '');
    assert.equal((await storedFields(redis, keys.comment(ids[0]!))).ip, '');
    assert.equal((await storedFields(redis, keys.comment(ids[1]!))).ip, newComment().ip, 'not yet');
    assert.equal(await store.erasePii(cutoff, 2), 2);
    assert.equal((await storedFields(redis, keys.comment(ids[2]!))).ip, '', 'oldest first');
    assert.equal((await storedFields(redis, keys.comment(ids[3]!))).ip, newComment().ip);
    assert.equal(await store.erasePii(cutoff, 2), 2);
    // The former-layout record, listed by state too, is looked at again (and left as it is).
    assert.equal(await store.erasePii(cutoff, 2), 1);
    assert.equal(await store.erasePii(cutoff, 2), 0, 'done is done');
    for (const id of ids) {
      const f = await storedFields(redis, keys.comment(id));
      assert.deepEqual([f.ip, f.userAgent, f.comment], ['', '', newComment().comment], id);
    }
    const kept = await storedFields(redis, keys.comment(later.id));
    assert.deepEqual([kept.ip, kept.userAgent], [newComment().ip, newComment().userAgent], 'created after the cutoff');
  });

  test("an author entry of the former layout (the author hash in hex) still takes the author out of the known authors on erasure", async () => {
    const prefix = fresh();
    const store = new RedisCommentStore(redis, prefix);
    const keys = redisKeys(prefix);
    const c = await store.create(newComment({ email: 'old@example.com' }));
    await store.transition(c.id, { from: ['pending'], to: 'published', by: 'classifier' });
    const known = authorHash(c.email, c.ip)!;
    assert.deepEqual(await redis.smembers(keys.publishedAuthors('default')), [known]);
    const entries = keys.author(emailHash(c.email));
    // Written today as the site and the hash's 32 bytes; the previous version wrote the 64 hex digits.
    assert.equal((await redis.hgetBuffer(entries, c.id))?.length, 'default\n'.length + 32);
    await redis.hset(entries, c.id, `default\n${known}`);
    assert.equal(await store.eraseAuthor('old@example.com'), 1);
    assert.deepEqual(await redis.smembers(keys.publishedAuthors('default')), []);
  });

  test('the scripts and the TypeScript codec write the same bytes for any values, and read each other back', async () => {
    const pack = 'local t = {} for i = 1, #ARGV do t[i] = ARGV[i] end return cmsgpack.pack(t)';
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme', maxLength: 300 }), { minLength: 1, maxLength: COMMENT_FIELDS.length }), async (values) => {
        const ours = encodeRecord(values);
        // Trailing '' are left out by both; the scripts' writeRecord does that before packing.
        let n = values.length;
        while (n > 1 && values[n - 1] === '') n--;
        const theirs = (await redis.callBuffer('EVAL', pack, 0, ...values.slice(0, n))) as Buffer;
        assert.deepEqual(ours, theirs);
        const back = decodeRecord(ours);
        assert.deepEqual(back.slice(0, values.length), values);
        assert.ok(back.slice(values.length).every((v) => v === ''));
      }),
      { numRuns: 60 },
    );
  });

  test('a record with a long text and user agent takes about its own size in Redis, not twice', async () => {
    const prefix = fresh();
    const store = new RedisCommentStore(redis, prefix);
    const c = await store.create(newComment({ comment: 'A longer reply that goes on for a while. '.repeat(10), userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36' }));
    const key = redisKeys(prefix).comment(c.id);
    const json = Buffer.byteLength(JSON.stringify(c));
    const bytes = Number(await redis.memory('USAGE', key, 'SAMPLES', 0));
    assert.ok(bytes < 1.2 * json, `${bytes} bytes in Redis for a ${json}-byte record`);
    // The same record as a hash of the former layout is a hash table, far larger.
    await toFormerLayout(redis, key);
    assert.ok(Number(await redis.memory('USAGE', key, 'SAMPLES', 0)) > 1.5 * json);
    assert.equal((await readRecord(redis, key))?.[F.comment], c.comment);
  });
});

/**
 * Sites around the MessagePack string headers the fast path reads: 1 byte, the longest fixstr (31 bytes), the first
 * str8 (32 bytes) and a longer str8 (45 bytes).
 */
/** The record without its intake mark, as a full unpack and repack gives it: what the confirmation's fast path must write. */
const REPACK_WITHOUT_MARK = 'local t = cmsgpack.unpack(ARGV[1]) t[22] = "" local n = #t while n > 1 and t[n] == "" do t[n] = nil n = n - 1 end return cmsgpack.pack(t)';

const CONFIRM_SITES = ['default', 's', 'a-site-with-a-name-of-thirtyone', 'a-site-with-a-name-of-thirty-two', 'a-site-with-a-longer-name-of-forty-five-bytes'];

/**
 * comment-confirm-1.lua's clearIntakeInPlace on its own: the script's source up to its main part, then a call of the
 * function on the record at KEYS[1] for id ARGV[1]. Answers the site, status, order and cleared record, or nil
 * when the function declines (and the script would take its general path).
 */
const FAST_PATH = (() => {
  const src = luaSource('comment-confirm-1.lua');
  const main = src.indexOf('\nlocal intakeKey, p, n = KEYS[1]');
  assert.ok(main > 0 && src.includes('local function clearIntakeInPlace(s, id)'), 'comment-confirm-1.lua changed shape: update FAST_PATH');
  return `${src.slice(0, main)}
local site, state, order, cleared = clearIntakeInPlace(redis.call('GET', KEYS[1]), ARGV[1])
if cleared == nil then return nil end
return { site, state, order, cleared }`;
})();

describe('confirming intake in place', () => {
  test('a record comment-create stores for intake → the fast path takes it (not the general path), with the bytes a full repack gives', async () => {
    const prefix = fresh();
    const store = new RedisCommentStore(redis, prefix);
    const keys = redisKeys(prefix);
    for (const siteId of CONFIRM_SITES) {
      // With and without an author hash ('' without an IP), and long texts that push the record past 255 bytes.
      for (const patch of [{}, { ip: null }, { comment: 'long '.repeat(200), userAgent: 'Mozilla/5.0 '.repeat(20) }, { name: 'Ünïcode 点击', website: 'https://example.org/', ip: null }]) {
        const c = await store.create(newComment({ siteId, ...patch }), { intake: true });
        const key = keys.comment(c.id);
        const before = (await redis.getBuffer(key))!;
        const label = `site ${siteId} (${Buffer.byteLength(siteId)} bytes), ${JSON.stringify(patch).slice(0, 60)}`;
        const fast = (await redis.callBuffer('EVAL', FAST_PATH, 1, key, c.id)) as Buffer[] | null;
        assert.ok(fast !== null, `the fast path declined: ${label}`);
        const [site, state, order, cleared] = fast;
        assert.equal(site!.toString(), siteId, label);
        assert.equal(state!.toString(), 'pending', label);
        assert.equal(order!.toString(), decodeRecord(before)[F.order], label);
        assert.deepEqual(cleared, (await redis.callBuffer('EVAL', REPACK_WITHOUT_MARK, 0, before)) as Buffer, label);
        // The function only reads: the record is still in intake until the script confirms it.
        assert.deepEqual(await redis.getBuffer(key), before);
        // Once confirmed, the record has no mark and the fast path declines it.
        assert.equal(await store.confirm(c.id), true);
        assert.equal(await redis.callBuffer('EVAL', FAST_PATH, 1, key, c.id), null, label);
      }
    }
  });

  test('intake confirmed in place → the bytes a full unpack and pack of the record without its mark gives, listed under its site and order', async () => {
    const prefix = fresh();
    const store = new RedisCommentStore(redis, prefix);
    const keys = redisKeys(prefix);
    // Unpacks the stored record, clears its mark and packs it again the way the scripts' writeRecord does.
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          siteId: fc.constantFrom(...CONFIRM_SITES),
          name: text,
          comment: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3000 }),
          ip: fc.constantFrom(null, '198.51.100.7'),
          userAgent: fc.option(text, { nil: null }),
          website: fc.option(fc.constant('https://example.org/'), { nil: null }),
        }),
        async (patch) => {
          const c = await store.create(newComment(patch), { intake: true });
          const key = keys.comment(c.id);
          const before = (await redis.getBuffer(key))!;
          const expected = (await redis.callBuffer('EVAL', REPACK_WITHOUT_MARK, 0, before)) as Buffer;
          assert.equal(await store.confirm(c.id), true);
          assert.deepEqual(await redis.getBuffer(key), expected);
          const order = decodeRecord(expected)[F.order]!;
          assert.equal(await redis.zscore(keys.status('pending'), c.id), order);
          assert.equal(await redis.zscore(keys.siteStatus(patch.siteId, 'pending'), c.id), order);
          assert.equal(await redis.zscore(keys.intake, c.id), null);
          assert.deepEqual(await store.get(c.id), c);
        },
      ),
      { numRuns: 60 },
    );
  });
});
