/**
 * Scale-out on Redis Cluster: a private 3-master cluster on loopback ports, two APIs and two workers with
 * REDIS_CLUSTER=1 (`npm start`, which runs one of each, beside `npm run api` and `npm run worker`), a site (made with the sites CLI) whose webhook goes to a local
 * receiver. A keyed submission through one API is decided by a worker, moderated through the other API, and
 * both changes of state arrive at the receiver, signed and in order. The deployment's hash tags are spread
 * over the masters on purpose, so a script or pipeline that mixed slots would fail here (CROSSSLOT).
 */
import { freePort } from '../../src/runtime/embedded-redis.ts';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { findOnPath } from '../../src/runtime/embedded-redis.ts';
import { main as sitesMain } from '../../src/cli/sites.ts';
import { main as moderatorsMain } from '../../src/cli/moderators.ts';
import { keysOf } from '../support/harness.ts';
import { spawnService, type ServiceProcess } from '../support/processes.ts';
import { createWebhookQueue } from '../../src/queue/webhook-queue.ts';

const redisServer = findOnPath('redis-server');
const redisCli = findOnPath('redis-cli');
const missing = !redisServer || !redisCli;
const SKIP = missing ? 'redis-server and redis-cli are needed on PATH to start a private Redis Cluster (Debian: apt-get install redis-server)' : false;

const TOKEN = 'cluster-test-moderator-token-1234';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Received {
  eventId: string;
  type: string;
  commentId: string;
  signatureOk: boolean;
}

let dir = '';
const nodes: ChildProcess[] = [];
const ports: number[] = [];
const services: ServiceProcess[] = [];
let admin: Cluster | undefined;
let receiver: Server | undefined;
const received: Received[] = [];
let webhookSecret = '';
let prefix = '';

/** Starts one cluster node; the bus port is given explicitly so it is free too. */
async function startNode(port: number, busPort: number): Promise<void> {
  const child = spawn(
    redisServer!,
    ['--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1', '--cluster-enabled', 'yes',
      '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  nodes.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 400 && !/Ready to accept connections/.test(out); i++) {
    if (child.exitCode !== null) break;
    await sleep(25);
  }
  if (!/Ready to accept connections/.test(out)) throw new Error(`redis-server on ${port} did not start: ${out.slice(-800)}`);
}

function cli(args: string[]): string {
  const r = spawnSync(redisCli!, args, { encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0) throw new Error(`redis-cli ${args.join(' ')} failed (${r.status}): ${r.stdout}${r.stderr}`);
  return r.stdout;
}

async function waitForClusterOk(): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (ports.every((p) => /cluster_state:ok/.test(cli(['-p', String(p), 'cluster', 'info'])))) return;
    if (Date.now() > deadline) throw new Error('the cluster never reached cluster_state:ok');
    await sleep(100);
  }
}

/** Which master (by port) serves the slot of `key`. */
async function ownerPort(key: string): Promise<number> {
  const slot = Number(await admin!.cluster('KEYSLOT', key));
  const range = (await admin!.cluster('SLOTS')).find(([from, to]) => slot >= from && slot <= to);
  const master = range?.[2];
  if (!master) throw new Error(`no master serves slot ${slot}`);
  return master[1];
}

/** A REDIS_PREFIX whose hash tags land on all three masters, with the comment and queue tags apart. */
async function spreadPrefix(): Promise<string> {
  for (let i = 0; i < 500; i++) {
    const p = `cl${process.pid}x${i}`;
    const owners = await Promise.all([`{${p}}`, `{${p}.bull}`, `{${p}.learn}`, `{${p}.sites}`].map(ownerPort));
    if (new Set(owners).size === 3 && owners[0] !== owners[1]) return p;
  }
  throw new Error('no prefix spreads over the masters');
}

async function sites(env: Record<string, string>, args: string[]): Promise<string> {
  let stdout = '';
  let stderr = '';
  const code = await sitesMain(args, {
    stdout: { write: (s: string) => void (stdout += s) },
    stderr: { write: (s: string) => void (stderr += s) },
    env: { ...process.env, ...env },
  });
  assert.equal(code, 0, stderr);
  return stdout;
}

