/**
 * The spam CLIs as real processes: the entry point wiring (exit status, one stderr line) that in-process tests of
 * main() can't see; and `npm run train:default`, which rebuilds models/spam-model.json byte for byte from corpora/
 * on a fresh copy of the repository and refuses malformed training data with one line and exit 2.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PACKAGE_ROOT } from '../../src/runtime/package-root.ts';
import { DEFAULT_SPAM_MODEL_PATH } from '../../src/spam/spam-model.ts';
import { runBuilt } from '../support/processes.ts';

const root = PACKAGE_ROOT;

test('train, classify and evaluate as processes: an unknown option exits 2 with one stderr line and nothing on stdout', async () => {
  for (const cli of ['train', 'classify', 'evaluate']) {
    const bad = await runBuilt(`src/cli/${cli}.ts`, ['--bogus']);
    assert.equal(bad.code, 2, cli);
    assert.equal(bad.stdout, '');
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  }
});

/** A copy of what a fresh clone has (tracked sources and corpora), with this checkout's node_modules. */
function freshCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'train-default-'));
  for (const p of ['corpora', 'src', 'scripts', 'models', 'package.json', 'tsconfig.json']) cpSync(join(root, p), join(dir, p), { recursive: true });
  rmSync(join(dir, 'models', 'spam-model.json'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function trainDefault(dir: string, args: string[] = []) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/train-default.ts', ...args], { cwd: dir, encoding: 'utf8' });
}

test('train:default on a fresh copy reproduces models/spam-model.json byte for byte, from corpora/ only', () => {
  const dir = freshCopy();
  try {
    const r = trainDefault(dir);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(readFileSync(join(dir, 'models', 'spam-model.json')).equals(readFileSync(DEFAULT_SPAM_MODEL_PATH)), 'rebuilt model differs from models/spam-model.json');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('train:default with a malformed training file → one stderr line, exit 2, no model written', () => {
  const dir = freshCopy();
  try {
    appendFileSync(join(dir, 'corpora', 'sms-spam-collection', 'SMSSpamCollection'), 'this line has no label\n');
    const r = trainDefault(dir);
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^train:default: .*SMSSpamCollection: 1 malformed record\(s\), first at line 5575$/m);
    assert.equal(spawnSync('test', ['-e', join(dir, 'models', 'spam-model.json')]).status, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('train:default --help prints its usage and rebuilds nothing; an unknown option → one stderr line, exit 2, no model', () => {
  const dir = freshCopy();
  const model = join(dir, 'models', 'spam-model.json');
  try {
    const help = trainDefault(dir, ['--help']);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage: npm run train:default/);
    assert.equal(spawnSync('test', ['-e', model]).status, 1, '--help wrote a model');
    const bad = trainDefault(dir, ['--bogus']);
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, '');
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    assert.match(bad.stderr, /^train:default: Unknown option '--bogus'/);
    assert.equal(spawnSync('test', ['-e', model]).status, 1, '--bogus wrote a model');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('npm run train with no valid rows → one stderr line, exit 2, no model written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'train-empty-'));
  const input = join(dir, 'bad.jsonl');
  writeFileSync(input, '{broken\n{"text":"no label"}\n');
  mkdirSync(join(dir, 'out'));
  const out = join(dir, 'out', 'm.json');
  const r = await runBuilt('src/cli/train.ts', ['--input', input, '--out', out]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /^train: no valid training records/);
  assert.equal(spawnSync('test', ['-e', out]).status, 1);
});

test('bench:adaptation-splits: --help prints its usage; a mistyped flag or a bad value → one stderr line, exit 2, before any split runs', () => {
  const bench = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench-adaptation-splits.ts', ...args], { cwd: root, encoding: 'utf8' });
  const help = bench('--help');
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /--against-filter-weight W/);
  for (const args of [['--against-filter-weigth', '2'], ['--against-filter-weight', '0.5'], ['--against-filter-label', 'both'], ['--seeds', 'x'], ['--phrase-buckets', 'many'], ['--scoring', '{']]) {
    const r = bench(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^bench:adaptation-splits: /);
  }
});

test('bench:classifier, bench:adaptation, bench:classify-speed, bench:transfer and bench:worker: --help prints the usage; an unknown flag → one stderr line naming the benchmark, exit 2, before anything runs', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['bench:classifier', 'scripts/bench-classifier.ts', /leave-one-source-out/i],
    ['bench:adaptation', 'scripts/bench-site-adaptation.ts', /70/],
    ['bench:classify-speed', 'scripts/bench-classify-speed.ts', /--rounds N/],
    ['bench:transfer', 'scripts/bench-transfer.ts', /hand-written/],
    ['bench:worker', 'scripts/bench-worker.ts', /--comments N/],
  ];
  for (const [name, script, usage] of cases) {
    const bench = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    const help = bench('--help');
    assert.equal(help.status, 0, `${name} --help: ${help.stderr}`);
    assert.match(help.stdout, usage, name);
    const r = bench('--no-such-flag');
    assert.equal(r.status, 2, `${name}: ${r.stderr}`);
    assert.equal(r.stdout, '', name);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(r.stderr.startsWith(`${name}: `), r.stderr);
  }
});
