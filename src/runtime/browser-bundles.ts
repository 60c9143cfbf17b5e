/**
 * The browser side of the service as the server serves it: dist/public/ holds the esbuild bundles of the
 * src/browser entries (one file each) and copies of the static pages in src/public. `npm run build` writes it;
 * `npm start`, `npm run api` and the test suite rebuild it first when it is missing or older than its sources,
 * so a fresh clone works without a separate step. esbuild is imported only when a build is needed.
 */
import { PACKAGE_ROOT } from './package-root.ts';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = PACKAGE_ROOT;
/** Everything the pages router serves, built or copied. */
export const PUBLIC_DIR = join(ROOT, 'dist', 'public');
const STATIC_DIR = join(ROOT, 'src', 'public');
/** Bundle name → entry module. */
const ENTRIES = { widget: 'src/browser/widget.ts', dashboard: 'src/browser/dashboard.ts' } as const;
/** Written last by each build: the files it was built from, for the staleness check. */
const INPUTS_FILE = join(PUBLIC_DIR, 'build-inputs.json');

export type BundleState = 'fresh' | 'stale' | 'missing';

export interface BuiltFile {
  /** Relative to the package root. */
  path: string;
  bytes: number;
}

function mtime(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function staticFiles(): string[] {
  return existsSync(STATIC_DIR) ? readdirSync(STATIC_DIR).filter((f) => /\.(html|css|ico)$/.test(f)) : [];
}

/**
 * `missing` when a served file or the last build's record is absent, `stale` when any source the last build
 * read (or a static page, or this module) is newer than it. Sources that no longer exist are ignored, so an
 * image that ships only dist/public counts as fresh.
 */
export function bundleState(): BundleState {
  const builtAt = mtime(INPUTS_FILE);
  if (builtAt === undefined) return 'missing';
  let inputs: string[];
  try {
    inputs = (JSON.parse(readFileSync(INPUTS_FILE, 'utf8')) as { inputs: string[] }).inputs;
  } catch {
    return 'missing';
  }
  const outputs = [...Object.keys(ENTRIES).map((n) => `${n}.js`), ...staticFiles()];
  if (outputs.some((f) => mtime(join(PUBLIC_DIR, f)) === undefined)) return 'missing';
  const sources = [...inputs.map((f) => join(ROOT, f)), ...staticFiles().map((f) => join(STATIC_DIR, f)), fileURLToPath(import.meta.url)];
  return sources.some((f) => (mtime(f) ?? 0) > builtAt) ? 'stale' : 'fresh';
}

/** Replaces `path` in one step, so a server or a parallel build never reads half a file. */
function writeAtomic(path: string, contents: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

/** Bundles every entry (minified IIFE, no source maps) and copies the static pages; returns what it wrote. */
export async function buildBrowserBundles(): Promise<BuiltFile[]> {
  const esbuild = await import('esbuild');
  // esbuild's service is a child process: stop it, so a long-running `npm start` does not keep it.
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: PUBLIC_DIR,
    bundle: true,
    format: 'iife',
    target: ['es2020'],
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    tsconfig: join(ROOT, 'src', 'browser', 'tsconfig.json'),
    banner: { js: '/* Built by `npm run build` from src/browser; edit the sources, not this file. */' },
    metafile: true,
    write: false,
    logLevel: 'silent',
  }).finally(() => esbuild.stop());
  mkdirSync(PUBLIC_DIR, { recursive: true });
  const written: BuiltFile[] = [];
  for (const file of result.outputFiles) {
    writeAtomic(file.path, file.contents);
    written.push({ path: relative(ROOT, file.path), bytes: file.contents.byteLength });
  }
  for (const f of staticFiles()) {
    const body = readFileSync(join(STATIC_DIR, f));
    writeAtomic(join(PUBLIC_DIR, f), body);
    written.push({ path: relative(ROOT, join(PUBLIC_DIR, f)), bytes: body.byteLength });
  }
  writeAtomic(INPUTS_FILE, `${JSON.stringify({ inputs: Object.keys(result.metafile.inputs).sort() }, null, 2)}\n`);
  return written;
}

export interface EnsureOptions {
  /**
   * Called instead of throwing when stale bundles cannot be rebuilt (a read-only install, no esbuild in a
   * production image): serving the previous build beats not starting. Missing bundles always throw.
   */
  onStaleBuildError?: (err: unknown) => void;
}

/** Builds when the bundles are missing or stale: `fresh` (nothing to do), `built`, or `kept-stale` (see onStaleBuildError). */
export async function ensureBrowserBundles(opts: EnsureOptions = {}): Promise<'fresh' | 'built' | 'kept-stale'> {
  const state = bundleState();
  if (state === 'fresh') return state;
  try {
    await buildBrowserBundles();
    return 'built';
  } catch (err) {
    if (state !== 'stale' || !opts.onStaleBuildError) throw err;
    opts.onStaleBuildError(err);
    return 'kept-stale';
  }
}
