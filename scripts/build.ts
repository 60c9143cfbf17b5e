/**
 * `npm run build`: bundles the browser entries (src/browser) with esbuild into dist/public/ and copies the
 * static pages next to them, then prints each file with its gzipped size.
 * `--if-stale` builds only when the output is missing or older than its sources (what `npm test` runs first).
 */
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleState, buildBrowserBundles } from '../src/runtime/browser-bundles.ts';
import { isMain } from '../src/runtime/is-main.ts';

export async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== '--if-stale');
  if (unknown.length) {
    process.stderr.write(`build: unknown argument ${unknown[0]} (usage: npm run build [-- --if-stale])\n`);
    return 2;
  }
  if (argv.includes('--if-stale') && bundleState() === 'fresh') return 0;
  const started = performance.now();
  const files = await buildBrowserBundles();
  const root = fileURLToPath(new URL('../', import.meta.url));
  const rows = files.map((f) => [f.path, String(f.bytes), String(gzipSync(readFileSync(root + f.path)).byteLength)]);
  const header = ['file', 'bytes', 'gzipped'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\nbuilt in ${Math.round(performance.now() - started)} ms\n`);
  return 0;
}

if (isMain(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`build: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
