// @ts-check
/**
 * `npm run build`: compiles the TypeScript of the server, workers, CLIs and scripts (src/, workers/, models/,
 * scripts/) to JavaScript in dist/, one file per module (the classify CLI is bundled on top, see BUNDLED_CLIS),
 * then bundles the browser code (src/browser) into dist/public. esbuild only strips the types (about a second); `npm run typecheck` is the type check.
 * `--if-stale` builds only when the output is missing or older than its sources (or a source was removed since).
 * Each server build deletes the output of modules no longer in the sources (pruneServerOutput).
 *
 * Plain JavaScript on purpose: `npm start` (scripts/run-built.mjs) runs it in-process before anything is
 * compiled, and a production install without dev dependencies never loads it unless a build is needed.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
/** Written last by each server build: the sources it compiled. */
const BUILD_INFO = join(DIST, 'build-info.json');
/** Directories compiled to dist/<dir>. */
const SOURCE_DIRS = ['src', 'workers', 'models', 'scripts'];
/**
 * Not compiled: the browser code (bundled for the browser instead; only src/browser/shared is used by the server
 * too), and benchmarks (development tools that run through tsx and use the test harness).
 */
const SKIP = [/^src\/browser\/(?!shared\/)/, /^scripts\/bench-/, /\.d\.ts$/];

/**
 * Packages compiled into one module of their own, dist/vendor/<name>.js, which the compiled modules import instead of
 * the package: zod is 95 modules in node_modules, which cost each process about 7 MB of RSS loaded one by one (module
 * records, their source text, the loader's work); as one module without whitespace, about 3.5 MB (docs/performance.md).
 */
const VENDORED = ['zod'];
/**
 * Adds the files esbuild wrote for a build (its metafile's outputs, relative to ROOT) to `written` as absolute paths,
 * and returns their bytes.
 * @param {{ metafile: { outputs: Record<string, { bytes: number }> } }} r @param {Set<string>} written
 */
function recordOutputs(r, written) {
  let bytes = 0;
  for (const [file, { bytes: size }] of Object.entries(r.metafile.outputs)) {
    written.add(join(ROOT, file));
    bytes += size;
  }
  return bytes;
}
const vendorOutput = (/** @type {string} */ name) => join(DIST, 'vendor', `${name}.js`);

/** Files the compiled modules read next to themselves (the Redis Lua scripts), copied to dist/ as they are. */
const ASSET = /\.lua$/;

/** The modules to compile and the assets to copy, relative to the package root, sorted. */
export function serverSources() {
  /** @type {string[]} */
  const out = [];
  /** @param {string} dir */
  const walk = (dir) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if ((entry.name.endsWith('.ts') || ASSET.test(entry.name)) && !SKIP.some((re) => re.test(rel))) out.push(rel);
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(join(ROOT, dir))) walk(dir);
  return out.sort();
}

/** @param {string} path */
function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * esbuild options shared by the service build and the test build: one ES module per source for Node 20.
 * "Bundling" with every package external is esbuild's way to rewrite import specifiers per file.
 */
export const NODE_MODULES_OPTIONS = /** @type {const} */ ({
  absWorkingDir: ROOT,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  charset: 'utf8',
  logLevel: 'silent',
});

/** dist/<module>.js for a source module, dist/<asset> for an asset. */
export const outputOf = (/** @type {string} */ source) => join(DIST, source.replace(/\.ts$/, '.js'));

/**
 * `missing` when nothing was built or a compiled module is absent, `stale` when a source (or this script) is newer
 * than the last build or a module was added since. Without sources (a production image ships dist/ only) the build
 * counts as fresh.
 * @returns {'fresh' | 'stale' | 'missing'}
 */
