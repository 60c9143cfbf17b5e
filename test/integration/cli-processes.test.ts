/** The spam CLIs as real processes: the entry point wiring (exit status, one stderr line) that in-process tests of main() can't see. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const root = new URL('../..', import.meta.url).pathname;

test('train, classify and evaluate as processes: an unknown option exits 2 with one stderr line and nothing on stdout', () => {
  for (const cli of ['train', 'classify', 'evaluate']) {
    const bad = spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${cli}.ts`, '--bogus'], { cwd: root, encoding: 'utf8' });
    assert.equal(bad.status, 2, cli);
    assert.equal(bad.stdout, '');
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  }
});
