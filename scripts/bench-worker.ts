/**
 * `npm run bench:worker [-- --comments N --processes 1,2 --rules R --json FILE]`: how fast queued comments are decided.
 * N comments (default 20,000) are stored and queued while no worker runs; then one compiled worker process
 * (`npm run worker`) drains the queue, against a no-op BullMQ worker process on the same queue settings and the same
 * Redis, draining the same number of jobs; then the same with 2 processes of each (`--processes` picks the counts).
 * With `--rules R`, one more phase: one worker with R site rules on the comments' site (none matching them), to
 * compare with the worker without rules in the same run. Each phase has its own key prefix, deleted afterwards.
 */
import { createRedisClient, patientOptions, type RedisClient as Redis } from '../src/store/redis-client.ts';
import { loadConfig } from '../src/config.ts';
import { RedisCommentStore } from '../src/store/redis-comment-store.ts';
import { createModerationQueue } from '../src/queue/moderation-queue.ts';
import { RedisSiteRulesStore } from '../src/store/redis-site-rules-store.ts';
import { redisKeys } from '../src/store/redis-keys.ts';
import { benchSiteRules, cpuMs, writeCalls, deleteKeys, flags, machine, newPrefix, nodeArgsFromEnv, printTable, REDIS_URL, redisClient, runBench, startProcess, submissionBodies, writeJson, type Role } from './bench-support.ts';

interface Phase {
  role: Role;
  processes: number;
  jobs: number;
  seconds: number;
  perSecond: number;
  decided: number | null;
  failed: number;
  /** CPU time of the worker processes per job, µs. */
  cpuUs: number;
  /** Write system calls of the worker processes per job (Redis commands and log lines leave through them). */
  writesPerJob: number;
  /** Site rules on the comments' site. */
  rules: number;
}

/** Stores (for the real worker) and queues `n` comments under `prefix`, many requests in flight. */
async function fill(prefix: string, n: number, store: boolean): Promise<void> {
  const redis = createRedisClient(REDIS_URL, { ...patientOptions, enableAutoPipelining: true });
  const comments = new RedisCommentStore(redis, prefix);
  const queue = createModerationQueue(REDIS_URL, prefix);
  const bodies = submissionBodies().map((b) => JSON.parse(b) as Record<string, string>);
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      for (let i = next++; i < n; i = next++) {
        const b = bodies[i % bodies.length]!;
        const id = store
          ? (
              await comments.create({
                siteId: 'default',
                threadId: b.threadId!,
                parentId: null,
                name: b.name!,
                email: b.email!,
                website: b.website ?? null,
                comment: b.comment!,
                ip: `203.0.113.${i % 250}`,
                userAgent: 'Mozilla/5.0 (bench)',
                signals: {},
              })
            ).id
          : `noop${i}`;
        await queue.enqueue(id);
      }
    }),
  );
  await queue.close();
  redis.disconnect();
}

async function drain(role: Role, processes: number, n: number, redis: Redis, rules = 0): Promise<Phase> {
  const prefix = newPrefix(`worker-${role}`);
  try {
    await fill(prefix, n, role === 'worker');
    if (rules > 0) await new RedisSiteRulesStore(redis, prefix).put('default', benchSiteRules(rules));
    const keys = redisKeys(prefix);
    const q = `${keys.bull}:moderate`;
    const remaining = async () => {
      const [w, a, p] = await Promise.all([redis.llen(`${q}:wait`), redis.llen(`${q}:active`), redis.zcard(`${q}:prioritized`)]);
      return w + a + p;
    };
    const procs = await Promise.all(Array.from({ length: processes }, () => startProcess(role, prefix, {}, role === 'worker' ? nodeArgsFromEnv('BENCH_WORKER_NODE_ARGS') : [])));
    // Timed from the first finished job to the last, so process start-up is not counted.
    let first: number | undefined;
    let cpuAtFirst = 0;
    let writesAtFirst = 0;
    const cpu = () => procs.reduce((sum, p) => sum + cpuMs(p.pid), 0);
    const writes = () => procs.reduce((sum, p) => sum + writeCalls(p.pid), 0);
    let left = n;
    const deadline = Date.now() + 600_000;
    while (left > 0 && Date.now() < deadline) {
      left = await remaining();
      if (first === undefined && left < n) {
        first = performance.now();
        cpuAtFirst = cpu();
        writesAtFirst = writes();
      }
      if (left > 0) await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - (first ?? performance.now())) / 1000;
    const cpuUs = ((cpu() - cpuAtFirst) * 1000) / n;
    const writesPerJob = (writes() - writesAtFirst) / n;
    await Promise.all(procs.map((p) => p.stop()));
    const failed = await redis.zcard(`${q}:failed`);
    const decided = role === 'worker' ? n - (await redis.zcard(keys.status('pending'))) : null;
    return { role, processes, jobs: n, seconds, perSecond: n / seconds, decided, failed, cpuUs, writesPerJob, rules };
  } finally {
    await deleteKeys(redis, prefix);
  }
}

runBench('bench:worker', async () => {
  const f = flags(process.argv.slice(2), { comments: '20000', processes: '1,2', rules: '0' });
  const n = Number(f.comments);
  const counts = f.processes.split(',').map(Number);
  const rules = Number(f.rules);
  const concurrency = loadConfig({}).workerConcurrency;
  const redis = redisClient();
  const phases: Phase[] = [];
  try {
    for (const processes of counts) {
      for (const role of ['noop-worker', 'worker'] as const) {
        process.stderr.write(`bench:worker: ${processes} × ${role}, ${n} jobs…\n`);
        phases.push(await drain(role, processes, n, redis));
      }
      if (processes === counts[0] && rules > 0) {
        process.stderr.write(`bench:worker: ${processes} × worker with ${rules} site rules, ${n} jobs…\n`);
        phases.push(await drain('worker', processes, n, redis, rules));
      }
    }
  } finally {
    redis.disconnect();
  }
  const env = machine();
  const ratio = (p: Phase) => {
    const base = phases.find((b) => b.role === 'noop-worker' && b.processes === p.processes)!;
    return p.perSecond / base.perSecond;
  };
  const cpuRatio = (p: Phase) => phases.find((b) => b.role === 'noop-worker' && b.processes === p.processes)!.cpuUs / p.cpuUs;
  printTable(
    `bench:worker: ${n} queued comments, WORKER_CONCURRENCY=${concurrency} (load average ${env.loadavg.join(' ')}, ${env.cores} × ${env.cpu}, node ${env.node})`,
    ['processes', 'worker', 'jobs/s', 'seconds', 'decided', 'failed jobs', 'CPU µs/job', 'writes/job', 'vs no-op', 'vs no-op by CPU'],
    phases.map((p) => [p.processes, p.role === 'worker' ? `npm run worker${p.rules ? `, ${p.rules.toLocaleString('en')} site rules` : ''}` : 'no-op BullMQ worker', Math.round(p.perSecond), p.seconds, p.decided ?? '', p.failed, Math.round(p.cpuUs), p.writesPerJob.toFixed(1), p.role === 'worker' ? `${ratio(p).toFixed(2)}×` : '', p.role === 'worker' ? `${cpuRatio(p).toFixed(2)}×` : '']),
  );
  writeJson(f.json, { bench: 'worker', machine: env, comments: n, rules, concurrency, phases: phases.map((p) => ({ ...p, ratio: p.role === 'worker' ? ratio(p) : 1, cpuRatio: p.role === 'worker' ? cpuRatio(p) : 1 })) });
});
