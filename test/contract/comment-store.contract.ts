/**
 * What every CommentStore must do, whatever keeps the data: compare-and-set moves, oldest-first lists
 * with cursors, per-site and per-thread views, deletes, counts, and the repeat and known-author signals.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommentStore, NewComment } from '../../src/store/comment-store.ts';
import { InvalidCursorError } from '../../src/store/comment-store.ts';
import type { CommentStatus } from '../../models/comment.ts';

export type Fresh<T> = () => Promise<T>;

/**
 * Lets `ms` of the store's time pass before the next call: real time for Redis (its TTLs expire on their own),
 * a moved clock for an in-memory store built on the same clock, so expiry tests do not sleep in the fast layer.
 */
export type LetTimePass = (ms: number) => Promise<void>;
export const realTime: LetTimePass = (ms) => new Promise((r) => setTimeout(r, ms));

const sleep = realTime;

export function newComment(patch: Partial<NewComment> = {}): NewComment {
  return {
    siteId: 'default',
    threadId: 't1',
    parentId: null,
    name: 'Ann Reader',
    email: 'ann@example.com',
    website: null,
    comment: 'A thoughtful piece, thank you.',
    ip: '198.51.100.7',
    userAgent: 'UA/1.0',
    signals: { referrer: 'https://news.example/', msToSubmit: 4200 },
    ...patch,
  };
}

