/**
 * The browser bundles in dist/public: rebuilt when a source is newer than the last build, and the widget
 * stays within its size budget (15 KB gzipped).
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { bundleState, ensureBrowserBundles, PUBLIC_DIR } from '../src/runtime/browser-bundles.ts';

const SOURCE = fileURLToPath(new URL('../src/browser/widget/follow-pending.ts', import.meta.url));

test('a source newer than the bundles makes them stale; ensureBrowserBundles rebuilds them', async () => {
  await ensureBrowserBundles();
  assert.equal(bundleState(), 'fresh');
  const { atime, mtime } = statSync(SOURCE);
  try {
    const later = new Date(Date.now() + 2000);
    utimesSync(SOURCE, later, later);
    assert.equal(bundleState(), 'stale');
  } finally {
    utimesSync(SOURCE, atime, mtime);
  }
  assert.equal(bundleState(), 'fresh');
});

test('the widget bundle is one file under 15 KB gzipped', async () => {
  await ensureBrowserBundles();
  const widget = readFileSync(join(PUBLIC_DIR, 'widget.js'));
  assert.doesNotMatch(widget.toString('utf8'), /^\s*(import|export)\s/m, 'no module syntax left: one self-contained script');
  const gzipped = gzipSync(widget, { level: 9 }).byteLength;
  assert.ok(gzipped < 15 * 1024, `widget.js is ${gzipped} bytes gzipped`);
});
