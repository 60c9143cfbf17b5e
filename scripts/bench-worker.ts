/**
 * `npm run bench:worker [-- --comments N --processes 1,2 --rules R --rate R --baseline-worker DIR --together yes --rounds N --json FILE]`:
 * how fast queued comments are decided.
 * N comments (default 20,000) are stored and queued while no worker runs; then one compiled worker process
 * (`npm run worker`) drains the queue, against a no-op BullMQ worker process on the same queue settings and the same
 * Redis, draining the same number of jobs; then the same with 2 processes of each (`--processes` picks the counts).
 * With `--rules R`, one more phase: one worker with R site rules on the comments' site (none matching them), to
 * compare with the worker without rules in the same run. Each phase has its own key prefix, deleted afterwards.
 * With `--rate R`, the comments are not queued beforehand but stored and queued at a steady R per second while the
 * workers run, so each turn of a worker's event loop sees a few jobs rather than 64: the CPU per job at the rate of a
 * live site rather than of a backlog. With `--baseline-worker DIR`, the worker of another built checkout runs as a
 * third phase for each process count (after this build's worker in odd rounds, before it in even ones); with
 * `--together yes`, both workers drain queues of their own at the same time instead, so that both share the machine's
 * load alike. `--rounds` repeats the whole sequence.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { createRedisClient, patientOptions, type RedisClient as Redis } from '../src/store/redis-client.ts';
import { loadConfig } from '../src/config.ts';
import { RedisCommentStore } from '../src/store/redis-comment-store.ts';
import { createModerationQueue } from '../src/queue/moderation-queue.ts';
import { RedisSiteRulesStore } from '../src/store/redis-site-rules-store.ts';
import { redisKeys } from '../src/store/redis-keys.ts';
import { benchSiteRules, cpuMs, systemCpuMs, localRedisPid, writeCalls, writtenBytes, deleteKeys, flags, machine, newPrefix, nodeArgsFromEnv, printTable, REDIS_URL, redisClient, runBench, startProcess, submissionBodies, UsageError, writeJson, type Role } from './bench-support.ts';

interface Phase {
  role: Role;
  /** The checkout whose worker ran, when it is not this one (--baseline-worker). */
  root?: string;
  round: number;
  processes: number;
  jobs: number;
  seconds: number;
  perSecond: number;
  decided: number | null;
  failed: number;
  /** CPU time of the worker processes per job, µs. */
  cpuUs: number;
  /** Of cpuUs, the part spent in the kernel (system calls), µs. */
  systemCpuUs: number;
  /** Write system calls of the worker processes per job (Redis commands and log lines leave through them). */
  writesPerJob: number;
  /** Bytes the worker processes wrote per job (Redis commands and log lines). */
  bytesPerJob: number;
  /**
   * CPU time of the Redis server per job, µs, when it runs on this machine and the phase ran alone (null otherwise):
   * the other half of a job's cost. Other clients of the same server count in it too.
   */
  redisCpuUs: number | null;
  /** Site rules on the comments' site. */
  rules: number;
  /** The 1-minute load average when the phase ended. */
  load: number;
  /** Ran at the same time as the other build's worker (--together). */
  together: boolean;
}

/**
 * Stores (for the real worker) and queues `n` comments under `prefix`, many requests in flight; with `rate`, the
 * i-th leaves i / rate seconds after the start.
 */
async function fill(prefix: string, n: number, store: boolean, rate = 0, queued = { count: 0 }): Promise<void> {
  const redis = createRedisClient(REDIS_URL, { ...patientOptions, enableAutoPipelining: true });
  const comments = new RedisCommentStore(redis, prefix);
  const queue = createModerationQueue(REDIS_URL, prefix);
  const bodies = submissionBodies().map((b) => JSON.parse(b) as Record<string, string>);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      for (let i = next++; i < n; i = next++) {
        const wait = rate > 0 ? start + (i * 1000) / rate - performance.now() : 0;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
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
        queued.count++;
      }
    }),
  );
  await queue.close();
  redis.disconnect();
}

/** One worker's share of a phase: its role, another built checkout whose worker runs instead (--baseline-worker), site rules. */
interface Run {
  role: Role;
  root?: string;
  rules: number;
}

/**
 * Each worker of `runs` drains a queue of its own, all at the same time (with one run, a phase alone), so that they
 * share the machine's load alike. `rate`: comments per second queued while the workers run; 0: all queued before
 * they start.
 */
