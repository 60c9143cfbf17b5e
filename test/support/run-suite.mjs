// @ts-check
/**
 * Last step of `npm test` (after the Redis check and `npm run build -- --if-stale`): compiles the tests
 * (test/support/build-tests.mjs) and runs them with node's test runner: the fast layer as two processes
 * (test/unit-layer-1-of-2.ts and -2-of-2.ts, half of its files each) and the integration files in a few processes
 * (GROUPS below), TEST_CONCURRENCY processes at a time (default 4; 2 for the fast layer alone).
 *
 * Why groups: every process pays for importing the service (Express, ioredis, BullMQ, the model) and a browser
 * file also for playwright and a Chromium launch, about a second and a half of CPU in all, which the suite paid
 * forty times. A group process runs its files one after another, each in a suite of its own
 * (test/support/file-group.ts), a browser group with one Chromium. The files that kill and restart processes for
 * most of a minute run alone, so the others share the cores beside them.
 *
 * What it adds to `node --test dist/test/…`:
 * - order: the processes that take longest start first (SLOW_FIRST), so none of them is left to run alone at the
 *   end; `node --test` would sort the files by name.
 * - at the end, the wall time of each process and its CPU time (with the services, redis-servers and Chromium it
 *   started), then the same for each file of a group: the figures to keep SLOW_FIRST and GROUPS right.
 *
 * `node test/support/run-suite.mjs --fast` runs the fast layer only (`npm run test:fast`). Arguments naming test
 * files (test/integration/x.test.ts) run those files only, grouped as in the whole run; with `--alone`, each in a
 * process of its own.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';
import { ROOT } from '../../scripts/build.mjs';
import { buildTests } from './build-tests.mjs';

const FAST_LAYER = ['unit-layer-1-of-2.js', 'unit-layer-2-of-2.js'];

/**
 * Which integration files share a process, by file name. A file matching no group runs alone: the crash run and
 * the Cluster test start and kill their own Redis and services for most of the run, and the processes beside them
 * should not wait for that. `parts` splits a group into that many processes, every `parts`-th file in name order.
 * @type {{ name: string, files: (name: string) => boolean, parts: number, shareBrowser?: boolean }[]}
 */
const GROUPS = [
  // The moderator's pages and the reader's: about the same CPU time each (35–40 s on a loaded 2-core machine).
  { name: 'browser-dashboard', files: (f) => /^browser-(dashboard|moderators|site-rules|shadow)/.test(f), parts: 1, shareBrowser: true },
  { name: 'browser-widget', files: (f) => f.startsWith('browser-'), parts: 1, shareBrowser: true },
  { name: 'integration', files: (f) => !['crash-run.test.js', 'redis-cluster.test.js'].includes(f), parts: 2 },
];

/**
 * Longest first (the per-process wall times and CPU times `npm test` reports, on a 2-core machine); processes not
 * listed follow in name order.
 */
const SLOW_FIRST = [
  'group-browser-dashboard.js',
  'group-browser-widget.js',
  'integration/crash-run.test.js',
  'integration/redis-cluster.test.js',
  'group-integration-1-of-2.js',
  'group-integration-2-of-2.js',
  'unit-layer-1-of-2.js',
  'unit-layer-2-of-2.js',
];

const COMPILED = join(ROOT, 'dist', 'test');
const ENTRIES = join(COMPILED, 'groups');
const args = process.argv.slice(2);
const fast = args.includes('--fast');
const alone = args.includes('--alone');
const named = args.filter((a) => !a.startsWith('--'));

await buildTests();

/**
 * Writes dist/test/groups/<name>.js running `files` (paths under dist/test/) in one process.
 * @param {string} name @param {string[]} files @param {boolean} shareBrowser
 */
function groupEntry(name, files, shareBrowser) {
  mkdirSync(ENTRIES, { recursive: true });
  const path = join(ENTRIES, `${name}.js`);
  const list = JSON.stringify(files.map((f) => `../${f}`));
  writeFileSync(path, `import { runTestFiles } from '../support/file-group.js';\nawait runTestFiles(import.meta.url, ${list}, { shareBrowser: ${shareBrowser} });\n`);
  return path;
}

/** The processes for these integration files (paths under dist/test/): one per group part, or one per file. @param {string[]} integration */
function integrationProcesses(integration) {
  rmSync(ENTRIES, { recursive: true, force: true });
  /** @type {string[]} */
  const out = [];
  let rest = [...integration].sort();
  for (const group of alone ? [] : GROUPS) {
    const members = rest.filter((f) => group.files(basename(f)));
    rest = rest.filter((f) => !members.includes(f));
    const parts = Math.min(group.parts, members.length);
    for (let i = 0; i < parts; i++) {
      const name = parts > 1 ? `group-${group.name}-${i + 1}-of-${parts}` : `group-${group.name}`;
      out.push(groupEntry(name, members.filter((_, j) => j % parts === i), group.shareBrowser ?? false));
    }
  }
  for (const f of rest) out.push(groupEntry(basename(f, '.test.js'), [f], false));
  return out;
}

