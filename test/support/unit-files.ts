/**
 * Imports the fast layer's test files (test/unit/*.test.ts, or the compiled .js next to them) into this process:
 * all of them, or every `count`-th in name order starting at `index`, so the layer can run as a few processes, one
 * per core, without a list of files to keep up to date.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { reportCpuAtEnd } from './cpu-report.ts';

export async function importUnitFiles(part: { index: number; count: number } = { index: 0, count: 1 }): Promise<void> {
  reportCpuAtEnd();
  const dir = new URL('../unit/', import.meta.url);
  const files = readdirSync(fileURLToPath(dir))
    .filter((f) => /\.test\.(ts|js)$/.test(f))
    .sort();
  for (const [i, file] of files.entries()) {
    if (i % part.count === part.index) await import(new URL(file, dir).href);
  }
}
