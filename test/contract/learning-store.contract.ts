/** What every LearningStore must do: per-site counts, exactly-once learning per document, reversals, stats. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LearningStore } from '../../src/store/learning-store.ts';
import type { Fresh } from './comment-store.contract.ts';
import { MAX_SITE_PHRASE_KEYS, PHRASE_PREFIX } from '../../src/spam/site-phrases.ts';

const plain = (tokens: Map<string, { spam: number; ham: number }>) => Object.fromEntries([...tokens].sort());

export function learningStoreContract(impl: string, fresh: Fresh<LearningStore>): void {
  describe(`LearningStore contract: ${impl}`, () => {
    test('a fresh store knows nothing', async () => {
      const store = await fresh();
      const got = await store.fetch('s', ['a', 'b']);
      assert.equal(got.spamDocs, 0);
      assert.equal(got.hamDocs, 0);
      assert.equal(got.tokens.size, 0);
      const none = { observed: 0, windowDocuments: null, windowSpamShare: null, features: null };
      assert.deepEqual(await store.stats(), { spamDocs: 0, hamDocs: 0, version: 0, phraseKeys: null, adaptation: none });
      assert.deepEqual(await store.stats('s'), { spamDocs: 0, hamDocs: 0, version: 0, phraseKeys: 0, adaptation: { observed: 0, windowDocuments: 0, windowSpamShare: null, features: 0 } });
    });

    test('site phrases count like any feature, bounded per site: at the bound no new phrase key is added, the ones held keep counting, a reversal takes its counts out', async () => {
      const store = await fresh();
      const phrases = (from: number, n: number) => Array.from({ length: n }, (_, i) => `${PHRASE_PREFIX}${(from + i).toString(36)}`);
      // One site filled to the bound by a single decision (the bound counts keys, not decisions).
      assert.equal(await store.learn('s', 'ham', phrases(0, MAX_SITE_PHRASE_KEYS), 'c1'), true);
      assert.equal((await store.stats('s')).phraseKeys, MAX_SITE_PHRASE_KEYS);
      const held = `${PHRASE_PREFIX}${(7).toString(36)}`;
      const [fresh1] = phrases(MAX_SITE_PHRASE_KEYS, 1);
      assert.equal(await store.learn('s', 'ham', ['word', held, fresh1!], 'c2'), true);
      let got = await store.fetch('s', ['word', held, fresh1!]);
      assert.deepEqual(plain(got.tokens), { word: { spam: 0, ham: 1 }, [held]: { spam: 0, ham: 2 } }, 'a word is always learned, a held phrase keeps counting, a new one is not added');
      assert.equal((await store.stats('s')).phraseKeys, MAX_SITE_PHRASE_KEYS);
      // Marked spam instead: its held phrase moves to the spam counts (a new key there, still at the bound: not added).
      assert.equal(await store.learn('s', 'spam', ['word', held, fresh1!], 'c2'), true);
      got = await store.fetch('s', [held, fresh1!]);
      assert.deepEqual(plain(got.tokens), { [held]: { spam: 0, ham: 1 } });
      // Other sites have their own bound.
      assert.equal(await store.learn('t', 'ham', [fresh1!]), true);
      assert.equal((await store.stats('t')).phraseKeys, 1);
      assert.equal((await store.stats()).phraseKeys, null);
    });

    test('learn counts documents per feature; fetch returns only features asked for and seen', async () => {
      const store = await fresh();
      assert.equal(await store.learn('s', 'spam', ['buy', 'now']), true);
      assert.equal(await store.learn('s', 'spam', ['buy']), true);
      assert.equal(await store.learn('s', 'ham', ['now', 'thanks']), true);
      const got = await store.fetch('s', ['buy', 'now', 'unseen', 'buy']);
      assert.equal(got.spamDocs, 2);
      assert.equal(got.hamDocs, 1);
      assert.deepEqual(plain(got.tokens), { buy: { spam: 2, ham: 0 }, now: { spam: 1, ham: 1 } });
      assert.equal((await store.fetch('s', [])).spamDocs, 2);
    });

    test('sites are separate; stats without a site add every site up', async () => {
      const store = await fresh();
      await store.learn('a', 'spam', ['x']);
      await store.learn('b', 'ham', ['x']);
      await store.learn('b', 'ham', ['y']);
      assert.deepEqual(plain((await store.fetch('a', ['x', 'y'])).tokens), { x: { spam: 1, ham: 0 } });
      const a = await store.stats('a');
      const b = await store.stats('b');
      const all = await store.stats();
      assert.deepEqual([a.spamDocs, a.hamDocs], [1, 0]);
      assert.deepEqual([b.spamDocs, b.hamDocs], [0, 2]);
      assert.deepEqual([all.spamDocs, all.hamDocs], [1, 2]);
    });

    test('with a docKey: the same label again is a no-op; the other label moves the counts', async () => {
      const store = await fresh();
      assert.equal(await store.learn('s', 'ham', ['calm', 'remark'], 'c1'), true);
      const v1 = (await store.stats()).version;
      assert.equal(await store.learn('s', 'ham', ['calm', 'remark'], 'c1'), false);
      assert.equal((await store.stats()).version, v1, 'a no-op does not bump the version');
      assert.equal(await store.learn('s', 'spam', ['calm', 'remark'], 'c1'), true);
      const got = await store.fetch('s', ['calm', 'remark']);
      assert.deepEqual([got.spamDocs, got.hamDocs], [1, 0]);
      assert.deepEqual(plain(got.tokens), { calm: { spam: 1, ham: 0 }, remark: { spam: 1, ham: 0 } });
      assert.ok((await store.stats()).version > v1);
      assert.equal(await store.learn('s', 'ham', ['calm', 'remark'], 'c1'), true);
      const back = await store.fetch('s', ['calm', 'remark']);
      assert.deepEqual([back.spamDocs, back.hamDocs], [0, 1]);
      assert.deepEqual(plain(back.tokens), { calm: { spam: 0, ham: 1 }, remark: { spam: 0, ham: 1 } });
      const { spamDocs, hamDocs } = await store.stats();
      assert.deepEqual({ spamDocs, hamDocs }, { spamDocs: 0, hamDocs: 1 });
    });

    test('without a docKey every call counts', async () => {
      const store = await fresh();
      await store.learn('s', 'spam', ['x']);
      await store.learn('s', 'spam', ['x']);
      assert.equal((await store.stats('s')).spamDocs, 2);
      assert.equal((await store.fetch('s', ['x'])).tokens.get('x')?.spam, 2);
    });

    test('every change bumps the version, shared by all sites', async () => {
      const store = await fresh();
      const v0 = (await store.stats()).version;
      await store.learn('a', 'spam', ['x']);
      await store.learn('b', 'ham', ['y']);
      assert.equal((await store.stats()).version, v0 + 2);
      assert.equal((await store.stats('a')).version, v0 + 2);
    });
    test('observe: unlabelled comments become soft counts for this site only, visible in fetch and stats', async () => {
      const store = await fresh();
      await store.observe('s', ['casino', 'bonus', 'casino'], 0.9);
      await store.observe('s', ['casino', 'weather'], 0.1);
      const got = await store.fetch('s', ['casino', 'bonus', 'weather', 'unseen']);
      assert.ok(got.unlabelled, 'soft counts are returned with the labelled ones');
      const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;
      assert.ok(close(got.unlabelled.spamDocs, 1.0) && close(got.unlabelled.hamDocs, 1.0));
      const casino = got.unlabelled.tokens.get('casino')!;
      assert.ok(close(casino.spam, 1.0) && close(casino.ham, 1.0), 'a feature counts once per comment');
      assert.ok(close(got.unlabelled.tokens.get('bonus')!.spam, 0.9));
      assert.equal(got.unlabelled.tokens.has('unseen'), false);
      assert.equal(got.spamDocs + got.hamDocs, 0, 'no labelled documents');
      const stats = await store.stats('s');
      assert.equal(stats.adaptation.observed, 2);
      assert.equal(stats.adaptation.windowDocuments, 2);
      assert.equal(stats.adaptation.windowSpamShare, 0.5);
      assert.equal(stats.adaptation.features, 3);
      assert.equal((await store.stats()).adaptation.observed, 2);
      assert.equal((await store.fetch('other', ['casino'])).unlabelled, undefined, 'other sites see nothing');
    });

    test('feedback labels (fb: keys) and keyless ones are counted as never observed, a comment decision is not; a reversal moves nothing', async () => {
      const store = await fresh();
      await store.learn('s', 'spam', ['casino'], 'c1');
      await store.learn('s', 'spam', ['casino'], 'fb:abc');
      await store.learn('s', 'ham', ['weather']);
      assert.equal((await store.fetch('s', ['casino'])).unobservedDocs, 2);
      await store.learn('s', 'ham', ['casino'], 'fb:abc');
      const got = await store.fetch('s', ['casino']);
      assert.deepEqual([got.spamDocs, got.hamDocs, got.unobservedDocs], [1, 2, 2]);
      assert.equal((await store.fetch('other', ['casino'])).unobservedDocs, undefined);
    });

    test('fetch returns how many comments were ever observed, with the labelled counts in place', async () => {
      const store = await fresh();
      await store.learn('s', 'spam', ['casino', 'bonus']);
      for (let i = 0; i < 3; i++) await store.observe('s', ['casino', 'weather'], 0.2);
      const got = await store.fetch('s', ['casino', 'bonus', 'weather']);
      assert.equal(got.unlabelled?.observed, 3);
      assert.deepEqual([got.spamDocs, got.hamDocs], [1, 0]);
      assert.deepEqual(plain(got.tokens), { bonus: { spam: 1, ham: 0 }, casino: { spam: 1, ham: 0 } });
      const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;
      assert.ok(close(got.unlabelled.tokens.get('weather')!.ham, 2.4));
    });
  });
}
