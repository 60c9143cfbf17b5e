/**
 * The browser bundles in dist/public: rebuilt when a source is newer than the last build, and the widget
 * stays within its size budget (15 KB gzipped).
 */
import assert from 'node:assert/strict';
import { readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { bundleState, ensureBrowserBundles, PUBLIC_DIR } from '../../src/runtime/browser-bundles.ts';

test('bundles older than a source are stale, and ensureBrowserBundles rebuilds them', async () => {
  await ensureBrowserBundles();
  assert.equal(bundleState(), 'fresh');
  // Pretend the last build happened long ago: every source is now newer than it.
  const longAgo = new Date('2000-01-01T00:00:00Z');
  utimesSync(join(PUBLIC_DIR, 'build-inputs.json'), longAgo, longAgo);
  assert.equal(bundleState(), 'stale');
  assert.equal(await ensureBrowserBundles(), 'built');
  assert.equal(bundleState(), 'fresh');
  assert.equal(await ensureBrowserBundles(), 'fresh');
});

test('the widget bundle is one file under 15 KB gzipped', async () => {
  await ensureBrowserBundles();
  const widget = readFileSync(join(PUBLIC_DIR, 'widget.js'));
  assert.doesNotMatch(widget.toString('utf8'), /^\s*(import|export)\s/m, 'no module syntax left: one self-contained script');
  const gzipped = gzipSync(widget, { level: 9 }).byteLength;
  assert.ok(gzipped < 15 * 1024, `widget.js is ${gzipped} bytes gzipped`);
});
