/**
 * The worker's buffered logger (createLogger with `buffered`) in a process of its own: the lines still gathered when
 * it exits are written on the way out, whether it ends on its own, by process.exit, or on SIGTERM through runMain
 * (as the worker does); and a stdout whose reader has gone (a closed pipe) neither stops nor hangs the process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { builtEntry } from '../support/processes.ts';

/** A module script that logs `lines` lines through a buffered logger (fewer than its 4 KB batch), then `then`. */
async function script(lines: number, then: string): Promise<string> {
  const [logger, runMain] = await Promise.all([builtEntry('src/logger.ts'), builtEntry('src/runtime/run-main.ts')]);
  return `
    import { createLogger } from ${JSON.stringify(logger)};
    import { runMain } from ${JSON.stringify(runMain)};
    const logger = createLogger('info', { buffered: true });
    for (let i = 0; i < ${lines}; i++) logger.info({ i }, 'decided');
    ${then}
  `;
}

const indexes = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { i?: number; msg: string }).i)
    .filter((i) => i !== undefined);

test('a buffered logger\'s gathered lines are all written, in order, when the process ends by itself or by process.exit', async () => {
  for (const then of ['', 'process.exit(0);', "setTimeout(() => { throw new Error('crash'); }, 0);"]) {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', await script(10, then)], { encoding: 'utf8' });
    assert.deepEqual(indexes(run.stdout), [...Array(10).keys()], `${then || 'ends by itself'}: ${run.stderr}`);
  }
});

// Kept alive as a server would be; "started" once runMain listens for SIGTERM (it does so when start() has resolved).
const RUN_AS_WORKER = `
  const alive = setInterval(() => {}, 1000);
  runMain('worker', async () => ({ logger, close: async () => clearInterval(alive) }));
  setTimeout(() => process.stderr.write('started\\n'), 0);
`;

test('on SIGTERM (runMain shutting down) the lines gathered before it are written', async () => {
  const child = spawn(process.execPath, ['--input-type=module', '-e', await script(10, RUN_AS_WORKER)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const [started] = (await once(child.stderr, 'data')) as [Buffer];
  assert.match(String(started), /started/);
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0);
  assert.deepEqual(indexes(stdout), [...Array(10).keys()]);
  assert.match(stdout, /worker shutting down/);
});

test('a stdout whose reader has gone (closed pipe) neither stops the process nor makes it hang on exit', async () => {
  // Enough lines for many batches, logged over several turns after the reader has closed its end.
  const then = `
    let n = 0;
    const t = setInterval(() => {
      for (let k = 0; k < 500; k++) logger.info({ n: n++ }, 'more');
      if (n >= 20000) { clearInterval(t); process.stderr.write('done\\n'); }
    }, 1);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', await script(10, then)], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(timer);
  assert.equal(signal, null, 'it hung and was killed');
  assert.equal(code, 0, stderr);
  assert.match(stderr, /done/);
});