/** @type {string[]} */
let files;
if (named.length) {
  files = integrationProcesses(named.map((f) => relative('test', f).replace(/\.ts$/, '.js')));
} else if (fast) {
  files = FAST_LAYER.map((f) => join(COMPILED, f));
} else {
  const integration = readdirSync(join(COMPILED, 'integration'))
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => `integration/${f}`);
  const processes = [...FAST_LAYER.map((f) => join(COMPILED, f)), ...integrationProcesses(integration)];
  const rank = (/** @type {string} */ p) => (SLOW_FIRST.includes(labelOf(p)) ? SLOW_FIRST.indexOf(labelOf(p)) : SLOW_FIRST.length);
  files = processes.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
for (const f of files) if (!existsSync(f)) throw new Error(`no compiled test ${relative(ROOT, f)}`);

/** How a process is named in SLOW_FIRST and the report: the group's entry, or the one file it runs. @param {string} p */
function labelOf(p) {
  if (!p.startsWith(ENTRIES)) return relative(COMPILED, p);
  const name = basename(p);
  return name.startsWith('group-') ? name : `integration/${name.replace(/\.js$/, '.test.js')}`;
}

// Four, not all eight at once: side by side on a loaded machine both took as long (185 s, 177 s), and with eight the
// crash run, which has 150 s for all its phases, ran out of time.
const concurrency = Number(process.env.TEST_CONCURRENCY ?? Math.min(files.length, fast ? 2 : 4));
let failed = false;
const started = Date.now();
const stream = run({ files, concurrency });
stream.on('test:fail', () => (failed = true));
/** Wall time of each process and of each file, from the runner's events; CPU time from the processes' last line. */
const processMs = new Map();
const fileMs = new Map();
const cpuSeconds = new Map();
stream.on('test:complete', (/** @type {{ nesting: number, name: string, file?: string, details: { duration_ms: number } }} */ data) => {
  if (!data.file) return;
  if (data.nesting === 0 && data.name === data.file) processMs.set(labelOf(data.file), data.details.duration_ms);
  // A group's files are the suites at its top level, named by their path (test/support/file-group.ts).
  else if (data.nesting === 0 && data.file.endsWith('file-group.js')) fileMs.set(data.name, data.details.duration_ms);
});
/** CPU time of each file of a group. */
const fileCpuSeconds = new Map();
stream.on('test:stdout', (/** @type {{ file?: string, message: string }} */ data) => {
  for (const [, name, seconds] of data.message.matchAll(/^cpu-file (\S+) (\d+(?:\.\d+)?)$/gm)) fileCpuSeconds.set(name, Number(seconds));
  const m = /^cpu-report (\d+(?:\.\d+)?)$/m.exec(data.message);
  if (m && data.file) cpuSeconds.set(labelOf(data.file), Number(m[1]));
});
const reporter = process.stdout.isTTY ? stream.compose(new spec()) : stream.compose(tap);
reporter.pipe(process.stdout);
await new Promise((resolve) => reporter.once('end', resolve));
if (processMs.size > 1 || fileMs.size > 1) {
  const s = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(1).padStart(6)} s`;
  const cpu = (/** @type {number | undefined} */ sec) => (sec === undefined ? '       ?     ' : `${sec.toFixed(1).padStart(6)} s CPU`);
  const processes = [...processMs].sort((a, b) => b[1] - a[1]).map(([p, ms]) => `# ${s(ms)} ${cpu(cpuSeconds.get(p))}  ${p}`);
  const perFile = [...fileMs].sort((a, b) => b[1] - a[1]).map(([f, ms]) => `# ${s(ms)} ${cpu(fileCpuSeconds.get(f))}  ${f}`);
  const total = [...cpuSeconds.values()].reduce((a, b) => a + b, 0);
  console.log(
    `# wall time and CPU time per process, ${concurrency} at a time; whole run ${((Date.now() - started) / 1000).toFixed(1)} s, ${total.toFixed(1)} s CPU in the test processes\n` +
      `${processes.join('\n')}${perFile.length ? `\n# wall time and CPU time per file, in its process (module loading not counted)\n${perFile.join('\n')}` : ''}`,
  );
}
process.exitCode = failed ? 1 : 0;
