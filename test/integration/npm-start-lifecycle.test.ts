/**
 * `npm start` as a supervisor runs it: SIGTERM to the process it started (npm itself, or the node process) leaves no
 * node process and no private redis-server behind, and the generated moderator token survives a restart.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const dataDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  npm: ChildProcess;
  token: string;
  url: string;
  nodePid: number;
  redisPid: number;
}

async function startService(): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  delete env.REDIS_URL;
  delete env.MODERATOR_TOKEN;
  const npm = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  npm.stdout.on('data', (d: Buffer) => (out += d.toString()));
  npm.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const listening = /"pid":(\d+)[^\n]*"url":"([^"]+)"[^\n]*listening/.exec(out);
    const token = /Moderator token \([^)]*\): (\S+)/.exec(out);
    if (listening && token) {
      const redisPid = Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8'));
      return { npm, token: token[1]!, url: listening[2]!, nodePid: Number(listening[1]), redisPid };
    }
    if (npm.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pids: number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && pids.some(alive)) await new Promise((r) => setTimeout(r, 100));
  return pids.filter(alive);
}

test('SIGTERM to the npm start process → no node process and no redis-server left; the token survives a restart', async () => {
  const first = await startService();
  assert.ok(alive(first.nodePid) && alive(first.redisPid));
  const tokenFile = join(dataDir, 'moderator-token');
  assert.equal(statSync(tokenFile).mode & 0o777, 0o600, 'the kept token is readable by its owner only');
  const res = await fetch(new URL('api/v1/moderation/comments?status=flagged', first.url), { headers: { authorization: `Bearer ${first.token}` } });
  assert.equal(res.status, 200);

  first.npm.kill('SIGTERM');
  assert.deepEqual(await waitGone([first.npm.pid!, first.nodePid, first.redisPid], 15_000), [], 'processes left running');

  const second = await startService();
  try {
    assert.equal(second.token, readFileSync(tokenFile, 'utf8').trim());
    assert.equal(second.token, first.token, 'the same token after a restart');
    const again = await fetch(new URL('api/v1/moderation/comments?status=flagged', second.url), { headers: { authorization: `Bearer ${first.token}` } });
    assert.equal(again.status, 200);
  } finally {
    // The node process itself, as a supervisor that tracks the service's own pid would signal it.
    process.kill(second.nodePid, 'SIGTERM');
    assert.deepEqual(await waitGone([second.nodePid, second.redisPid], 15_000), [], 'processes left running');
    second.npm.kill('SIGKILL');
  }
});
