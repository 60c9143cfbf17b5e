// @ts-check
/**
 * Last step of `npm test` (after the Redis check and `npm run build -- --if-stale`): compiles the tests
 * (test/support/build-tests.mjs) and runs them with node's test runner, one process per integration file and two
 * for the fast layer (test/unit-layer-1-of-2.ts and -2-of-2.ts, half of its files each), TEST_CONCURRENCY files at
 * a time (default 3; 2 for the fast layer alone).
 *
 * What it adds to `node --test dist/test/…`:
 * - order: the files that take longest start first (SLOW_FIRST), so none of them is left to run alone at the end;
 *   `node --test` would sort the files by name.
 * - at the end, each file's wall time, longest first (a TAP comment), to keep SLOW_FIRST in order.
 * (Sharing one Chromium between the browser files was tried: it saved no measurable CPU time.)
 *
 * `node test/support/run-suite.mjs --fast` runs the fast layer only (`npm run test:fast`). Arguments naming test
 * files (test/integration/x.test.ts) run those files only.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';
import { ROOT } from '../../scripts/build.mjs';
import { buildTests } from './build-tests.mjs';

const FAST_LAYER = ['unit-layer-1-of-2.js', 'unit-layer-2-of-2.js'];

/**
 * Longest first (the per-file wall times and CPU times `npm test` reports, on a 2-core machine); files not listed
 * follow in name order.
 */
const SLOW_FIRST = [
  'integration/crash-run.test.js',
  'integration/browser-widget.test.js',
  'integration/cli-processes.test.js',
  'unit-layer-1-of-2.js',
  'unit-layer-2-of-2.js',
  'integration/browser-dashboard-review.test.js',
  'integration/browser-dashboard.test.js',
  'integration/browser-widget-follow.test.js',
  'integration/redis-cluster.test.js',
  'integration/npm-start-lifecycle.test.js',
  'integration/browser-moderators-panel.test.js',
  'integration/moderator-token-guessing.test.js',
  'integration/browser-dashboard-clusters.test.js',
  'integration/browser-site-rules.test.js',
  'integration/browser-nojs.test.js',
  'integration/openapi-conformance.test.js',
  'integration/browser-dashboard-signin.test.js',
  'integration/redis-full.test.js',
  'integration/fuzz-endpoints.test.js',
];

const COMPILED = join(ROOT, 'dist', 'test');
const args = process.argv.slice(2);
const fast = args.includes('--fast');
const named = args.filter((a) => a !== '--fast');

await buildTests();

/** @type {string[]} */
let files;
if (named.length) {
  files = named.map((f) => join(COMPILED, relative('test', f).replace(/\.ts$/, '.js')));
} else if (fast) {
  files = FAST_LAYER.map((f) => join(COMPILED, f));
} else {
  const integration = readdirSync(join(COMPILED, 'integration'))
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => `integration/${f}`);
  const all = [...FAST_LAYER, ...integration.sort()];
  const rank = (/** @type {string} */ f) => (SLOW_FIRST.includes(f) ? SLOW_FIRST.indexOf(f) : SLOW_FIRST.length);
  files = all.sort((a, b) => rank(a) - rank(b)).map((f) => join(COMPILED, f));
}
for (const f of files) if (!existsSync(f)) throw new Error(`no compiled test ${relative(ROOT, f)}`);

const concurrency = Number(process.env.TEST_CONCURRENCY ?? Math.min(files.length, fast ? 2 : 3));
let failed = false;
const started = Date.now();
const stream = run({ files, concurrency });
stream.on('test:fail', () => (failed = true));
/** Wall time of each file's process, from the runner's file-level events: the figures to keep SLOW_FIRST right. */
const fileMs = new Map();
stream.on('test:complete', (/** @type {{ nesting: number, name: string, file?: string, details: { duration_ms: number } }} */ data) => {
  if (data.nesting === 0 && data.file && data.name === data.file) fileMs.set(relative(COMPILED, data.file), data.details.duration_ms);
});
const reporter = process.stdout.isTTY ? stream.compose(new spec()) : stream.compose(tap);
reporter.pipe(process.stdout);
await new Promise((resolve) => reporter.once('end', resolve));
if (fileMs.size > 1) {
  const rows = [...fileMs].sort((a, b) => b[1] - a[1]).map(([f, ms]) => `# ${(ms / 1000).toFixed(1).padStart(6)} s  ${f}`);
  console.log(`# wall time per file, ${concurrency} at a time; whole run ${((Date.now() - started) / 1000).toFixed(1)} s\n${rows.join('\n')}`);
}
process.exitCode = failed ? 1 : 0;