/** The moderation queue's BullMQ keys, for a failure message: where did the job get stuck? */
async function queueState(): Promise<string> {
  const q = `{${prefix}.bull}:moderate`;
  const [wait, active, prioritized, delayed, completed, failed, marker] = await Promise.all([
    admin!.lrange(`${q}:wait`, '0', '-1'),
    admin!.lrange(`${q}:active`, '0', '-1'),
    admin!.zrange(`${q}:prioritized`, '0', '-1'),
    admin!.zrange(`${q}:delayed`, '0', '-1', 'WITHSCORES'),
    admin!.zrange(`${q}:completed`, '0', '-1'),
    admin!.zrange(`${q}:failed`, '0', '-1'),
    admin!.zrange(`${q}:marker`, '0', '-1', 'WITHSCORES'),
  ]);
  const workers = await admin!.nodes('master')[0]!.client('LIST').catch(() => '');
  return JSON.stringify({ received: received.map((e) => e.type), wait, active, prioritized, delayed, completed, failed, marker, blocked: String(workers).split('\n').filter((l) => /bzpopmin/.test(l)).length });
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${await queueState()}\n${services.map((s) => s.output().slice(-1500)).join('\n---\n')}`);
    await sleep(50);
  }
}

/**
 * `fetch`, asked again while the answer is 503, until `timeoutMs`. /readyz and the queue dashboard give Redis 1 s
 * (REDIS_ANSWER_MS), the dashboard's first request included, which opens its Cluster connections (slot map, three
 * masters) within that second; a read gets 1.5 s (its command timeout), and an API whose first connection took
 * longer than its 3 s wait answers 503 until connected: on a loaded 2-core machine a Cluster can be that slow.
 * A slow answer, not a broken one: any other status (a CROSSSLOT is a 500) comes back at once, and the caller
 * still asserts the status it wants.
 */
async function fetchPast503(url: string, init?: RequestInit, timeoutMs = 20_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(url, init);
    if (res.status !== 503 || Date.now() > deadline) return res;
    await res.arrayBuffer();
    await sleep(100);
  }
}

let env: Record<string, string> = {};
let siteKey = '';
const apis: string[] = [];

before(async () => {
  if (missing) return;
  dir = mkdtempSync(join(tmpdir(), 'cm-cluster-'));
  for (let i = 0; i < 3; i++) ports.push(await freePort());
  const busPorts: number[] = [];
  while (busPorts.length < 3) {
    const p = await freePort();
    if (!ports.includes(p) && !busPorts.includes(p)) busPorts.push(p);
  }
  await Promise.all(ports.map((p, i) => startNode(p, busPorts[i]!)));
  cli(['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
  await waitForClusterOk();
  admin = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
  admin.on('error', () => {});
  prefix = await spreadPrefix();

  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const event = JSON.parse(body) as { type: string; comment: { id: string } };
      const expected = `sha256=${createHmac('sha256', webhookSecret).update(`${String(req.headers['x-webhook-timestamp'])}.${body}`).digest('hex')}`;
      received.push({ eventId: String(req.headers['x-webhook-id']), type: event.type, commentId: event.comment.id, signatureOk: req.headers['x-webhook-signature'] === expected });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', () => r()));
  const hookPort = (receiver.address() as { port: number }).port;

  env = {
    REDIS_URL: `redis://127.0.0.1:${ports[0]}`,
    REDIS_CLUSTER: '1',
    REDIS_CLUSTER_NODES: ports.slice(1).map((p) => `127.0.0.1:${p}`).join(','),
    REDIS_PREFIX: prefix,
    MODERATOR_TOKEN: TOKEN,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    RATE_LIMIT_PER_MINUTE: '100',
    SITE_RATE_LIMIT_PER_MINUTE: '100',
    SITE_REFRESH_MS: '200',
    WEBHOOK_ALLOW_PRIVATE: '1',
    WEBHOOK_BACKOFF_BASE_MS: '200',
    WEBHOOK_BACKOFF_MAX_MS: '1000',
    RETENTION_INTERVAL_MS: '500',
  };
  const site = JSON.parse(await sites(env, ['add', '--name', 'Cluster blog', '--webhook-url', `http://127.0.0.1:${hookPort}/hook`, '--json'])) as {
    id: string;
    apiKey: string;
    webhookSecret: string;
  };
  siteKey = site.apiKey;
  webhookSecret = site.webhookSecret;

  // Two APIs and two workers in three processes: `npm start` (one of each), `npm run api` and `npm run worker`, so
  // every entry point runs on the Cluster and one process start (a second of CPU) is saved.
  const started = await Promise.all([spawnService('src/start.ts', env), spawnService('src/server.ts', env), spawnService('workers/moderation-worker.ts', env)]);
  services.push(...started);
  const [both, api, worker] = started;
  apis.push(...(await Promise.all([both.url(40_000), api.url(40_000)])));
  await Promise.all([both, worker].map((s) => s.waitForOutput(/moderation worker started/, 40_000)));
  // An API listens even when its first connection took longer than its 3 s wait (under load): it answers 503 until
  // connected, so the tests start once both say they are ready.
  for (const origin of apis) {
    const ready = await fetchPast503(`${origin}/readyz`, undefined, 40_000);
    assert.equal(ready.status, 200, `${origin}/readyz: ${await ready.text()}\n${services.map((s) => s.output().slice(-1500)).join('\n---\n')}`);
  }
});

