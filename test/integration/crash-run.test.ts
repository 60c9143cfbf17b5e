/**
 * Crash run: the API, the worker and Redis are SIGKILLed and restarted while clients send keyed
 * submissions and retry until they get an answer, and again while a moderator changes decisions.
 * Afterwards every submission exists exactly once, every accepted one is decided, and every change
 * of state has exactly one webhook event, delivered, in order.
 *
 * CRASH_RUN_SUBMISSIONS sets the size (default 100: every kind of crash still happens at least once in each phase,
 * with a dozen clients in flight; raise it for a soak).
 * Redis runs privately with appendfsync always, as the deployment guide recommends.
 */
import { freePort } from '../../src/runtime/embedded-redis.ts';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { findOnPath } from '../../src/runtime/embedded-redis.ts';
import { RedisSiteStore } from '../../src/store/redis-site-store.ts';
import { RedisCommentStore } from '../../src/store/redis-comment-store.ts';
import { RedisWebhookStore } from '../../src/store/redis-webhook-store.ts';
import { COMMENT_STATUSES, type Comment } from '../../models/comment.ts';
import type { WebhookDelivery } from '../../src/store/webhook-store.ts';
import { spawnService, type ServiceProcess } from '../support/processes.ts';

const SUBMISSIONS = Number(process.env.CRASH_RUN_SUBMISSIONS ?? 100);
const CLIENTS = 12;
const PREFIX = 'crash';
const TOKEN = 'crash-run-moderator-token-123';
const redisBin = findOnPath('redis-server');
const dir = mkdtempSync(join(tmpdir(), 'cm-crash-'));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A redis-server this test may SIGKILL: appendonly, fsync on every write, same port and data on restart. */
class KillableRedis {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    const child = spawn(redisBin!, ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 400 && !/Ready to accept connections/.test(out); i++) await sleep(25);
    if (!/Ready to accept connections/.test(out)) throw new Error(`redis-server did not start: ${out.slice(-500)}`);
  }
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}

interface Received {
  eventId: string;
  commentId: string;
  type: string;
}

let redis: KillableRedis;
let admin: Redis;
let receiver: Server;
const received: Received[] = [];
let apiPort: number;
let env: Record<string, string>;
let api: ServiceProcess;
let worker: ServiceProcess;

// Generous start-up limits: on a machine shared with other work a start takes far longer than its CPU time.
const START_MS = 60_000;
const startApi = async () => {
  api = await spawnService('test/fixtures/crash-api.ts', { ...env, PORT: String(apiPort) });
  await api.url(START_MS);
};
const startWorker = async () => {
  worker = await spawnService('test/fixtures/crash-worker.ts', env);
  await worker.waitForOutput(/crash-run worker started/, START_MS);
};

before(async () => {
  if (!redisBin) return;
  redis = new KillableRedis(await freePort());
  await redis.start();
  admin = new Redis(redis.url, { maxRetriesPerRequest: null });
  admin.on('error', () => {});
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const event = JSON.parse(body) as { type: string; comment: { id: string } };
      received.push({ eventId: String(req.headers['x-webhook-id']), commentId: event.comment.id, type: event.type });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const hookPort = (receiver.address() as { port: number }).port;
  const sites = new RedisSiteStore(admin, PREFIX);
  const { apiKey } = await sites.create({ id: 'crash', name: 'Crash', origins: [], webhookUrl: `http://127.0.0.1:${hookPort}/hook`, webhookIncludeEmail: false, thresholds: {} });
  apiPort = await freePort();
  env = {
    REDIS_URL: redis.url,
    REDIS_PREFIX: PREFIX,
    MODERATOR_TOKEN: TOKEN,
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_MINUTE: '0',
    SITE_RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
    SITE_REFRESH_MS: '200',
    WORKER_LOCK_MS: '1000',
    WORKER_STALLED_CHECK_MS: '300',
    WEBHOOK_BACKOFF_BASE_MS: '100',
    WEBHOOK_BACKOFF_MAX_MS: '500',
    WEBHOOK_ALLOW_PRIVATE: '1',
    IDEMPOTENCY_LEASE_MS: '2000',
    CRASH_RUN_API_KEY: apiKey,
  };
  await Promise.all([startApi(), startWorker()]);
});

