/**
 * train / classify / evaluate CLIs as the acceptance suite uses them: exit codes, one-line errors, one JSON
 * line per input line, malformed lines counted but never fatal, --model / SPAM_MODEL_PATH resolution.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main as trainMain } from '../../src/cli/train.ts';
import { main as classifyMain } from '../../src/cli/classify.ts';
import { main as evaluateMain } from '../../src/cli/evaluate.ts';

const dir = mkdtempSync(join(tmpdir(), 'spam-cli-'));
const mains = { train: trainMain, classify: classifyMain, evaluate: evaluateMain };

/** The CLI in process, through the same main the command line runs. */
function run(cli: 'train' | 'classify' | 'evaluate', args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = mains[cli](args, { stdout: { write: (s: string) => void (stdout += s) }, stderr: { write: (s: string) => void (stderr += s) }, env: { ...process.env, ...env } });
  return { code, stdout, stderr };
}

const train = join(dir, 'train.jsonl');
writeFileSync(
  train,
  [
    { text: 'buy cheap watches at http://watch.example.ru now', label: 'spam' },
    { text: 'subscribe to my channel for free gifts', label: 'spam' },
    { text: 'I enjoyed the interview with the author', label: 'ham' },
    { text: 'the bridge photo in the second section is lovely', label: 'ham' },
  ].map((o) => JSON.stringify(o)).join('\n') + '\n{broken\n',
);
const input = join(dir, 'in.jsonl');
writeFileSync(input, '{"text":"cheap watches http://watch.example.ru"}\nnot json\n{"text":"lovely interview","name":"Ann"}\n{"name":"no text"}\n');

test('all three CLIs: --help exits 0; unknown option or unreadable file → one stderr line, exit 2', () => {
  for (const cli of ['train', 'classify', 'evaluate'] as const) {
    const h = run(cli, ['--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /Usage:/);
    const bad = run(cli, ['--bogus']);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    const missing = run(cli, ['--input', join(dir, 'missing.jsonl'), ...(cli === 'train' ? ['--out', join(dir, 'x.json')] : [])]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr.trim(), /^\w+: cannot read .*missing\.jsonl: ENOENT$/);
  }
});

test('train on JSONL with a malformed line → counts it in the one-line summary, writes a model, --base adds counts', () => {
  const out = join(dir, 'm.json');
  const r = run('train', ['--input', train, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.trim(), /^trained 4 docs \(2 spam, 2 ham\), 1 malformed skipped/);
  assert.equal(r.stdout.trim().split('\n').length, 1);
  assert.ok(existsSync(out));
  const r2 = run('train', ['--input', train, '--base', out, '--out', join(dir, 'm2.json')]);
  assert.equal(r2.code, 0, r2.stderr);
});

test('classify CLI with a malformed line → counts it, still one output line per input', () => {
  const r = run('classify', ['--input', input]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 4);
  for (const i of [0, 2]) {
    assert.ok(lines[i].spamScore >= 0 && lines[i].spamScore <= 1);
    assert.ok(['publish', 'flag', 'reject'].includes(lines[i].verdict));
    assert.ok(Array.isArray(lines[i].reasons));
  }
  assert.deepEqual(lines[1], { error: 'malformed', line: 2 });
  assert.deepEqual(lines[3], { error: 'malformed', line: 4 });
  assert.match(r.stderr, /2 malformed line\(s\) of 4/);
});

test('classify on a file that starts with a byte-order mark scores its first line like the same file without one', () => {
  const withBom = join(dir, 'bom.jsonl');
  writeFileSync(withBom, '\ufeff{"text":"cheap watches http://watch.example.ru"}\r\n{"text":"lovely interview"}\r\n');
  const r = run('classify', ['--input', withBom]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const plain = run('classify', ['--input', input]);
  assert.equal(r.stdout.split('\n')[0], plain.stdout.split('\n')[0]);
});

test('train and evaluate on .jsonl and .tsv files that start with a byte-order mark → no malformed first line, same counts and metrics as without one', () => {
  const records = [
    { text: 'buy cheap watches at http://watch.example.ru now', label: 'spam' },
    { text: 'subscribe to my channel for free gifts', label: 'spam' },
    { text: 'I enjoyed the interview with the author', label: 'ham' },
    { text: 'the bridge photo in the second section is lovely', label: 'ham' },
  ];
  const bodies = {
    jsonl: records.map((o) => JSON.stringify(o)).join('\r\n') + '\r\n',
    tsv: records.map((o) => `${o.label}\t${o.text}`).join('\n') + '\n',
  };
  for (const [ext, body] of Object.entries(bodies)) {
    const plain = join(dir, `plain.${ext}`);
    const withBom = join(dir, `bom-train.${ext}`);
    writeFileSync(plain, body);
    writeFileSync(withBom, '\ufeff' + body);
    const trained = run('train', ['--input', withBom, '--out', join(dir, `bom-${ext}.json`)]);
    assert.equal(trained.code, 0, trained.stderr);
    assert.match(trained.stdout.trim(), /^trained 4 docs \(2 spam, 2 ham\), 0 malformed skipped/, ext);
    const evalBom = run('evaluate', ['--input', withBom, '--json']);
    const evalPlain = run('evaluate', ['--input', plain, '--json']);
    assert.equal(evalBom.code, 0, evalBom.stderr);
    const { input: _bomPath, ...bomMetrics } = JSON.parse(evalBom.stdout);
    const { input: _plainPath, ...plainMetrics } = JSON.parse(evalPlain.stdout);
    assert.equal(bomMetrics.malformed, 0, ext);
    assert.deepEqual(bomMetrics, plainMetrics, ext);
  }
});

test('classify: thresholds from env decide the verdict; an invalid threshold → one line, exit 2', () => {
  const all = run('classify', ['--input', input], { FLAG_THRESHOLD: '0', REJECT_THRESHOLD: '0' });
  assert.equal(JSON.parse(all.stdout.split('\n')[0]!).verdict, 'reject');
  const bad = run('classify', ['--input', input], { FLAG_THRESHOLD: 'high' });
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, '');
  assert.equal(bad.stderr.trim().split('\n').length, 1);
});

test('classify reads only the variables it uses: a bad PORT or REDIS_URL in the environment changes nothing', () => {
  const clean = run('classify', ['--input', input]);
  const noisy = run('classify', ['--input', input], { PORT: 'eighty', REDIS_URL: 'localhost:6379' });
  assert.equal(noisy.code, 0, noisy.stderr);
  assert.equal(noisy.stdout, clean.stdout);
});

test('classify: missing --model falls back to SPAM_MODEL_PATH; a bad model path → exit 2', () => {
  const out = join(dir, 'env-model.json');
  run('train', ['--input', train, '--out', out]);
  const viaEnv = run('classify', ['--input', input], { SPAM_MODEL_PATH: out });
  const viaArg = run('classify', ['--input', input, '--model', out]);
  assert.equal(viaEnv.stdout, viaArg.stdout);
  assert.equal(run('classify', ['--input', input], { SPAM_MODEL_PATH: join(dir, 'nope.json') }).code, 2);
});

test('evaluate --json reports the metrics and the threshold keeping ham blocked <= 1%', () => {
  const r = run('evaluate', ['--input', train, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout);
  for (const k of ['accuracy', 'precision', 'recall', 'f1', 'mcc', 'hamBlocked', 'spamCaught', 'rocAuc', 'thresholdForHamBlocked1pct']) {
    assert.equal(typeof m[k], 'number', k);
  }
  assert.equal(m.malformed, 1);
});