after(async () => {
  await Promise.all(services.map((s) => s.kill()));
  admin?.disconnect();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  await Promise.all(
    nodes.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }),
  );
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const moderator = { authorization: `Bearer ${TOKEN}` };

test('on a 3-master Redis Cluster: submit through one API → a worker decides → moderated through the other API → both webhooks delivered, signed, in order', { skip: SKIP, timeout: 90_000 }, async () => {
  const [api1, api2] = apis as [string, string];
  const submission = JSON.stringify({ threadId: 'post-1', name: 'Ann', email: 'ann@example.com', comment: 'A thoughtful reply about the article, sent through the cluster.' });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${siteKey}`, 'idempotency-key': 'reply-1' };
  const first = await fetch(`${api1}/api/v1/comments`, { method: 'POST', headers, body: submission });
  assert.equal(first.status, 202, await first.clone().text());
  const { id } = (await first.json()) as { id: string };
  // The same Idempotency-Key through the other process: the first answer again, no second comment.
  const replay = await fetch(`${api2}/api/v1/comments`, { method: 'POST', headers, body: submission });
  assert.equal(replay.status, 202);
  assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  assert.equal(((await replay.json()) as { id: string }).id, id);

  const decided = await waitFor('a worker decision', async () => {
    const r = await fetch(`${api2}/api/v1/moderation/comments/${id}`, { headers: moderator });
    const c = (await r.json()) as { status: string };
    return c.status !== 'pending' ? c.status : undefined;
  });
  const action = decided === 'published' ? 'spam' : 'approve';
  const moderated = await fetch(`${api2}/api/v1/moderation/comments/${id}/${action}`, { method: 'POST', headers: moderator });
  assert.equal(moderated.status, 200, await moderated.clone().text());
  assert.equal(((await moderated.json()) as { status: string }).status, action === 'spam' ? 'spam' : 'published');

  const events = await waitFor('both webhook deliveries', async () => (received.length >= 2 ? received : undefined));
  await sleep(300);
  assert.deepEqual(
    received.map((e) => [e.commentId, e.type]),
    [
      [id, `comment.${decided}`],
      [id, action === 'spam' ? 'comment.spam' : 'comment.approved'],
    ],
  );
  assert.ok(events.every((e) => e.signatureOk), 'every delivery carries a valid signature');
  assert.equal(new Set(events.map((e) => e.eventId)).size, 2);

  // Reads, stats, the queue dashboard and readiness answer from both processes.
  for (const api of [api1, api2]) {
    assert.equal((await fetchPast503(`${api}/readyz`)).status, 200);
    const stats = (await (await fetchPast503(`${api}/api/v1/moderation/stats`, { headers: moderator })).json()) as { counts: Record<string, number> };
    assert.equal(stats.counts[action === 'spam' ? 'spam' : 'published'], 1);
    assert.equal((await fetchPast503(`${api}/admin/queues/api/queues`, { headers: moderator })).status, 200);
  }
  // A wrong moderator token is counted by the failure limiter (its own `rl:` key): 403, not a 5xx.
  assert.equal((await fetch(`${api1}/api/v1/moderation/stats`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status, 403);
  // An erasure finds the comment through the author index and removes it everywhere.
  const erased = await fetch(`${api1}/api/v1/moderation/authors/${encodeURIComponent('ann@example.com')}`, { method: 'DELETE', headers: moderator });
  assert.deepEqual(await erased.json(), { deletedComments: 1 });
  assert.equal((await fetch(`${api2}/api/v1/moderation/comments/${id}`, { headers: moderator })).status, 404);

  // The deployment really is spread: its keys live on every master.
  const owners = new Set(await Promise.all((await keysOf(admin!, prefix)).map(ownerPort)));
  assert.equal(owners.size, 3, `keys on ${[...owners].join(', ')}`);
  const logs = services.map((s) => s.output()).join('\n');
  assert.doesNotMatch(logs, /CROSSSLOT|same slot|non local key|"level":50/);
});

test('the moderators CLI with REDIS_CLUSTER=1 → an account and a token the APIs on the Cluster accept', { skip: SKIP, timeout: 30_000 }, async () => {
  // REDIS_URL names a master that does not hold the accounts: only a Cluster client finds them.
  const modsOwner = await ownerPort(`{${prefix}.mods}`);
  const seed = ports.find((p) => p !== modsOwner)!;
  const cliEnv = { ...process.env, ...env, REDIS_URL: `redis://127.0.0.1:${seed}`, REDIS_CLUSTER_NODES: ports.filter((p) => p !== seed).map((p) => `127.0.0.1:${p}`).join(',') };
  const moderators = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (s: string) => void (stdout += s) }, stderr: { write: (s: string) => void (stderr += s) }, env: cliEnv };
    const code = await moderatorsMain([...args, '--json'], io, async () => '');
    assert.equal(code, 0, stderr);
    return JSON.parse(stdout) as Record<string, unknown>;
  };
  await moderators(['add', '--name', 'cleo', '--role', 'admin']);
  const { token } = (await moderators(['token', '--name', 'cleo'])) as { token: string };
  for (const api of apis) {
    const stats = await fetchPast503(`${api}/api/v1/moderation/stats`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(stats.status, 200, await stats.clone().text());
  }
});

