/** `npm test` without a reachable Redis fails fast with one line naming the Redis it tried, instead of hanging. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { PACKAGE_ROOT } from '../../src/runtime/package-root.ts';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('npm test with TEST_REDIS_URL on a closed port → non-zero exit within 10 s, one stderr line naming the URL', async () => {
  const url = `redis://127.0.0.1:${await closedPort()}`;
  const started = Date.now();
  const child = spawn('npm', ['test'], { cwd: PACKAGE_ROOT, env: { ...process.env, TEST_REDIS_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  const elapsed = Date.now() - started;
  assert.notEqual(code, 0);
  assert.notEqual(code, null, 'npm test did not finish within 20 s');
  assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.ok(lines[0]!.includes(url), lines[0]);
  assert.doesNotMatch(stderr, /ioredis|Unhandled error event/);
});
