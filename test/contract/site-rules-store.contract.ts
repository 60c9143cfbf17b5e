/** What every SiteRulesStore must do: whole-set writes per site, revisions and a version that grow, removal, and a cache on top that sees writes. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { emptySiteRules, type SiteRules } from '../../models/site-rules.ts';
import type { SiteRulesStore } from '../../src/store/site-rules-store.ts';
import { createSiteRulesCache } from '../../src/sites/site-rules-cache.ts';
import type { Fresh } from './comment-store.contract.ts';

const rules = (patch: Partial<SiteRules>): SiteRules => ({ ...emptySiteRules(), ...patch });

export function siteRulesStoreContract(impl: string, fresh: Fresh<SiteRulesStore>): void {
  describe(`SiteRulesStore contract: ${impl}`, () => {
    test('a site without rules → null; put → the whole set with a revision; get reads it back', async () => {
      const store = await fresh();
      assert.equal(await store.get('news'), null);
      const written = rules({ holdWords: ['casino', 'Straße'], blockIps: ['2001:db8::/32'], maxLinks: 2, holdFirstComment: true });
      const stored = await store.put('news', written);
      assert.deepEqual(stored.rules, written);
      assert.equal(stored.siteId, 'news');
      assert.ok(stored.revision > 0);
      assert.ok(!Number.isNaN(Date.parse(stored.updatedAt)));
      assert.deepEqual(await store.get('news'), stored);
      assert.equal(await store.get('sport'), null, 'per site');
    });

    test('put replaces the whole set; revisions and the version grow with every write of any site', async () => {
      const store = await fresh();
      const v0 = await store.version();
      const a = await store.put('news', rules({ holdWords: ['a'], spamWords: ['b'] }));
      const v1 = await store.version();
      const b = await store.put('sport', rules({ allowEmails: ['x@example.com'] }));
      const c = await store.put('news', rules({ spamWords: ['c'] }));
      assert.ok(v1 > v0 && (await store.version()) > v1);
      assert.ok(a.revision < b.revision && b.revision < c.revision);
      assert.deepEqual((await store.get('news'))!.rules, rules({ spamWords: ['c'] }));
    });

    test('remove → the site has no rules; the version changes; removing again → false', async () => {
      const store = await fresh();
      await store.put('news', rules({ holdWords: ['a'] }));
      const v = await store.version();
      assert.equal(await store.remove('news'), true);
      assert.equal(await store.get('news'), null);
      assert.ok((await store.version()) > v);
      assert.equal(await store.remove('news'), false);
    });

    test('a cache compiles on first use and sees a write once its check interval has passed', async () => {
      const store = await fresh();
      let clock = 0;
      const cache = createSiteRulesCache(store, { now: () => clock, checkMs: 2000 });
      const ask = async () => (await cache.compiled('news')).decide({ text: 'casino', name: 'A', email: 'a@example.com', website: null, ip: null });
      assert.equal(await ask(), null);
      await store.put('news', rules({ holdWords: ['casino'] }));
      assert.equal(await ask(), null, 'within the interval: the compiled copy');
      clock += 2001;
      assert.equal((await ask())?.rule, 'hold-words');
      await store.put('news', rules({}));
      cache.invalidate('news');
      assert.equal(await ask(), null, 'invalidate: at once');
    });

    test('a cache asked for its current rules → only what compiled() would answer without reading the store', async () => {
      const store = await fresh();
      let clock = 0;
      const cache = createSiteRulesCache(store, { now: () => clock, checkMs: 2000 });
      assert.equal(cache.current?.('news'), undefined, 'never compiled');
      const first = await cache.compiled('news');
      assert.equal(cache.current?.('news'), first);
      assert.equal(first.active, false);
      await store.put('news', rules({ holdWords: ['casino'] }));
      clock += 2001;
      assert.equal(cache.current?.('news'), undefined, 'the version is due for a check');
      const second = await cache.compiled('news');
      assert.equal(second.active, true);
      assert.equal(cache.current?.('news'), second);
      cache.invalidate('news');
      assert.equal(cache.current?.('news'), undefined, 'invalidated');
    });
  });
}
