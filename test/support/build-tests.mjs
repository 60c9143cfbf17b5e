// @ts-check
/**
 * `node test/support/build-tests.mjs`: compiles the tests (test/**\/*.ts) to dist/test/, next to the compiled
 * service (`npm run build`), so `npm test` runs them with plain node: the tsx loader costs about a second of CPU
 * in every test process (each test file is one), a third of the suite's CPU time. Imports of the service's
 * modules become the compiled ones (dist/src/…, the code `npm start` runs); browser code, which the server build
 * leaves out, is bundled into the test that imports it; plain JavaScript (scripts/build.mjs) is imported where
 * it is; data files under test/ (fixtures) are copied. dist/test/ is rebuilt whole, so a
 * deleted test does not linger. Type checking stays with `npm run typecheck`; one file still runs from source
 * with `node --import tsx --test test/…ts`.
 */
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { DIST, NODE_MODULES_OPTIONS, ROOT, outputOf, serverSources } from '../../scripts/build.mjs';

const OUT = join(DIST, 'test');

/** @param {string} dir relative to ROOT @returns {string[]} */
function walk(dir) {
  /** @type {string[]} */
  const out = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...walk(rel));
    else out.push(rel);
  }
  return out;
}

/** Compiles into a fresh directory, then swaps it in: test files of a previous build never mix with this one. */
export async function buildTests() {
  const esbuild = await import('esbuild');
  const files = walk('test');
  const sources = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const assets = files.filter((f) => !/\.(ts|mjs|js)$/.test(f));
  const compiled = new Set(serverSources());
  const tmp = `${OUT}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    await esbuild.build({
      ...NODE_MODULES_OPTIONS,
      entryPoints: sources,
      outdir: tmp,
      outbase: join(ROOT, 'test'),
      plugins: [
        {
          name: 'relative-imports-stay-modules',
          setup(build) {
            build.onResolve({ filter: /^\.{1,2}\// }, (args) => {
              if (args.kind === 'entry-point') return undefined;
              const target = resolve(args.resolveDir, args.path);
              const rel = relative(ROOT, target);
              // Absolute paths: a module bundled into a test file (below) keeps its imports right wherever it lands.
              if (rel.startsWith(`test${sep}`) && rel.endsWith('.ts')) return { path: join(OUT, relative('test', rel)).replace(/\.ts$/, '.js'), external: true };
              if (compiled.has(rel)) return { path: outputOf(rel), external: true };
              // Plain JavaScript (scripts/build.mjs) is imported where it is; TypeScript the server build leaves out
              // (the browser code under src/browser) is bundled into the test that imports it.
              return rel.endsWith('.ts') ? undefined : { path: target, external: true };
            });
          },
        },
      ],
    });
  } finally {
    await esbuild.stop();
  }
  for (const asset of assets) {
    const to = join(tmp, relative('test', asset));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(ROOT, asset), to);
  }
  rmSync(OUT, { recursive: true, force: true });
  renameSync(tmp, OUT);
  return { modules: sources.length, assets: assets.length };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(ROOT, 'test/support/build-tests.mjs')) {
  buildTests().catch((err) => {
    process.stderr.write(`build-tests: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
