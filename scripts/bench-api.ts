/**
 * `npm run bench:api`: intake throughput and latency against a baseline measured in the same run.
 * Starts the real API + one worker in a child process (so the load generator does not share its
 * event loop) on a private key prefix in the local Redis (TEST_REDIS_URL or 127.0.0.1:6379), then
 * drives it over loopback with a fixed number of concurrent clients:
 *   baseline   GET /healthz            (Express + HTTP only)
 *   intake     POST /api/v1/comments   (validate → Redis store → BullMQ enqueue → 202)
 *   decision   202 → published/flagged/spam, measured by polling the stored status
 * Prints one table. Requests are bounded in count; everything it wrote is deleted afterwards.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { createRedisClient, patientOptions, type RedisClient } from '../src/store/redis-client.ts';
import { redisKeys } from '../src/store/redis-keys.ts';
import { decodeRecord, F } from '../src/store/comment-record-codec.ts';
import { readRecord } from '../src/store/redis-comment-store.ts';
import { createServices } from '../src/runtime/services.ts';
import { startApi } from '../src/server.ts';
import { startWorker } from '../workers/moderation-worker.ts';
import { checkArgs } from './bench-args.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);

interface Result {
  name: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function drive(name: string, total: number, one: (i: number) => Promise<boolean>): Promise<Result> {
  const lat: number[] = [];
  let next = 0;
  let errors = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const t = performance.now();
        const ok = await one(i).catch(() => false);
        lat.push(performance.now() - t);
        if (!ok) errors++;
      }
    }),
  );
  const secs = (performance.now() - start) / 1000;
  lat.sort((a, b) => a - b);
  return { name, rps: total / secs, p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99), errors };
}

/** Child role: the API and one worker on a private key prefix, as `npm start` runs them, until the parent says stop. */
async function serve() {
  const prefix = `bench-${process.pid}-${randomBytes(4).toString('hex')}`;
  const moderatorToken = randomBytes(16).toString('hex');
  const config = {
    ...loadConfig({ REDIS_URL, REDIS_PREFIX: prefix, MODERATOR_TOKEN: moderatorToken, PORT: '0', RATE_LIMIT_PER_MINUTE: '0', WORKER_CONCURRENCY: '16' }),
    redisUrl: REDIS_URL,
    moderatorToken,
  };
  const logger = pino({ level: 'silent' });
  const services = await createServices(config, logger);
  const worker = await startWorker(config, logger, { services });
  const api = await startApi(config, logger, { services });
  process.send?.({ origin: api.url.replace(/\/$/, ''), prefix });
  process.on('message', (m) => {
    if (m !== 'stop') return;
    void (async () => {
      await api.close();
      await worker.close();
      await services.close();
      process.exit(0);
    })();
  });
}

