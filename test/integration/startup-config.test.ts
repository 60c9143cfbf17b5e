/**
 * Startup: bad values exit 1 naming the variable; `npm run api` / `worker` refuse to
 * start without what they require; `npm start` without redis-server explains in one line.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
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

  test('a missing spam model exits 1 naming SPAM_MODEL_PATH', async () => {
    const r = await run('workers/moderation-worker.ts', { REDIS_URL: 'redis://127.0.0.1:6379', SPAM_MODEL_PATH: '/nonexistent/model.json' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /SPAM_MODEL_PATH/);
  });
});
