/**
 * The site registry's cache: a worker asks for the comment's site on every decision (for its webhook), so the
 * unconfigured default site must come from the cache while it is fresh, and from the store once it is not.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSiteRegistry } from '../../src/sites/site-registry.ts';
import { MemorySiteStore } from '../../src/store/memory-site-store.ts';

function countingStore() {
  const store = new MemorySiteStore();
  let reads = 0;
  const get = store.get.bind(store);
  store.get = (id) => {
    reads++;
    return get(id);
  };
  return { store, reads: () => reads };
}

const defaults = { flag: 0.5, reject: 0.9 };

test('load("default") on a fresh cache of a store without a default site → the implicit site, no store read', async () => {
  const { store, reads } = countingStore();
  const registry = await createSiteRegistry(store, { refreshMs: 60_000, defaults });
  try {
    for (let i = 0; i < 5; i++) assert.equal((await registry.load('default'))?.id, 'default');
    assert.equal(reads(), 0);
  } finally {
    registry.stop();
  }
});

test('load("default") once the cache is older than two refresh periods → read from the store, which may have it configured', async () => {
  const { store, reads } = countingStore();
  const registry = await createSiteRegistry(store, { refreshMs: 50, defaults });
  registry.stop();
  await store.create({ id: 'default', name: 'Default', origins: [], webhookUrl: 'https://hooks.example/x', webhookIncludeEmail: false, thresholds: {} });
  await new Promise((r) => setTimeout(r, 120));
  assert.equal((await registry.load('default'))?.webhookUrl, 'https://hooks.example/x');
  assert.equal(reads(), 1);
});

test('load of a site the cache does not hold yet → read from the store', async () => {
  const { store, reads } = countingStore();
  const registry = await createSiteRegistry(store, { refreshMs: 60_000, defaults });
  try {
    const { site } = await store.create({ name: 'Fresh', origins: [], webhookUrl: null, webhookIncludeEmail: false, thresholds: {} });
    assert.equal((await registry.load(site.id))?.id, site.id);
    assert.equal(reads(), 1);
  } finally {
    registry.stop();
  }
});