after(async () => {
  await api?.kill();
  await worker?.kill();
  admin?.disconnect();
  await redis?.kill();
  receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Kills one of API, worker, Redis in turn and restarts it, until `running()` turns false. */
async function chaos(running: () => boolean, log: string[]): Promise<void> {
  const victims = ['redis', 'api', 'worker'] as const;
  // Every kind of crash at least once per phase, even when the clients finish first on a fast machine.
  for (let i = 0; running() || i < victims.length; i++) {
    await sleep(400 + Math.random() * 400);
    if (!running() && i >= victims.length) break;
    const victim = victims[i % victims.length]!;
    log.push(victim);
    if (victim === 'api') {
      await api.kill();
      await sleep(Math.random() * 300);
      await startApi();
    } else if (victim === 'worker') {
      await worker.kill();
      await sleep(Math.random() * 300);
      await startWorker();
    } else {
      await redis.kill();
      await sleep(200 + Math.random() * 400);
      await redis.start();
    }
  }
}

/** POST until some answer other than "try again" arrives; every answer for one key must name the same comment. */
async function submitWithRetries(i: number, deadline: number): Promise<{ id: string; answers: string[] } | null> {
  const body = {
    threadId: `crash-${i % 7}`,
    name: `Reader ${i}`,
    email: `reader${i}@example.com`,
    comment: i % 5 === 0 ? `CHECK OUT my channel number ${i}!!! subscribe http://bit.ly/x${i} FREE MONEY` : `Crash run reply ${i}: the second paragraph convinced me, thanks.`,
  };
  const answers: string[] = [];
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${apiPort}/api/v1/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${env.CRASH_RUN_API_KEY}`, 'idempotency-key': `crash-key-${i}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
      });
      const json = (await res.json().catch(() => ({}))) as { id?: string };
      if (res.status === 202 && json.id) {
        answers.push(json.id);
        // Sometimes the client "did not see" the answer and asks again: it must get the same comment.
        if (Math.random() < 0.1) continue;
        return { id: json.id, answers };
      }
      if (res.status !== 503 && res.status !== 409) throw new Error(`submission ${i}: unexpected ${res.status} ${JSON.stringify(json)}`);
    } catch (err) {
      if ((err as Error).message.startsWith('submission')) throw err;
    }
    await sleep(50 + Math.random() * 150);
  }
  return null;
}

async function moderate(id: string, action: 'spam' | 'approve', deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${apiPort}/api/v1/moderation/comments/${id}/${action}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
        signal: AbortSignal.timeout(5000),
      });
      if (res.status === 200) return;
      if (res.status !== 503) throw new Error(`${action} ${id}: unexpected ${res.status}`);
    } catch (err) {
      if ((err as Error).message.startsWith(action)) throw err;
    }
    await sleep(100);
  }
  throw new Error(`${action} ${id} never succeeded`);
}