test('a queue whose first cluster ready check fails takes its first job once the check passes, instead of waiting forever', { skip: SKIP, timeout: 60_000 }, async () => {
  // A user that may not run CLUSTER INFO: ioredis loads the slot map, its ready check fails, and it reconnects
  // by itself, as when the check times out on a slow node. The check passes once the user may run it.
  const user = `probe${process.pid}`;
  for (const port of ports) cli(['-p', String(port), 'acl', 'setuser', user, 'on', '>probe-password', '~*', '&*', '+@all', '-cluster|info']);
  const url = `redis://${user}:probe-password@127.0.0.1:${ports[0]}`;
  const queue = createWebhookQueue({ cluster: true, url, seeds: [] }, `${prefix}q`, { maxAttempts: 3, backoffBaseMs: 100, backoffMaxMs: 100 });
  try {
    // The ready check has failed once the ACL log records the refused CLUSTER INFO.
    await waitFor('the first ready check refused', async () => ports.some((port) => cli(['-p', String(port), 'acl', 'log']).includes(user)));
    for (const port of ports) cli(['-p', String(port), 'acl', 'setuser', user, '+cluster|info']);
    const added = queue.enqueue('evt_after_recovery').then(() => 'added', (err: Error) => `rejected: ${err.message}`);
    const outcome = await Promise.race([added, sleep(15_000).then(() => 'still waiting after 15 s')]);
    // A rejection while ioredis is still reconnecting is fine (the outbox sweeper retries); waiting forever is not.
    assert.notEqual(outcome, 'still waiting after 15 s');
    if (outcome !== 'added') {
      await sleep(3000);
      await queue.enqueue('evt_after_recovery_2');
    }
  } finally {
    await queue.close();
    for (const port of ports) spawnSync(redisCli!, ['-p', String(port), 'acl', 'deluser', user]);
  }
});