export function serverBuildState() {
  const builtAt = mtime(BUILD_INFO);
  if (builtAt === undefined) return 'missing';
  const sources = existsSync(join(ROOT, 'src')) ? serverSources() : [];
  if (sources.length === 0) return 'fresh';
  /** @type {string[]} */
  let built;
  try {
    built = JSON.parse(readFileSync(BUILD_INFO, 'utf8')).sources;
  } catch {
    return 'missing';
  }
  if (sources.some((s) => mtime(outputOf(s)) === undefined) || VENDORED.some((p) => mtime(vendorOutput(p)) === undefined)) return 'missing';
  const known = new Set(built);
  // A module added since, or one removed (its output is still in dist/ until a build prunes it).
  if (sources.length !== known.size || sources.some((s) => !known.has(s))) return 'stale';
  // A vendored package's own package.json: an upgrade of that package alone must rebuild its module.
  const vendoredManifests = VENDORED.map((p) => join('node_modules', p, 'package.json'));
  return [...sources, ...vendoredManifests, 'scripts/build.mjs'].some((s) => (mtime(join(ROOT, s)) ?? 0) > builtAt) ? 'stale' : 'fresh';
}

/**
 * Compiles every server module to dist/ with esbuild: each module is its own output (imports between them stay
 * imports, `.ts` specifiers become `.js`), so `import.meta.url` and the entry-point checks work as in src/.
 * @returns {Promise<{ modules: number, assets: number, bytes: number }>}
 */
export async function compileServer() {
  const esbuild = await import('esbuild');
  const sources = serverSources();
  const assets = sources.filter((s) => ASSET.test(s));
  try {
    const result = await esbuild.build({
      entryPoints: sources.filter((s) => !ASSET.test(s)),
      outdir: DIST,
      outbase: ROOT,
      ...NODE_MODULES_OPTIONS,
      metafile: true,
      plugins: [
        {
          name: 'relative-imports-stay-modules',
          setup(build) {
            build.onResolve({ filter: /^\.{1,2}\// }, (args) =>
              args.kind === 'entry-point' ? undefined : { path: args.path.replace(/\.ts$/, '.js'), external: true },
            );
          },
        },
        {
          name: 'vendored-packages',
          setup(build) {
            build.onResolve({ filter: new RegExp(`^(${VENDORED.join('|')})$`) }, (args) => {
              const from = dirname(outputOf(relative(ROOT, args.importer)));
              const path = relative(from, vendorOutput(args.path)).split('\\').join('/');
              return { path: path.startsWith('.') ? path : `./${path}`, external: true };
            });
          },
        },
      ],
    });
    /** Every file this build writes (absolute paths): what pruneServerOutput keeps. */
    const written = new Set();
    let bytes = recordOutputs(result, written);
    for (const name of VENDORED) {
      const vendor = await esbuild.build({
        stdin: { contents: `export * from '${name}';`, resolveDir: ROOT, sourcefile: `vendor-${name}.js` },
        outfile: vendorOutput(name),
        ...NODE_MODULES_OPTIONS,
        // The vendored package is what this module is made of: bundled in, not left external.
        packages: undefined,
        // ASCII keeps the module's source text a one-byte string in V8 (one non-ASCII character would double it).
        charset: 'ascii',
        minifyWhitespace: true,
        minifySyntax: true,
        metafile: true,
      });
      bytes += recordOutputs(vendor, written);
    }
    bytes += await bundleBatchClis(esbuild, written);
    for (const asset of assets) {
      mkdirSync(dirname(outputOf(asset)), { recursive: true });
      copyFileSync(join(ROOT, asset), outputOf(asset));
      bytes += statSync(outputOf(asset)).size;
      written.add(outputOf(asset));
    }
    pruneServerOutput(written);
    mkdirSync(DIST, { recursive: true });
    const tmp = `${BUILD_INFO}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ sources }, null, 2)}\n`);
    renameSync(tmp, BUILD_INFO);
    return { modules: sources.length - assets.length, assets: assets.length, bytes };
  } finally {
    // The esbuild service is a child process; a long-running `npm start` must not keep it.
    await esbuild.stop();
  }
}

/**
 * Batch CLIs that are also built as one bundle each, replacing their one-file-per-module output: a process that
 * scores a file and exits spends a large share of its CPU time starting, and loading one module costs less than
 * loading two dozen (docs/classifier.md, "Through the classify CLI"). Code a CLI imports only now and then (the
 * config schema, loaded with `await import()` when one of its variables is set) goes into a chunk of its own,
 * loaded only then; modules both need go into a shared chunk, so each class exists once.
 */
const BUNDLED_CLIS = ['src/cli/classify.ts'];

