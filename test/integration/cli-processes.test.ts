/** The spam CLIs as real processes: the entry point wiring (exit status, one stderr line) that in-process tests of main() can't see. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBuilt } from '../support/processes.ts';

test('train, classify and evaluate as processes: an unknown option exits 2 with one stderr line and nothing on stdout', async () => {
  for (const cli of ['train', 'classify', 'evaluate']) {
    const bad = await runBuilt(`src/cli/${cli}.ts`, ['--bogus']);
    assert.equal(bad.code, 2, cli);
    assert.equal(bad.stdout, '');
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  }
});