export function commentStoreContract(impl: string, fresh: Fresh<CommentStore>): void {
  describe(`CommentStore contract: ${impl}`, () => {
    test('authorCommentIds → the ids of every comment sent with that email (any case), deleted ones too; none once erased', async () => {
      const store = await fresh();
      const a = await store.create(newComment({ email: 'Erase.Me@example.com' }));
      const b = await store.create(newComment({ email: 'erase.me@EXAMPLE.com' }));
      await store.create(newComment({ email: 'someone@example.com' }));
      await store.delete(b.id);
      assert.deepEqual((await store.authorCommentIds('erase.me@example.com')).sort(), [a.id, b.id].sort());
      await store.eraseAuthor('erase.me@example.com');
      assert.deepEqual(await store.authorCommentIds('erase.me@example.com'), []);
    });

    test('create → a pending record with a fresh id; get returns the same record', async () => {
      const store = await fresh();
      const input = newComment({ website: 'https://ann.example', parentId: 'cParent000000000' });
      const c = await store.create(input);
      assert.match(c.id, /^[A-Za-z0-9_-]{8,}$/);
      assert.equal(c.status, 'pending');
      assert.equal(c.spamScore, null);
      assert.deepEqual(c.reasons, []);
      assert.equal(c.decidedAt, null);
      assert.equal(c.decidedBy, null);
      assert.ok(Math.abs(Date.parse(c.createdAt) - Date.now()) < 5000);
      assert.deepEqual(await store.get(c.id), c);
      const other = await store.create(input);
      assert.notEqual(other.id, c.id);
    });

    test('get of an unknown id → null', async () => {
      const store = await fresh();
      assert.equal(await store.get('cNoSuchComment00'), null);
    });

    test('empty optional strings read back as null', async () => {
      const store = await fresh();
      const c = await store.create(newComment({ website: null, ip: null, userAgent: null, signals: {} }));
      const got = (await store.get(c.id))!;
      assert.equal(got.website, null);
      assert.equal(got.ip, null);
      assert.equal(got.userAgent, null);
      assert.deepEqual(got.signals, {});
    });

    test('an allowed transition applies once: score, reasons, decider and time are recorded', async () => {
      const store = await fresh();
      const c = await store.create(newComment());
      const r = await store.transition(c.id, { from: ['pending'], to: 'published', by: 'classifier', spamScore: 0.12, reasons: ['few links'] });
      assert.equal(r.outcome, 'applied');
      assert.ok(r.outcome === 'applied');
      assert.equal(r.previous, 'pending');
      assert.equal(r.comment.status, 'published');
      assert.equal(r.comment.spamScore, 0.12);
      assert.deepEqual(r.comment.reasons, ['few links']);
      assert.equal(r.comment.decidedBy, 'classifier');
      assert.ok(r.comment.decidedAt && Math.abs(Date.parse(r.comment.decidedAt) - Date.now()) < 5000);
      assert.deepEqual(await store.get(c.id), r.comment);
    });

    test('a transition from a state not allowed → conflict, the record unchanged; unknown id → missing', async () => {
      const store = await fresh();
      const c = await store.create(newComment());
      await store.transition(c.id, { from: ['pending'], to: 'spam', by: 'moderator' });
      const before = await store.get(c.id);
      const r = await store.transition(c.id, { from: ['pending'], to: 'published', by: 'classifier', spamScore: 0.1 });
      assert.equal(r.outcome, 'conflict');
      assert.ok(r.outcome === 'conflict');
      assert.deepEqual(r.comment, before);
      assert.deepEqual(await store.get(c.id), before);
      assert.deepEqual(await store.transition('cNoSuchComment00', { from: ['pending'], to: 'published', by: 'classifier' }), { outcome: 'missing' });
    });

    test('unlessDecidedByPerson: a moderator\'s decision → conflict, unchanged; a classifier\'s or site backend\'s → applied', async () => {
      const store = await fresh();
      const guarded = { from: ['published', 'spam'] as const, to: 'spam' as const, by: 'site-backend:s1', unlessDecidedByPerson: true };
      const held = await store.create(newComment());
      await store.transition(held.id, { from: ['pending'], to: 'published', by: 'alice' });
      const before = await store.get(held.id);
      // Without and with an event to build: the store checks before building it and again in the atomic step.
      for (const t of [guarded, { ...guarded, event: () => null }]) {
        const r = await store.transition(held.id, t);
        assert.equal(r.outcome, 'conflict');
        assert.deepEqual(await store.get(held.id), before);
      }
      const machine = await store.create(newComment({ comment: 'by the classifier' }));
      await store.transition(machine.id, { from: ['pending'], to: 'published', by: 'classifier' });
      const r1 = await store.transition(machine.id, guarded);
      assert.ok(r1.outcome === 'applied');
      assert.equal(r1.comment.decidedBy, 'site-backend:s1');
      const r2 = await store.transition(machine.id, { ...guarded, to: 'published', event: () => null });
      assert.ok(r2.outcome === 'applied');
      assert.equal(r2.comment.status, 'published');
    });

    test('a transition without score or reasons keeps the earlier ones', async () => {
      const store = await fresh();
      const c = await store.create(newComment());
      await store.transition(c.id, { from: ['pending'], to: 'flagged', by: 'classifier', spamScore: 0.7, reasons: ['r'] });
      const r = await store.transition(c.id, { from: ['flagged'], to: 'published', by: 'moderator' });
      assert.ok(r.outcome === 'applied');
      assert.equal(r.previous, 'flagged');
      assert.equal(r.comment.spamScore, 0.7);
      assert.deepEqual(r.comment.reasons, ['r']);
      assert.equal(r.comment.decidedBy, 'moderator');
    });

    test('creates asked for together (one turn, as concurrent requests) → each stored on its own, listed in call order, repeats counted', async () => {
      const store = await fresh();
      const made = await Promise.all([
        store.create(newComment({ comment: 'Same words.' })),
        store.create(newComment({ comment: 'Other words', email: 'bo@example.com', ip: null })),
        store.create(newComment({ comment: 'same words' }), { intake: true }),
      ]);
      assert.equal(new Set(made.map((c) => c.id)).size, 3);
      assert.deepEqual((await store.listByStatus('pending', { limit: 10 })).comments, made.slice(0, 2));
      assert.equal(await store.intakeState(made[2].id), 'intake');
      assert.ok(await store.confirm(made[2].id));
      assert.deepEqual((await store.listByStatus('pending', { limit: 10 })).comments, made);
      assert.equal(await store.repeatCount(made[0]), 1);
      assert.equal(await store.repeatCount(made[1]), 0);
      assert.deepEqual((await store.get(made[1].id))!.ip, null);
    });

    test('racing transitions from pending → exactly one applies', async () => {
      const store = await fresh();
      const c = await store.create(newComment());
      const results = await Promise.all(
        (['published', 'flagged', 'spam'] as const).map((to) => store.transition(c.id, { from: ['pending'], to, by: 'classifier' })),
      );
      assert.equal(results.filter((r) => r.outcome === 'applied').length, 1);
      assert.equal(results.filter((r) => r.outcome === 'conflict').length, 2);
    });

    test('listByStatus: oldest first, paged by an opaque cursor, null cursor on the last page', async () => {
      const store = await fresh();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await store.create(newComment({ comment: `c${i}` }))).id);
      const first = await store.listByStatus('pending', { limit: 2 });
      assert.deepEqual(first.comments.map((c) => c.id), ids.slice(0, 2));
      assert.ok(first.nextCursor);
      const second = await store.listByStatus('pending', { limit: 2, cursor: first.nextCursor });
      assert.deepEqual(second.comments.map((c) => c.id), ids.slice(2, 4));
      const third = await store.listByStatus('pending', { limit: 2, cursor: second.nextCursor! });
      assert.deepEqual(third.comments.map((c) => c.id), ids.slice(4));
      assert.equal(third.nextCursor, null);
      const exact = await store.listByStatus('pending', { limit: 5 });
      assert.equal(exact.comments.length, 5);
      assert.equal(exact.nextCursor, null);
      assert.deepEqual((await store.listByStatus('spam', { limit: 10 })).comments, []);
    });

    test('listByStatus newest first: the same comments in reverse, paged by its own cursor', async () => {
      const store = await fresh();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await store.create(newComment({ comment: `n${i}` }))).id);
      const reversed = ids.slice().reverse();
      const first = await store.listByStatus('pending', { limit: 2, order: 'newest' });
      assert.deepEqual(first.comments.map((c) => c.id), reversed.slice(0, 2));
      const second = await store.listByStatus('pending', { limit: 2, cursor: first.nextCursor!, order: 'newest' });
      assert.deepEqual(second.comments.map((c) => c.id), reversed.slice(2, 4));
      const third = await store.listByStatus('pending', { limit: 2, cursor: second.nextCursor!, order: 'newest' });
      assert.deepEqual(third.comments.map((c) => c.id), reversed.slice(4));
      assert.equal(third.nextCursor, null);
      assert.deepEqual((await store.listByStatus('pending', { limit: 10, order: 'oldest' })).comments.map((c) => c.id), ids);
    });

    test('a malformed cursor → InvalidCursorError', async () => {
      const store = await fresh();
      for (const cursor of ['%%%', 'bm90LWEtbnVtYmVy', 'x'.repeat(60)]) {
        await assert.rejects(store.listByStatus('pending', { limit: 1, cursor }), InvalidCursorError);
        await assert.rejects(store.listThread('default', 't', { limit: 1, cursor }), InvalidCursorError);
      }
    });

    test('a transition moves the comment between status lists and keeps its place in the order', async () => {
      const store = await fresh();
      const a = await store.create(newComment());
      const b = await store.create(newComment());
      await store.transition(b.id, { from: ['pending'], to: 'flagged', by: 'classifier' });
      await store.transition(a.id, { from: ['pending'], to: 'flagged', by: 'classifier' });
      assert.deepEqual((await store.listByStatus('pending', { limit: 10 })).comments, []);
      assert.deepEqual((await store.listByStatus('flagged', { limit: 10 })).comments.map((c) => c.id), [a.id, b.id]);
    });

    test('listByStatus with a siteId lists that site only; without, every site', async () => {
      const store = await fresh();
      const a = await store.create(newComment({ siteId: 'site-a' }));
      const b = await store.create(newComment({ siteId: 'site-b' }));
      assert.deepEqual((await store.listByStatus('pending', { limit: 10 }, 'site-a')).comments.map((c) => c.id), [a.id]);
      assert.deepEqual((await store.listByStatus('pending', { limit: 10 }, 'site-b')).comments.map((c) => c.id), [b.id]);
      assert.deepEqual((await store.listByStatus('pending', { limit: 10 })).comments.map((c) => c.id), [a.id, b.id]);
    });

    test('listThread: the published comments of one site’s thread, oldest first; unpublishing removes one', async () => {
      const store = await fresh();
      const publish = async (patch: Partial<NewComment>) => {
        const c = await store.create(newComment(patch));
        await store.transition(c.id, { from: ['pending'], to: 'published', by: 'classifier' });
        return c.id;
      };
      const one = await publish({ threadId: 'th' });
      const otherThread = await publish({ threadId: 'other' });
      const otherSite = await publish({ threadId: 'th', siteId: 'site-b' });
      const two = await publish({ threadId: 'th' });
      await store.create(newComment({ threadId: 'th' }));
      assert.deepEqual((await store.listThread('default', 'th', { limit: 10 })).comments.map((c) => c.id), [one, two]);
      const page = await store.listThread('default', 'th', { limit: 1 });
      assert.deepEqual(page.comments.map((c) => c.id), [one]);
      assert.deepEqual((await store.listThread('default', 'th', { limit: 1, cursor: page.nextCursor! })).comments.map((c) => c.id), [two]);
      assert.deepEqual((await store.listThread('site-b', 'th', { limit: 10 })).comments.map((c) => c.id), [otherSite]);
      assert.deepEqual((await store.listThread('default', 'other', { limit: 10 })).comments.map((c) => c.id), [otherThread]);
      await store.transition(one, { from: ['published'], to: 'spam', by: 'moderator' });
      assert.deepEqual((await store.listThread('default', 'th', { limit: 10 })).comments.map((c) => c.id), [two]);
    });

    test('delete → the record once, then null; gone from every list and count', async () => {
      const store = await fresh();
      const c = await store.create(newComment());
      await store.transition(c.id, { from: ['pending'], to: 'published', by: 'classifier' });
      const removed = await store.delete(c.id);
      assert.equal(removed?.id, c.id);
      assert.equal(removed?.status, 'published');
      assert.equal(await store.delete(c.id), null);
      assert.equal(await store.get(c.id), null);
      for (const status of ['pending', 'published', 'flagged', 'spam'] as CommentStatus[]) {
        assert.deepEqual((await store.listByStatus(status, { limit: 10 })).comments, []);
      }
      assert.deepEqual((await store.listThread('default', 't1', { limit: 10 })).comments, []);
      assert.deepEqual(await store.countByStatus(), { pending: 0, published: 0, flagged: 0, spam: 0 });
    });

    test('countByStatus counts every site, or one', async () => {
      const store = await fresh();
      const a = await store.create(newComment({ siteId: 'site-a' }));
      await store.create(newComment({ siteId: 'site-a' }));
      await store.create(newComment({ siteId: 'site-b' }));
      await store.transition(a.id, { from: ['pending'], to: 'spam', by: 'classifier' });
      assert.deepEqual(await store.countByStatus(), { pending: 2, published: 0, flagged: 0, spam: 1 });
      assert.deepEqual(await store.countByStatus('site-a'), { pending: 1, published: 0, flagged: 0, spam: 1 });
      assert.deepEqual(await store.countByStatus('site-c'), { pending: 0, published: 0, flagged: 0, spam: 0 });
    });

    test('listStalePending: pending comments older than the cut-off, oldest first, at most `limit`', async () => {
      const store = await fresh();
      const a = await store.create(newComment());
      const b = await store.create(newComment());
      const decided = await store.create(newComment());
      await store.transition(decided.id, { from: ['pending'], to: 'published', by: 'classifier' });
      await sleep(10);
      assert.deepEqual(await store.listStalePending(0, 10), [a.id, b.id]);
      assert.deepEqual(await store.listStalePending(0, 1), [a.id]);
      assert.deepEqual(await store.listStalePending(60_000, 10), []);
    });

    test('repeatCount: 0 for a first text, then how often the site saw it, ignoring case, spacing and punctuation', async () => {
      const store = await fresh();
      const first = await store.create(newComment({ comment: 'Earn money from home, ask me how!' }));
      assert.equal(await store.repeatCount(first), 0);
      const second = await store.create(newComment({ comment: 'earn   money from home ask me how' }));
      assert.equal(await store.repeatCount(second), 1);
      const third = await store.create(newComment({ comment: 'EARN MONEY FROM HOME. ASK ME HOW.' }));
      assert.equal(await store.repeatCount(third), 2);
      const elsewhere = await store.create(newComment({ siteId: 'site-b', comment: 'Earn money from home, ask me how!' }));
      assert.equal(await store.repeatCount(elsewhere), 0);
    });

    test('authorHasPublished: true once an author (any letter case) has a published comment on that site', async () => {
      const store = await fresh();
      const first = await store.create(newComment({ email: 'Ann@Example.com' }));
      assert.equal(await store.authorHasPublished(first), false);
      await store.transition(first.id, { from: ['pending'], to: 'flagged', by: 'classifier' });
      assert.equal(await store.authorHasPublished(first), false);
      await store.transition(first.id, { from: ['flagged'], to: 'published', by: 'moderator' });
      const next = await store.create(newComment({ email: 'ann@example.com' }));
      assert.equal(await store.authorHasPublished(next), true);
      const otherSite = await store.create(newComment({ siteId: 'site-b', email: 'ann@example.com' }));
      assert.equal(await store.authorHasPublished(otherSite), false);
      const stranger = await store.create(newComment({ email: 'bob@example.com' }));
      assert.equal(await store.authorHasPublished(stranger), false);
    });

    test('scoringSignals: the repeat count and the known-author test in one answer; not repeatable → repeat count 0', async () => {
      const store = await fresh();
      const text = 'Earn money from home, ask me how!';
      const first = await store.create(newComment({ email: 'ann@example.com', comment: text }));
      assert.deepEqual(await store.scoringSignals(first, { repeatable: true }), { repeatCount: 0, authorHasPublished: false, authorMarkedSpam: false });
      await store.transition(first.id, { from: ['pending'], to: 'published', by: 'moderator' });
      const again = await store.create(newComment({ email: 'ann@example.com', comment: text }));
      assert.deepEqual(await store.scoringSignals(again, { repeatable: true }), { repeatCount: 1, authorHasPublished: true, authorMarkedSpam: false });
      assert.deepEqual(await store.scoringSignals(again, { repeatable: false }), { repeatCount: 0, authorHasPublished: true, authorMarkedSpam: false });
      const stranger = await store.create(newComment({ email: 'bob@example.com', comment: text }));
      assert.deepEqual(await store.scoringSignals(stranger, { repeatable: true }), { repeatCount: 2, authorHasPublished: false, authorMarkedSpam: false });
      const noAddress = await store.create(newComment({ email: 'cy@example.com', ip: null, userAgent: null, comment: text }));
      assert.deepEqual(await store.scoringSignals(noAddress, { repeatable: false }), { repeatCount: 0, authorHasPublished: false, authorMarkedSpam: false });
    });

    test('authorMarkedSpam: a moderator marking an author\'s comment spam marks the author on that site; an approval clears it; the filter never marks', async () => {
      const store = await fresh();
      const marked = async (patch: Partial<NewComment>) => (await store.scoringSignals(await store.create(newComment(patch)), { repeatable: false })).authorMarkedSpam;
      const byFilter = await store.create(newComment({ email: 'spammer@example.com' }));
      await store.transition(byFilter.id, { from: ['pending'], to: 'spam', by: 'classifier' });
      assert.equal(await marked({ email: 'spammer@example.com' }), false, "the filter's own verdict marks nobody");
      // A moderator confirming the filter's verdict on a comment already in spam marks its author.
      await store.transition(byFilter.id, { from: ['spam'], to: 'spam', by: 'moderator' });
      assert.equal(await marked({ email: 'Spammer@Example.com', ip: '198.51.100.200' }), true, 'the same e-mail from the same /24');
      assert.equal(await marked({ email: 'spammer@example.com', ip: '203.0.113.9' }), false, 'an e-mail typed from another network is not the author');
      assert.equal(await marked({ email: 'spammer@example.com', siteId: 'site-b' }), false, 'another site');
      assert.equal(await marked({ email: 'reader@example.com' }), false, 'another author');
      const held = await store.create(newComment({ email: 'spammer@example.com' }));
      await store.transition(held.id, { from: ['pending'], to: 'flagged', by: 'classifier' });
      await store.transition(held.id, { from: ['flagged'], to: 'published', by: 'moderator' });
      assert.equal(await marked({ email: 'spammer@example.com' }), false, "a moderator's approval clears the mark");
      const again = await store.create(newComment({ email: 'spammer@example.com' }));
      await store.transition(again.id, { from: ['pending'], to: 'spam', by: 'moderator' });
      assert.equal(await marked({ email: 'spammer@example.com' }), true);
      await store.eraseAuthor('spammer@example.com');
      assert.equal(await marked({ email: 'spammer@example.com' }), false, 'erasing the author erases the mark');
    });

    test('a person\'s decision on a comment whose IP address retention blanked still marks or clears its author, and makes them known', async () => {
      const store = await fresh();
      const signals = async () => store.scoringSignals(await store.create(newComment({ email: 'late@example.com' })), { repeatable: false });
      const spam = await store.create(newComment({ email: 'late@example.com' }));
      const ham = await store.create(newComment({ email: 'late@example.com' }));
      await store.erasePii(Date.now() + 1000, 10);
      assert.equal((await store.get(spam.id))!.ip, null);
      await store.transition(spam.id, { from: ['pending'], to: 'spam', by: 'moderator' });
      assert.deepEqual(await signals(), { repeatCount: 0, authorHasPublished: false, authorMarkedSpam: true });
      await store.transition(ham.id, { from: ['pending'], to: 'published', by: 'moderator' });
      assert.deepEqual(await signals(), { repeatCount: 0, authorHasPublished: true, authorMarkedSpam: false });
    });

    test('erasing an author takes their submissions out of the repeated-text count, unconfirmed ones too', async () => {
      const store = await fresh();
      const text = 'The very same words, sent by two readers of this site.';
      await store.create(newComment({ email: 'erased@example.com', comment: text }));
      await store.create(newComment({ email: 'erased@example.com', comment: text }), { intake: true });
      const other = await store.create(newComment({ email: 'other@example.com', comment: text }));
      assert.equal((await store.scoringSignals(other, { repeatable: true })).repeatCount, 2);
      await store.eraseAuthor('erased@example.com');
      assert.equal((await store.scoringSignals(other, { repeatable: true })).repeatCount, 0);
    });

    test('authorMarkedSpam: erasing the author clears their marks on every site, also those of comments already deleted', async () => {
      const store = await fresh();
      const marked = async (siteId: string) =>
        (await store.scoringSignals(await store.create(newComment({ email: 'gone@example.com', siteId })), { repeatable: false })).authorMarkedSpam;
      const ids: string[] = [];
      for (const siteId of ['default', 'site-b']) {
        const c = await store.create(newComment({ email: 'Gone@example.com', siteId }));
        await store.transition(c.id, { from: ['pending'], to: 'spam', by: 'moderator' });
        ids.push(c.id);
      }
      // Spam retention (or a moderator) deleted one of the marked comments before the erasure request.
      assert.ok(await store.delete(ids[1]!));
      assert.equal(await marked('default'), true);
      assert.equal(await marked('site-b'), true, 'the mark outlives the comment');
      await store.eraseAuthor('gone@example.com');
      assert.equal(await marked('default'), false);
      assert.equal(await marked('site-b'), false);
    });

    test('authorMarkedSpam: a site backend\'s spam verdict does not mark the author (only a person\'s does)', async () => {
      const store = await fresh();
      const c = await store.create(newComment({ email: 'backend@example.com' }));
      await store.transition(c.id, { from: ['pending'], to: 'spam', by: 'site-backend:default' });
      assert.equal((await store.scoringSignals(await store.create(newComment({ email: 'backend@example.com' })), { repeatable: false })).authorMarkedSpam, false);
    });

    test('getForScoring → the comment as get() reads it, with the signals (when read) as scoringSignals answers them; null for intake and unknown ids', async () => {
      const store = await fresh();
      const text = 'Earn money from home, ask me how!';
      const first = await store.create(newComment({ email: 'ann@example.com', comment: text }));
      await store.transition(first.id, { from: ['pending'], to: 'published', by: 'moderator' });
      const comments = [
        await store.create(newComment({ email: 'ann@example.com', comment: text })),
        await store.create(newComment({ email: 'bob@example.com', comment: text, siteId: 'site-b' })),
        await store.create(newComment({ email: 'ann@example.com', ip: null, userAgent: null, comment: 'Short.' })),
      ];
      for (const c of comments) {
        const read = await store.getForScoring(c.id);
        assert.ok(read);
        assert.deepEqual(read.comment, await store.get(c.id));
        if (read.signals) assert.deepEqual(read.signals, await store.scoringSignals(c, { repeatable: true }));
      }
      const known = await store.getForScoring(comments[0]!.id);
      if (known?.signals) assert.deepEqual(known.signals, { repeatCount: 1, authorHasPublished: true, authorMarkedSpam: false });
      // An author a moderator marked spam.
      const spam = await store.create(newComment({ email: 'sam@example.com', comment: 'Buy followers now, cheap and fast, today only!' }));
      await store.transition(spam.id, { from: ['pending'], to: 'spam', by: 'moderator' });
      const again = await store.create(newComment({ email: 'sam@example.com', comment: 'Hello again.' }));
      const marked = await store.getForScoring(again.id);
      assert.deepEqual(marked?.comment, await store.get(again.id));
      if (marked?.signals) assert.deepEqual(marked.signals, { repeatCount: 0, authorHasPublished: false, authorMarkedSpam: true });
      const intake = await store.create(newComment(), { intake: true });
      assert.equal(await store.getForScoring(intake.id), null);
      assert.equal(await store.getForScoring('c_unknown'), null);
      // The comment it returns is one a move can start from, as get()'s.
      const read = await store.getForScoring(comments[1]!.id);
      const moved = await store.transition(comments[1]!.id, { from: ['pending'], to: 'flagged', by: 'classifier', current: read!.comment });
      assert.equal(moved.outcome, 'applied');
    });

    test('a transition with a would-have verdict stores it with the comment and counts it unreviewed for its site', async () => {
      const store = await fresh();
      const c = await store.create(newComment({ siteId: 'shadowed' }));
      const wouldHave = { mode: 'shadow' as const, verdict: 'flag' as const, spamScore: 0.7, reasons: ['links: 3'] };
      const r = await store.transition(c.id, { from: ['pending'], to: 'published', by: 'classifier', spamScore: 0.7, reasons: ['mode:shadow', 'links: 3'], wouldHave });
      assert.ok(r.outcome === 'applied');
      assert.deepEqual(r.comment.wouldHave, wouldHave);
      assert.deepEqual((await store.get(c.id))!.wouldHave, wouldHave);
      const tally = await store.wouldHaveTally('shadowed');
      assert.deepEqual(tally.flag, { published: 0, spam: 0, unreviewed: 1 });
      assert.deepEqual(tally.publish, { published: 0, spam: 0, unreviewed: 0 });
      assert.deepEqual(await store.wouldHaveSites(), ['shadowed']);
      assert.deepEqual((await store.wouldHaveTally('elsewhere')).flag, { published: 0, spam: 0, unreviewed: 0 });
      // Comments decided without a mode carry none.
      const plain = await store.create(newComment());
      await store.transition(plain.id, { from: ['pending'], to: 'published', by: 'classifier' });
      assert.equal((await store.get(plain.id))!.wouldHave, undefined);
    });

    test('would-have tally: a moderator decision moves the comment to its column, a change of mind moves it again, the filter never does', async () => {
      const store = await fresh();
      const c = await store.create(newComment({ siteId: 's1' }));
      const wouldHave = { mode: 'shadow' as const, verdict: 'publish' as const, spamScore: 0.1, reasons: [] };
      await store.transition(c.id, { from: ['pending'], to: 'published', by: 'classifier', wouldHave });
      await store.transition(c.id, { from: ['published'], to: 'spam', by: 'moderator' });
      assert.deepEqual((await store.wouldHaveTally('s1')).publish, { published: 0, spam: 1, unreviewed: 0 });
      // Repeating the same decision counts once.
      await store.transition(c.id, { from: ['spam'], to: 'spam', by: 'Maria' });
      assert.deepEqual((await store.wouldHaveTally('s1')).publish, { published: 0, spam: 1, unreviewed: 0 });
      await store.transition(c.id, { from: ['spam'], to: 'published', by: 'Maria' });
      assert.deepEqual((await store.wouldHaveTally('s1')).publish, { published: 1, spam: 0, unreviewed: 0 });
      // A classifier, rule or site backend is not a later moderator decision.
      await store.transition(c.id, { from: ['published'], to: 'spam', by: 'site-backend:s1' });
      assert.deepEqual((await store.wouldHaveTally('s1')).publish, { published: 1, spam: 0, unreviewed: 0 });
    });

    test('would-have tally: deleting an unreviewed comment takes it out; a reviewed one stays counted', async () => {
      const store = await fresh();
      const wouldHave = { mode: 'hold-all' as const, verdict: 'spam' as const, spamScore: 0.99, reasons: [] };
      const a = await store.create(newComment({ siteId: 's2' }));
      const b = await store.create(newComment({ siteId: 's2', comment: 'Another remark entirely, about the weather.' }));
      for (const c of [a, b]) await store.transition(c.id, { from: ['pending'], to: 'flagged', by: 'classifier', wouldHave });
      await store.transition(b.id, { from: ['flagged'], to: 'spam', by: 'moderator' });
      assert.deepEqual((await store.wouldHaveTally('s2')).spam, { published: 0, spam: 1, unreviewed: 1 });
      await store.delete(a.id);
      await store.delete(b.id);
      assert.deepEqual((await store.wouldHaveTally('s2')).spam, { published: 0, spam: 1, unreviewed: 0 });
    });

    test('a comment a mode published does not make its author known unless the filter would have published it too', async () => {
      const store = await fresh();
      const held = await store.create(newComment({ email: 'shadow@example.com' }));
      await store.transition(held.id, { from: ['pending'], to: 'published', by: 'classifier', wouldHave: { mode: 'shadow', verdict: 'flag', spamScore: 0.8, reasons: [] } });
      assert.equal(await store.authorHasPublished(await store.create(newComment({ email: 'shadow@example.com' }))), false);
      const passed = await store.create(newComment({ email: 'shadow@example.com', comment: 'A second, different remark on the piece.' }));
      await store.transition(passed.id, { from: ['pending'], to: 'published', by: 'classifier', wouldHave: { mode: 'shadow', verdict: 'publish', spamScore: 0.1, reasons: [] } });
      assert.equal(await store.authorHasPublished(await store.create(newComment({ email: 'shadow@example.com' }))), true);
    });

    test('ping resolves while the store is reachable', async () => {
      const store = await fresh();
      await store.ping();
    });
  });
}