async function drainTogether(runs: Run[], processes: number, n: number, redis: Redis, rate: number, round: number): Promise<Phase[]> {
  const redisPid = await localRedisPid(redis);
  const prefixes = runs.map((r) => newPrefix(`worker-${r.role}`));
  try {
    if (rate === 0) await Promise.all(runs.map((r, i) => fill(prefixes[i]!, n, r.role === 'worker')));
    for (const [i, r] of runs.entries()) if (r.rules > 0) await new RedisSiteRulesStore(redis, prefixes[i]!).put('default', benchSiteRules(r.rules));
    const started = await Promise.all(
      runs.map((r, i) => Promise.all(Array.from({ length: processes }, () => startProcess(r.role, prefixes[i]!, {}, r.role === 'worker' ? nodeArgsFromEnv('BENCH_WORKER_NODE_ARGS') : nodeArgsFromEnv('BENCH_NOOP_NODE_ARGS'), r.root)))),
    );
    const queued = runs.map(() => ({ count: rate > 0 ? 0 : n }));
    const filling = rate > 0 ? Promise.all(runs.map((r, i) => fill(prefixes[i]!, n, r.role === 'worker', rate, queued[i]))) : Promise.resolve();
    const phases = await Promise.all(
      runs.map(async (r, i): Promise<Phase> => {
        const procs = started[i]!;
        const keys = redisKeys(prefixes[i]!);
        const q = `${keys.bull}:moderate`;
        const remaining = async () => {
          const [w, a, p] = await Promise.all([redis.llen(`${q}:wait`), redis.llen(`${q}:active`), redis.zcard(`${q}:prioritized`)]);
          return w + a + p;
        };
        // Timed from the first finished job to the last, so process start-up is not counted.
        let first: number | undefined;
        let cpuAtFirst = 0;
        let writesAtFirst = 0;
        let bytesAtFirst = 0;
        let sysAtFirst = 0;
        let redisCpuAtFirst = 0;
        const cpu = () => procs.reduce((sum, p) => sum + cpuMs(p.pid), 0);
        const writes = () => procs.reduce((sum, p) => sum + writeCalls(p.pid), 0);
        const sys = () => procs.reduce((sum, p) => sum + systemCpuMs(p.pid), 0);
        const bytes = () => procs.reduce((sum, p) => sum + writtenBytes(p.pid), 0);
        const redisCpu = () => (redisPid !== undefined && runs.length === 1 ? cpuMs(redisPid) : NaN);
        let left = n;
        const deadline = Date.now() + 600_000;
        while (left > 0 && Date.now() < deadline) {
          // Paced, the comments not queued yet are left too.
          left = n - queued[i]!.count + (await remaining());
          if (first === undefined && left < n) {
            first = performance.now();
            cpuAtFirst = cpu();
            writesAtFirst = writes();
            bytesAtFirst = bytes();
            sysAtFirst = sys();
            redisCpuAtFirst = redisCpu();
          }
          if (left > 0) await new Promise((res) => setTimeout(res, 50));
        }
        const seconds = (performance.now() - (first ?? performance.now())) / 1000;
        const cpuUs = ((cpu() - cpuAtFirst) * 1000) / n;
        const writesPerJob = (writes() - writesAtFirst) / n;
        const systemCpuUs = ((sys() - sysAtFirst) * 1000) / n;
        const bytesPerJob = (bytes() - bytesAtFirst) / n;
        const redisCpuPerJob = ((redisCpu() - redisCpuAtFirst) * 1000) / n;
        const redisCpuUs = Number.isNaN(redisCpuPerJob) ? null : redisCpuPerJob;
        const failed = await redis.zcard(`${q}:failed`);
        const decided = r.role === 'worker' ? n - (await redis.zcard(keys.status('pending'))) : null;
        const together = runs.length > 1;
        return { role: r.role, ...(r.root ? { root: r.root } : {}), round, processes, jobs: n, seconds, perSecond: n / seconds, decided, failed, cpuUs, systemCpuUs, writesPerJob, bytesPerJob, redisCpuUs, rules: r.rules, load: loadavg()[0]!, together };
      }),
    );
    await filling;
    await Promise.all(started.flat().map((p) => p.stop()));
    return phases;
  } finally {
    for (const prefix of prefixes) await deleteKeys(redis, prefix);
  }
}

