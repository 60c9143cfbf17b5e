/** What every SiteStore must do: ids, hashed keys, rotation and revocation, patches, listing and the change version. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SITE_ID_PATTERN } from '../../models/site.ts';
import { SiteInputError, type NewSite, type SiteStore } from '../../src/store/site-store.ts';
import type { Fresh } from './comment-store.contract.ts';

const newSite = (patch: Partial<NewSite> = {}): NewSite => ({
  name: 'Ann’s Blog',
  origins: ['https://blog.example.com'],
  webhookUrl: null,
  webhookIncludeEmail: false,
  thresholds: {},
  ...patch,
});

export function siteStoreContract(impl: string, fresh: Fresh<SiteStore>): void {
  describe(`SiteStore contract: ${impl}`, () => {
    test('create → the site and its key, shown this once; the key resolves to the site and is kept only hashed', async () => {
      const store = await fresh();
      const { site, apiKey } = await store.create(newSite());
      assert.match(site.id, SITE_ID_PATTERN);
      assert.match(site.id, /^ann-s-blog-[0-9a-f]{6}$/);
      assert.match(apiKey, /^[a-z0-9]{20,63}$/);
      assert.match(site.webhookSecret, /^whsec_/);
      assert.equal(site.keys.length, 1);
      assert.equal(await store.siteIdForKey(apiKey), site.id);
      assert.equal(await store.siteIdForKey(`${apiKey}x`), null);
      const stored = await store.get(site.id);
      assert.deepEqual(stored, site);
      assert.ok(!JSON.stringify(stored).includes(apiKey));
      assert.ok(apiKey.startsWith(site.keys[0]!.prefix));
    });

    test('an explicit id is used; a duplicate or malformed id → SiteInputError', async () => {
      const store = await fresh();
      const { site } = await store.create(newSite({ id: 'news' }));
      assert.equal(site.id, 'news');
      await assert.rejects(store.create(newSite({ id: 'news' })), SiteInputError);
      await assert.rejects(store.create(newSite({ id: 'Not Valid' })), SiteInputError);
      assert.equal((await store.list()).length, 1);
    });

    test('list → every site by id; get of an unknown id → null', async () => {
      const store = await fresh();
      await store.create(newSite({ id: 'zeta' }));
      await store.create(newSite({ id: 'alpha' }));
      assert.deepEqual((await store.list()).map((s) => s.id), ['alpha', 'zeta']);
      assert.equal(await store.get('nope'), null);
    });

    test('update changes only what the patch names; thresholds merge; a secret rotates on request', async () => {
      const store = await fresh();
      const { site } = await store.create(newSite({ id: 'blog', thresholds: { flag: 0.4 } }));
      const v = await store.version();
      const renamed = await store.update('blog', { name: 'Renamed', thresholds: { reject: 0.9 } });
      assert.equal(renamed?.name, 'Renamed');
      assert.deepEqual(renamed?.origins, site.origins);
      assert.deepEqual(renamed?.thresholds, { flag: 0.4, reject: 0.9 });
      assert.equal(renamed?.webhookSecret, site.webhookSecret);
      assert.ok((await store.version()) > v);
      assert.equal(site.webhookIncludeClientInfo, false, 'client info (IP, user agent) stays out of webhooks unless asked for');
      const hooked = await store.update('blog', {
        webhookUrl: 'https://hooks.example/x',
        webhookIncludeEmail: true,
        webhookIncludeClientInfo: true,
        origins: [],
        rotateWebhookSecret: true,
      });
      assert.equal(hooked?.webhookUrl, 'https://hooks.example/x');
      assert.equal(hooked?.webhookIncludeEmail, true);
      assert.equal(hooked?.webhookIncludeClientInfo, true);
      assert.deepEqual(hooked?.origins, []);
      assert.notEqual(hooked?.webhookSecret, site.webhookSecret);
      assert.deepEqual(await store.get('blog'), hooked);
      assert.equal(await store.update('nope', { name: 'x' }), null);
    });

    test('rotateKey revokes earlier keys at once, unless keepOld', async () => {
      const store = await fresh();
      const { site, apiKey: first } = await store.create(newSite());
      const second = await store.rotateKey(site.id);
      assert.ok(second);
      assert.equal(await store.siteIdForKey(first), null);
      assert.equal(await store.siteIdForKey(second.apiKey), site.id);
      assert.equal(second.site.keys.length, 1);
      const third = await store.rotateKey(site.id, { keepOld: true });
      assert.equal(await store.siteIdForKey(second.apiKey), site.id);
      assert.equal(await store.siteIdForKey(third!.apiKey), site.id);
      assert.equal((await store.get(site.id))?.keys.length, 2);
      assert.equal(await store.rotateKey('nope'), null);
    });

    test('remove → the site and every key are gone; removing again → false', async () => {
      const store = await fresh();
      const { site, apiKey } = await store.create(newSite());
      const kept = await store.rotateKey(site.id, { keepOld: true });
      const v = await store.version();
      assert.equal(await store.remove(site.id), true);
      assert.ok((await store.version()) > v);
      assert.equal(await store.get(site.id), null);
      assert.equal(await store.siteIdForKey(apiKey), null);
      assert.equal(await store.siteIdForKey(kept!.apiKey), null);
      assert.deepEqual(await store.list(), []);
      assert.equal(await store.remove(site.id), false);
    });

    test('version changes on every write and only then', async () => {
      const store = await fresh();
      const v0 = await store.version();
      const { site } = await store.create(newSite());
      const v1 = await store.version();
      assert.ok(v1 > v0);
      await store.get(site.id);
      await store.list();
      assert.equal(await store.version(), v1);
      await store.rotateKey(site.id);
      assert.ok((await store.version()) > v1);
    });

    test('moderationMode: absent means normal; create and update set it; other fields stay', async () => {
      const store = await fresh();
      const { site } = await store.create({ name: 'Modes', origins: [], webhookUrl: null, webhookIncludeEmail: false, thresholds: { flag: 0.4 } });
      assert.equal(site.moderationMode, undefined);
      const shadow = await store.update(site.id, { moderationMode: 'shadow' });
      assert.equal(shadow?.moderationMode, 'shadow');
      assert.deepEqual(shadow?.thresholds, { flag: 0.4 });
      assert.equal((await store.get(site.id))?.moderationMode, 'shadow');
      assert.equal((await store.update(site.id, { moderationMode: 'normal' }))?.moderationMode, 'normal');
      const { site: held } = await store.create({ name: 'Held', origins: [], webhookUrl: null, webhookIncludeEmail: false, thresholds: {}, moderationMode: 'hold-all' });
      assert.equal((await store.get(held.id))?.moderationMode, 'hold-all');
    });
  });
}
