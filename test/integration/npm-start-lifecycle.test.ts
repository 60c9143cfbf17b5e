/**
 * `npm start` as a supervisor runs it: SIGTERM to the process it started (npm itself, or the node process) leaves no
 * node process and no private redis-server behind, and the generated moderator token survives a restart. A second
 * `npm start` in the same directory leaves the running one's Redis alone; one killed outright leaves a server the
 * next start stops.
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

/** `npm start` on the test's DATA_DIR, without REDIS_URL or MODERATOR_TOKEN; `output()` is what it has printed so far. */
function spawnNpmStart(): { npm: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  delete env.REDIS_URL;
  delete env.MODERATOR_TOKEN;
  const npm = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  npm.stdout.on('data', (d: Buffer) => (out += d.toString()));
  npm.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return { npm, output: () => out };
}

async function startService(): Promise<Started> {
  const { npm, output } = spawnNpmStart();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const out = output();
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

test('a second npm start in the same directory → exit 1 naming the running one, whose Redis keeps answering; after a run killed outright, the next start stops its orphaned redis-server', async () => {
  const first = await startService();
  try {
    const { npm, output } = spawnNpmStart();
    // Bounded: a second start that took the directory over would run until stopped.
    const code = await new Promise<number | null | 'running'>((resolve) => {
      const timer = setTimeout(() => resolve('running'), 30_000);
      npm.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    if (code === 'running') {
      const nodePid = Number(/"pid":(\d+)/.exec(output())?.[1]);
      if (nodePid) process.kill(nodePid, 'SIGTERM');
      npm.kill('SIGTERM');
    }
    assert.equal(code, 1, output());
    assert.match(output(), new RegExp(`already running with its Redis in .*\\(pid ${first.nodePid}, Redis at redis://127\\.0\\.0\\.1:\\d+\\).*DATA_DIR`));
    assert.ok(alive(first.redisPid), 'the first run keeps its redis-server');
    const res = await fetch(new URL('api/v1/moderation/comments?status=flagged', first.url), { headers: { authorization: `Bearer ${first.token}` } });
    assert.equal(res.status, 200, 'and keeps answering');
    assert.match(readFileSync(join(dataDir, 'redis', 'url'), 'utf8'), /^redis:\/\/127\.0\.0\.1:\d+/, 'the sites CLI still finds it');
  } finally {
    // Killed outright: its redis-server is left running, handed to another parent.
    process.kill(first.nodePid, 'SIGKILL');
    first.npm.kill('SIGKILL');
  }
  assert.deepEqual(await waitGone([first.nodePid], 15_000), []);
  assert.ok(alive(first.redisPid), 'an orphaned redis-server');
  const next = await startService();
  try {
    assert.deepEqual(await waitGone([first.redisPid], 15_000), [], 'the orphan was stopped');
    assert.notEqual(next.redisPid, first.redisPid);
  } finally {
    process.kill(next.nodePid, 'SIGTERM');
    assert.deepEqual(await waitGone([next.nodePid, next.redisPid], 15_000), [], 'processes left running');
    next.npm.kill('SIGKILL');
  }
});
