/**
 * The fast layer in one process: every test/unit file, none of which needs Redis or process isolation.
 * One process instead of one per file saves about a second of start-up (tsx, express, the model) per file,
 * three quarters of the layer's CPU time. Runs from source (tsx) or compiled (dist/test/unit-layer.js, what
 * `npm test` runs, see test/support/build-tests.mjs). `node --import tsx --test test/unit/x.test.ts` still runs one file.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = new URL('./unit/', import.meta.url);
for (const file of readdirSync(fileURLToPath(dir)).filter((f) => /\.test\.(ts|js)$/.test(f)).sort()) {
  await import(new URL(file, dir).href);
}