runBench('bench:worker', async () => {
  const f = flags(process.argv.slice(2), { comments: '20000', processes: '1,2', rules: '0', rate: '0', 'baseline-worker': '', rounds: '1', together: 'no' });
  const n = Number(f.comments);
  const counts = f.processes.split(',').map(Number);
  const rules = Number(f.rules);
  const rate = Number(f.rate);
  const rounds = Number(f.rounds);
  const baseline = f['baseline-worker'] ? resolve(f['baseline-worker']) : undefined;
  const together = f.together === 'yes';
  if (together && !baseline) throw new UsageError('--together yes needs --baseline-worker DIR');
  const concurrency = loadConfig({}).workerConcurrency;
  const redis = redisClient();
  const phases: Phase[] = [];
  const run = async (role: Role, processes: number, round: number, o: { root?: string; rules?: number } = {}) => {
    const what = o.root ? `baseline worker (${o.root})` : o.rules ? `worker with ${o.rules} site rules` : role;
    process.stderr.write(`bench:worker: round ${round}, ${processes} × ${what}, ${n} jobs${rate ? ` at ${rate}/s` : ''}…\n`);
    phases.push(...(await drainTogether([{ role, ...(o.root ? { root: o.root } : {}), rules: o.rules ?? 0 }], processes, n, redis, rate, round)));
  };
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const processes of counts) {
        await run('noop-worker', processes, round);
        if (together && baseline) {
          // Both builds' workers at the same time, each on a queue of its own; which starts first alternates.
          process.stderr.write(`bench:worker: round ${round}, ${processes} × worker and ${processes} × baseline worker together, ${n} jobs each${rate ? ` at ${rate}/s` : ''}…\n`);
          const both: Run[] = [{ role: 'worker', rules: 0 }, { role: 'worker', root: baseline, rules: 0 }];
          phases.push(...(await drainTogether(round % 2 ? both : both.reverse(), processes, n, redis, rate, round)));
        } else {
          // The two builds alternate which goes first, so neither always follows the no-op.
          if (baseline && round % 2 === 0) await run('worker', processes, round, { root: baseline });
          await run('worker', processes, round);
          if (baseline && round % 2 === 1) await run('worker', processes, round, { root: baseline });
        }
        if (processes === counts[0] && rules > 0) await run('worker', processes, round, { rules });
      }
    }
  } finally {
    redis.disconnect();
  }
  const env = machine();
  const noop = (p: Phase) => phases.find((b) => b.role === 'noop-worker' && b.processes === p.processes && b.round === p.round)!;
  const ratio = (p: Phase) => p.perSecond / noop(p).perSecond;
  const cpuRatio = (p: Phase) => noop(p).cpuUs / p.cpuUs;
  const name = (p: Phase) =>
    (p.role !== 'worker' ? 'no-op BullMQ worker' : p.root ? `baseline worker (${p.root})` : `npm run worker${p.rules ? `, ${p.rules.toLocaleString('en')} site rules` : ''}`) +
    (p.together ? ', together' : '');
  printTable(
    `bench:worker: ${n} ${rate ? `comments queued at ${rate}/s` : 'queued comments'}, WORKER_CONCURRENCY=${concurrency} (load average ${env.loadavg.join(' ')}, ${env.cores} × ${env.cpu}, node ${env.node})`,
    ['round', 'processes', 'worker', 'jobs/s', 'seconds', 'decided', 'failed jobs', 'CPU µs/job', 'of which system', 'writes/job', 'KB written/job', 'Redis CPU µs/job', 'vs no-op', 'vs no-op by CPU', 'load'],
    phases.map((p) => [p.round, p.processes, name(p), Math.round(p.perSecond), p.seconds, p.decided ?? '', p.failed, Math.round(p.cpuUs), Math.round(p.systemCpuUs), p.writesPerJob.toFixed(1), (p.bytesPerJob / 1024).toFixed(2), p.redisCpuUs === null ? '' : Math.round(p.redisCpuUs), p.role === 'worker' ? `${ratio(p).toFixed(2)}×` : '', p.role === 'worker' ? `${cpuRatio(p).toFixed(2)}×` : '', p.load.toFixed(1)]),
  );
  writeJson(f.json, { bench: 'worker', machine: env, comments: n, rules, rate, concurrency, phases: phases.map((p) => ({ ...p, ratio: p.role === 'worker' ? ratio(p) : 1, cpuRatio: p.role === 'worker' ? cpuRatio(p) : 1 })) });
});
