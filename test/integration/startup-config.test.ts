/**
 * Startup: bad values exit 1 naming the variable; `npm run api` / `worker` refuse to
 * start without what they require; `npm start` without redis-server explains in one line.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBuilt } from '../support/processes.ts';

/** The compiled entry point (what `npm run api`, `npm run worker` and `npm start` run) with only `env`. */
function run(entry: string, env: Record<string, string>) {
  return runBuilt(entry, [], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, inheritEnv: false });
}

// Independent processes: run side by side.
describe('entry points', { concurrency: true }, () => {
  test('the API with PORT=abc exits 1 with one line naming PORT', async () => {
    const r = await run('src/server.ts', { PORT: 'abc', REDIS_URL: 'redis://127.0.0.1:6379', MODERATOR_TOKEN: 'x'.repeat(20) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /PORT/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  test('`npm run api` without MODERATOR_TOKEN refuses to start, naming it', async () => {
    const r = await run('src/server.ts', { REDIS_URL: 'redis://127.0.0.1:6379' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /MODERATOR_TOKEN/);
  });

  test('`npm run api` and `npm run worker` without REDIS_URL refuse to start, naming it', async () => {
    assert.match((await run('src/server.ts', { MODERATOR_TOKEN: 'x'.repeat(20) })).stderr, /REDIS_URL/);
    const w = await run('workers/moderation-worker.ts', {});
    assert.equal(w.code, 1);
    assert.match(w.stderr, /REDIS_URL/);
  });

  test('`npm start` without REDIS_URL and without redis-server on PATH → exit 1, one line on how to fix it', async () => {
    const r = await run('src/start.ts', { PATH: '/nonexistent' });
    assert.equal(r.code, 1);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /redis-server/);
    assert.match(lines[0]!, /REDIS_URL/);
  });

  test('the API on a PORT in use, and the worker on a WORKER_METRICS_PORT in use, exit 1 with one line naming it', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const port = String((taken.address() as AddressInfo).port);
    try {
      // An unreachable Redis: both start anyway (answering 503 until it is back), so only the port can stop them.
      const redis = { REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'silent' };
      const [api, worker] = await Promise.all([
        run('src/server.ts', { ...redis, MODERATOR_TOKEN: 'x'.repeat(20), PORT: port }),
        run('workers/moderation-worker.ts', { ...redis, WORKER_METRICS_PORT: port }),
      ]);
      assert.equal(api.code, 1);
      assert.equal(api.stderr.trim().split('\n').length, 1, api.stderr);
      assert.match(api.stderr, new RegExp(`^api: PORT: 127\\.0\\.0\\.1:${port} is already in use`));
      assert.equal(worker.code, 1);
      assert.equal(worker.stderr.trim().split('\n').length, 1, worker.stderr);
      assert.match(worker.stderr, new RegExp(`^worker: WORKER_METRICS_PORT: 127\\.0\\.0\\.1:${port} is already in use`));
    } finally {
      taken.close();
    }
  });

  test('the API on a HOST that is not this machine\'s exits 1 with one line naming HOST', async () => {
    const r = await run('src/server.ts', { REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'silent', MODERATOR_TOKEN: 'x'.repeat(20), HOST: '203.0.113.9', PORT: '0' });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^api: HOST: 203\.0\.113\.9 is not an address of this machine/);
  });

  test('`npm start` with a DATA_DIR it cannot write → exit 1, one line naming DATA_DIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cm-data-dir-'));
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    try {
      // Inside a file: no directory can be made there, whoever runs the test (root included).
      const r = await run('src/start.ts', { DATA_DIR: join(file, 'data'), PORT: '0', LOG_LEVEL: 'silent' });
      assert.equal(r.code, 1);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^start: DATA_DIR: cannot write .*a-file\/data\/redis \(ENOTDIR\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing spam model exits 1 naming SPAM_MODEL_PATH', async () => {
    const r = await run('workers/moderation-worker.ts', { REDIS_URL: 'redis://127.0.0.1:6379', SPAM_MODEL_PATH: '/nonexistent/model.json' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /SPAM_MODEL_PATH/);
  });
});