async function allComments(store: RedisCommentStore): Promise<Comment[]> {
  const out: Comment[] = [];
  for (const status of COMMENT_STATUSES) {
    let cursor: string | undefined;
    do {
      const page = await store.listByStatus(status, { limit: 500, cursor });
      out.push(...page.comments);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return out;
}

async function until<T>(what: string, deadline: number, check: () => Promise<T | false>): Promise<T> {
  let last: T | false = false;
  while (Date.now() < deadline) {
    last = await check().catch(() => false as const);
    if (last !== false) {
      verbose(`${what} at ${new Date().toISOString()}`);
      return last;
    }
    await sleep(250);
  }
  throw new Error(`${what}: not reached in time`);
}

function verbose(msg: string): void {
  if (process.env.CRASH_RUN_VERBOSE) console.log(msg);
}

test('crash run: API, worker and Redis SIGKILLed during keyed submissions and decisions → no duplicates, all decided, one delivered webhook per change, in order', { skip: !redisBin && 'redis-server is not on PATH', timeout: 240_000 }, async () => {
  const deadline = Date.now() + 150_000;
  const chaosLog: string[] = [];

  // Phase 1: submissions under chaos.
  let submitting = true;
  const chaosDone = chaos(() => submitting, chaosLog);
  const accepted = new Map<number, { id: string; answers: string[] }>();
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < SUBMISSIONS) {
        const i = next++;
        const r = await submitWithRetries(i, deadline);
        if (r) accepted.set(i, r);
      }
    }),
  );
  submitting = false;
  await chaosDone;
  if (process.env.CRASH_RUN_VERBOSE) console.log(`submitted in ${Date.now() - deadline + 150_000} ms; chaos: ${chaosLog.join(' ')}`);
  assert.equal(accepted.size, SUBMISSIONS, 'every submission was eventually accepted');
  for (const [i, r] of accepted) assert.ok(r.answers.every((a) => a === r.id), `key ${i} was answered with different comments: ${r.answers.join(', ')}`);

  const store = new RedisCommentStore(admin, PREFIX);
  const webhooks = new RedisWebhookStore(admin, PREFIX, 24 * 3600_000);

  // Phase 2: once decided, a moderator overrules a quarter of them (spam, then approve), under chaos again.
  const acceptedIds = [...accepted.values()].map((r) => r.id);
  await until('every accepted comment decided', deadline, async () => {
    const states = await Promise.all(acceptedIds.map((id) => store.get(id)));
    return states.every((c) => c && c.status !== 'pending') || false;
  });
  const overruled = acceptedIds.filter((_, i) => i % 4 === 1);
  let moderating = true;
  const chaos2 = chaos(() => moderating, chaosLog);
  let nextModeration = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (nextModeration < overruled.length) {
        const id = overruled[nextModeration++]!;
        await moderate(id, 'spam', deadline);
        await moderate(id, 'approve', deadline);
      }
    }),
  );
  moderating = false;
  await chaos2;
  if (process.env.CRASH_RUN_VERBOSE) console.log(`moderated at ${Date.now() - deadline + 150_000} ms; chaos: ${chaosLog.join(' ')}`);
  assert.ok(chaosLog.filter((v) => v === 'redis').length >= 1 && chaosLog.includes('api') && chaosLog.includes('worker'), `chaos: ${chaosLog.join(' ')}`);

  // Exactly once: every stored comment belongs to an accepted key, and each key has one comment.
  const comments = await until('intake settled', deadline, async () => {
    const all = await allComments(store);
    return all.length === SUBMISSIONS ? all : false;
  }).catch(async () => allComments(store));
  const byText = new Map<string, number>();
  for (const c of comments) byText.set(c.comment, (byText.get(c.comment) ?? 0) + 1);
  const duplicates = [...byText].filter(([, n]) => n > 1);
  assert.deepEqual(duplicates, [], 'no submission stored twice');
  assert.equal(comments.length, SUBMISSIONS, 'one stored comment per submission');
  assert.deepEqual(new Set(comments.map((c) => c.id)), new Set(acceptedIds), 'the stored comments are the accepted ones');
  for (const c of comments) assert.notEqual(c.status, 'pending', `${c.id} decided`);

  // One event per change, all delivered, in order.
  const overruledSet = new Set(overruled);
  const CLASSIFIER_EVENT = { published: 'comment.published', flagged: 'comment.flagged', spam: 'comment.spam' } as Record<string, string>;
  const deliveries = await until('every webhook event delivered', deadline, async () => {
    const list = await webhooks.list({ limit: 100_000 });
    const expected = SUBMISSIONS + 2 * overruled.length;
    return list.length >= expected && list.every((d) => d.status === 'delivered') ? list : false;
  }).catch(() => webhooks.list({ limit: 100_000 }));
  const perComment = new Map<string, WebhookDelivery[]>();
  for (const d of deliveries) perComment.set(d.commentId, [...(perComment.get(d.commentId) ?? []), d]);
  const problems: string[] = [];
  for (const c of comments) {
    const events = (perComment.get(c.id) ?? []).sort((a, b) => a.seq - b.seq);
    const types = events.map((e) => e.type);
    const first = types[0];
    const expected = overruledSet.has(c.id) ? [first, 'comment.spam', 'comment.approved'] : [CLASSIFIER_EVENT[c.status]];
    if (!first || !Object.values(CLASSIFIER_EVENT).includes(first) || JSON.stringify(types) !== JSON.stringify(expected)) {
      problems.push(`${c.id} (${c.status}): events ${JSON.stringify(types)}, expected ${JSON.stringify(expected)}`);
    }
    for (const e of events) if (e.status !== 'delivered') problems.push(`${c.id}: event ${e.seq} ${e.type} is ${e.status}`);
    // The receiver saw them in the same order (first receipt of each event id; retries may repeat one).
    const seen: string[] = [];
    for (const r of received) if (r.commentId === c.id && !seen.includes(r.eventId)) seen.push(r.eventId);
    if (JSON.stringify(seen) !== JSON.stringify(events.map((e) => e.id))) problems.push(`${c.id}: received ${seen.length} events out of order or missing`);
  }
  assert.deepEqual(problems.slice(0, 10), [], `${problems.length} comments with wrong webhook events`);
});
