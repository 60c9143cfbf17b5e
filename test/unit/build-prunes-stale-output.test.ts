/**
 * `npm run build` (scripts/build.mjs) on a package of its own in a temporary directory: a module removed from the
 * sources loses its compiled output at the next build (else it stays importable and runnable from dist/), and what
 * the build does not own in dist/ (the browser bundles, the compiled tests, anything else) is left as it was.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';

interface BuildModule {
  compileServer(): Promise<unknown>;
  serverBuildState(): 'fresh' | 'stale' | 'missing';
}

test('a source removed since the last build → the build is stale, and rebuilding deletes its output and only that', { timeout: 60_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'cm-build-'));
  try {
    const write = (rel: string, text: string) => {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), text);
    };
    mkdirSync(join(root, 'scripts'));
    copyFileSync(resolve('scripts/build.mjs'), join(root, 'scripts/build.mjs'));
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'), 'dir');
    write('src/cli/classify.ts', "import { kept } from '../kept.ts';\nconsole.log(kept);\n");
    write('src/kept.ts', 'export const kept = 1;\n');
    write('src/old/removed.ts', 'export const removed = 2;\n');
    write('workers/removed-worker.ts', 'export const worker = 3;\n');
    // Not the server build's: written by the browser build, the test build, or someone else.
    for (const rel of ['dist/public/widget.js', 'dist/test/unit/x.test.js', 'dist/notes.txt']) write(rel, 'not the build’s\n');

    const build = (await import(pathToFileURL(join(root, 'scripts/build.mjs')).href)) as BuildModule;
    await build.compileServer();
    assert.ok(existsSync(join(root, 'dist/src/old/removed.js')) && existsSync(join(root, 'dist/workers/removed-worker.js')));
    assert.equal(build.serverBuildState(), 'fresh');

    rmSync(join(root, 'src/old'), { recursive: true });
    rmSync(join(root, 'workers/removed-worker.ts'));
    assert.equal(build.serverBuildState(), 'stale');
    await build.compileServer();

    assert.equal(existsSync(join(root, 'dist/src/old')), false, 'the removed module and its now empty directory');
    assert.equal(existsSync(join(root, 'dist/workers')), false);
    for (const rel of ['dist/src/kept.js', 'dist/src/cli/classify.js', 'dist/vendor/zod.js', 'dist/public/widget.js', 'dist/test/unit/x.test.js', 'dist/notes.txt']) {
      assert.ok(existsSync(join(root, rel)), rel);
    }
    assert.equal(build.serverBuildState(), 'fresh');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