/** Removes every key the benchmark wrote (keys carry the prefix inside a hash tag, e.g. `{bench-…}:c:id`). */
async function deleteKeys(redis: RedisClient, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

async function main() {
  const child = fork(new URL(import.meta.url).pathname, ['--serve'], { execArgv: ['--import', 'tsx'] });
  const { origin, prefix } = await new Promise<{ origin: string; prefix: string }>((resolve) => child.once('message', (m) => resolve(m as { origin: string; prefix: string })));
  const stack = { origin, prefix, keys: redisKeys(prefix), redis: createRedisClient(REDIS_URL, patientOptions) };
  try {
    const base = stack.origin;
    const comments = [
      'Thanks for the clear summary of the summit and what it means for trade.',
      'I disagree with the second paragraph; the defence pact matters more than tariffs.',
      'Check out my channel for free crypto signals!!! http://bit.ly/xyz subscribe now',
      'Good article. The map of the shipping lanes was especially useful.',
    ];
    // Warm up JIT, connections and the model.
    await drive('warmup', 200, async () => (await fetch(`${base}/healthz`)).ok);

    const baseline = await drive('GET /healthz (baseline)', REQUESTS, async () => {
      const r = await fetch(`${base}/healthz`);
      await r.arrayBuffer();
      return r.ok;
    });
    const submitted: { id: string; at: number }[] = [];
    const intake = await drive('POST /api/v1/comments → 202', REQUESTS, async (i) => {
      const r = await fetch(`${base}/api/v1/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ threadId: `bench-${i % 50}`, name: `Reader ${i}`, email: `r${i}@example.com`, comment: `${comments[i % comments.length]} (${i})` }),
      });
      const body = (await r.json()) as { id?: string };
      if (r.status === 202 && body.id) submitted.push({ id: body.id, at: performance.now() });
      return r.status === 202;
    });

    // Decision latency: time from the 202 until the worker's decision is stored.
    const decided = new Map<string, number>();
    const deadline = performance.now() + 60_000;
    while (decided.size < submitted.length && performance.now() < deadline) {
      const pipeline = stack.redis.pipeline();
      const open = submitted.filter((s) => !decided.has(s.id));
      for (const s of open) pipeline.getBuffer(stack.keys.comment(s.id));
      const res = (await pipeline.exec()) ?? [];
      res.forEach(([, v], i) => {
        const at = v ? decodeRecord(v as Buffer)[F.decidedAt] : '';
        if (at) decided.set(open[i]!.id, Date.parse(at));
      });
      await new Promise((r) => setTimeout(r, 20));
    }
    const createdAt = new Map<string, number>();
    const pipe = stack.redis.pipeline();
    for (const s of submitted) pipe.getBuffer(stack.keys.comment(s.id));
    ((await pipe.exec()) ?? []).forEach(([, v], i) => createdAt.set(submitted[i]!.id, Date.parse(v ? decodeRecord(v as Buffer)[F.createdAt]! : '')));
    const lags = submitted
      .filter((s) => decided.has(s.id))
      .map((s) => decided.get(s.id)! - createdAt.get(s.id)!)
      .sort((a, b) => a - b);

    // Decision latency without a backlog: one reader at a time, as a quiet site sees it.
    const quiet: number[] = [];
    for (let i = 0; i < 100; i++) {
      const r = await fetch(`${base}/api/v1/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ threadId: 'quiet', name: 'Reader', email: `q${i}@example.com`, comment: `${comments[i % comments.length]} [${i}]` }),
      });
      const { id } = (await r.json()) as { id: string };
      const t0 = performance.now();
      while (!(await readRecord(stack.redis, stack.keys.comment(id)))?.[F.decidedAt]) {
        if (performance.now() - t0 > 10_000) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      quiet.push(performance.now() - t0);
    }
    quiet.sort((a, b) => a - b);

    const rows = [baseline, intake];
    const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
    console.log(`\nmachine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, node ${process.version}; ${REQUESTS} requests per row, ${CONCURRENCY} concurrent clients, one in-process worker (concurrency 16)\n`);
    console.log('| scenario | req/s | ratio to baseline | p50 ms | p95 ms | p99 ms | errors |');
    console.log('|---|---|---|---|---|---|---|');
    for (const r of rows) {
      console.log(`| ${r.name} | ${f(r.rps, 0)} | ${f(r.rps / baseline.rps, 2)} | ${f(r.p50, 2)} | ${f(r.p95, 2)} | ${f(r.p99, 2)} | ${r.errors} |`);
    }
    console.log(
      `| 202 → decision stored, after the burst above (backlog) | ${submitted.length} decided: ${lags.length} | | ${f(pct(lags, 50), 0)} | ${f(pct(lags, 95), 0)} | ${f(pct(lags, 99), 0)} | ${submitted.length - lags.length} |`,
    );
    console.log(`| 202 → decision stored, one comment at a time (no backlog) | 100 decided | | ${f(pct(quiet, 50), 1)} | ${f(pct(quiet, 95), 1)} | ${f(pct(quiet, 99), 1)} | 0 |`);
  } finally {
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
    await deleteKeys(stack.redis, stack.prefix);
    await stack.redis.quit();
  }
}

checkArgs('bench:api', ['--serve']);
(process.argv.includes('--serve') ? serve() : main()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