/**
 * Bundles BUNDLED_CLIS over their per-module output, chunks in dist/<dir>/<name>-chunks/ (emptied first, so chunks
 * of an earlier build do not pile up). Packages are bundled too (natural's stopword list would otherwise start
 * the CommonJS loader). Returns the bytes written, and adds the files to `written` (absolute paths).
 * @param {typeof import('esbuild')} esbuild @param {Set<string>} written
 */
async function bundleBatchClis(esbuild, written) {
  let bytes = 0;
  for (const source of BUNDLED_CLIS) {
    const out = outputOf(source);
    const name = source.replace(/^.*\//, '').replace(/\.ts$/, '');
    rmSync(join(dirname(out), `${name}-chunks`), { recursive: true, force: true });
    const result = await esbuild.build({
      entryPoints: { [name]: source },
      outdir: dirname(out),
      chunkNames: `${name}-chunks/[hash]`,
      splitting: true,
      metafile: true,
      ...NODE_MODULES_OPTIONS,
      packages: undefined,
    });
    bytes += recordOutputs(result, written);
  }
  return bytes;
}

/** The directories of dist/ that only the server build writes: its compiled SOURCE_DIRS and the vendored packages. */
const OWNED_DIRS = [...SOURCE_DIRS, 'vendor'].map((dir) => join(DIST, dir));

/**
 * Deletes from the build's own directories (OWNED_DIRS) every file this build did not write, and the directories
 * that leaves empty: the output of a module since removed or renamed would otherwise stay importable and runnable.
 * After the build rather than an emptied dist/ before it, so a process already running from dist/ (a module it
 * imports later, a parallel `--if-stale` build) never finds a module missing. dist/public (the browser bundles),
 * dist/test (the test build) and anything else in dist/ are not this build's and are left alone; so are files a
 * build is writing right now (`*.tmp`).
 * @param {Set<string>} keep absolute paths
 */
function pruneServerOutput(keep) {
  /** @param {string} dir @returns {boolean} whether `dir` is empty afterwards */
  const prune = (dir) => {
    let empty = true;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (prune(path)) rmSync(path, { recursive: true, force: true });
        else empty = false;
      } else if (!keep.has(path) && !entry.name.endsWith('.tmp')) {
        rmSync(path, { force: true });
      } else {
        empty = false;
      }
    }
    return empty;
  };
  for (const dir of OWNED_DIRS) if (existsSync(dir) && prune(dir)) rmSync(dir, { recursive: true, force: true });
}

/** The compiled browser-bundle module (src/runtime/browser-bundles.ts), after compileServer. */
async function browserBundles() {
  return /** @type {typeof import('../src/runtime/browser-bundles.ts')} */ (
    await import(pathToFileURL(outputOf('src/runtime/browser-bundles.ts')).href)
  );
}

/**
 * Compiles the server when its build is missing or stale; returns what it did. The browser bundles are left to
 * the entry points (they rebuild them when needed, see src/runtime/browser-bundles.ts).
 * @returns {Promise<'fresh' | 'built'>}
 */
export async function ensureServerBuild() {
  if (serverBuildState() === 'fresh') return 'fresh';
  await compileServer();
  return 'built';
}

/** @param {string[]} argv */
export async function main(argv) {
  const unknown = argv.filter((a) => a !== '--if-stale');
  if (unknown.length) {
    process.stderr.write(`build: unknown argument ${unknown[0]} (usage: npm run build [-- --if-stale])\n`);
    return 2;
  }
  const ifStale = argv.includes('--if-stale');
  const started = performance.now();
  const rows = [];
  if (!ifStale || serverBuildState() !== 'fresh') {
    const { modules, assets, bytes } = await compileServer();
    rows.push([`dist/ (${modules} modules of src, workers, models, scripts; ${assets} Lua scripts)`, String(bytes), '']);
  }
  const bundles = await browserBundles();
  if (!ifStale || bundles.bundleState() !== 'fresh') {
    for (const f of await bundles.buildBrowserBundles()) {
      rows.push([f.path, String(f.bytes), String(gzipSync(readFileSync(join(ROOT, f.path))).byteLength)]);
    }
  }
  if (ifStale && rows.length === 0) return 0;
  const header = ['output', 'bytes', 'gzipped'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (/** @type {string[]} */ r) => r.map((c, i) => (i ? (c ?? '').padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\nbuilt in ${Math.round(performance.now() - started)} ms\n`);
  return 0;
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`build: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
