// @ts-check
/**
 * `node scripts/run-built.mjs dist/<entry>.js [args…]`: runs a compiled entry point in this process, compiling
 * first when dist/ is missing or older than the sources (what `npm start` and the CLIs use, so they work right
 * after `npm ci` and after an edit). In-process rather than `npm run build && node …`: one process receives the
 * supervisor's signals, and nothing is left running when it stops.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureServerBuild, serverBuildState } from './build.mjs';

const [entryArg, ...rest] = process.argv.slice(2);
if (!entryArg) {
  process.stderr.write('usage: node scripts/run-built.mjs dist/<entry>.js [args…]\n');
  process.exit(2);
}
const entry = resolve(entryArg);
try {
  if ((await ensureServerBuild()) === 'built') process.stderr.write('compiled the sources to dist/ (they were missing or newer than the build)\n');
} catch (err) {
  // Without esbuild (a production install) a stale build is still better than not starting; a missing one is not.
  if (serverBuildState() === 'missing') {
    process.stderr.write(`cannot compile the sources (${err instanceof Error ? err.message : String(err)}); run \`npm ci\` and \`npm run build\`\n`);
    process.exit(1);
  }
  process.stderr.write(`dist/ is older than the sources and could not be rebuilt (${err instanceof Error ? err.message : String(err)}); running it anyway\n`);
}
// The entry point runs only when it is the process's main module (src/runtime/is-main.ts): make it so.
process.argv = [process.argv[0] ?? process.execPath, entry, ...rest];
await import(pathToFileURL(entry).href);
