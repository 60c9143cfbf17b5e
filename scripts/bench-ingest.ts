/**
 * `npm run bench:ingest [-- --duration S --connections N --rounds N --baseline-api DIR --together yes --json FILE]`: POST
 * /api/v1/comments on the compiled API (`npm run api` alone: store + enqueue, rate limit off) against a bare Express 5
 * app with express.json and the same validator answering 202, alternating A/B/A/B in one run with autocannon. The
 * ratio API/baseline is the figure to compare across machines. With `--baseline-api DIR` (another built checkout,
 * e.g. a worktree of the previous version), that checkout's API runs as a third target in every round, with the
 * same flags, so two builds are compared in the same run. Each row also carries Redis's CPU and script time per
 * request, read from INFO: the row's own only on a Redis that nothing else uses (point REDIS_URL at one). With
 * `--together yes` (and `--baseline-api`), both APIs are loaded at the same time in each round, after the bare app, so
 * that both share whatever else the machine is doing: their rows compare the two builds with each other (the ratios
 * to the bare app, which ran alone, then understate both), and Redis's figures are the two APIs' together.
 * Everything the APIs wrote is deleted afterwards.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { cpuMs, deleteKeys, flags, machine, newPrefix, nodeArgsFromEnv, printTable, redisClient, runBench, startProcess, submissionBodies, writeJson, UsageError, type Proc } from './bench-support.ts';

type Target = 'bare-express' | 'api' | 'baseline-api';

interface Run {
  target: Target;
  round: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU time of the target process per request, µs. */
  cpuUs: number;
  /** The 1-minute load average when the run ended. */
  load: number;
  /** Redis's CPU time (INFO cpu) per request, µs: only this run's when nothing else uses that Redis. */
  redisCpuUs: number;
  /** Time Redis spent running scripts (INFO commandstats, EVAL and EVALSHA) per request, µs: likewise. */
  redisCmdUs: number;
}

/**
 * Redis's CPU time and its scripts' total time so far, µs (INFO; counters only, nothing reset). Only the script
 * calls are summed for the latter: the commands a script runs are counted in commandstats too.
 */
async function redisUsage(redis: ReturnType<typeof redisClient>): Promise<{ cpu: number; cmd: number }> {
  const info = await redis.info('all');
  const num = (name: string) => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? 0);
  let cmd = 0;
  for (const m of info.matchAll(/^cmdstat_(?:eval|evalsha)(?:_ro)?:calls=\d+,usec=(\d+)/gm)) cmd += Number(m[1]);
  return { cpu: (num('used_cpu_sys') + num('used_cpu_user')) * 1e6, cmd };
}

async function hammer(url: string, seconds: number, connections: number, bodies: string[]): Promise<autocannon.Result> {
  let i = 0;
  return autocannon({
    url: `${url}/api/v1/comments`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length]! }),
      },
    ],
  });
}

runBench('bench:ingest', async () => {
  const f = flags(process.argv.slice(2), { duration: '10', connections: '32', rounds: '2', warmup: '3', 'baseline-api': '', together: 'no' });
  const [seconds, connections, rounds, warmup] = [Number(f.duration), Number(f.connections), Number(f.rounds), Number(f.warmup)];
  const baselineDir = f['baseline-api'] ? resolve(f['baseline-api']) : '';
  const together = f.together === 'yes';
  if (together && !baselineDir) throw new UsageError('--together yes needs --baseline-api DIR');
  const bodies = submissionBodies();
  const redis = redisClient();
  const prefix = newPrefix('ingest');
  const apiArgs = nodeArgsFromEnv('BENCH_API_NODE_ARGS');
  const targets: Target[] = baselineDir ? ['bare-express', 'api', 'baseline-api'] : ['bare-express', 'api'];
  const procs: Partial<Record<Target, Proc>> = {};
  const runs: Run[] = [];
  try {
    procs['bare-express'] = await startProcess('bare-express', prefix);
    // BENCH_API_NODE_ARGS passes node flags (e.g. --cpu-prof) to the measured API process (and the baseline API).
    procs.api = await startProcess('api', prefix, {}, apiArgs);
    if (baselineDir) procs['baseline-api'] = await startProcess('api', `${prefix}-base`, {}, apiArgs, baselineDir);
    for (const target of targets) await hammer(procs[target]!.url, warmup, connections, bodies);
    for (let round = 1; round <= rounds; round++) {
      // With a baseline build, odd rounds run it before this build and even rounds after, so neither always goes first.
      const order = baselineDir && round % 2 === 0 ? (['bare-express', 'baseline-api', 'api'] as Target[]) : targets;
      // Each step: the targets loaded at the same time (one, or with --together both APIs).
      const steps = together ? [['bare-express'], ['api', 'baseline-api']] as Target[][] : order.map((t) => [t]);
      for (const step of steps) {
        const cpuBefore = step.map((target) => cpuMs(procs[target]!.pid));
        const redisBefore = await redisUsage(redis);
        const results = await Promise.all(step.map((target) => hammer(procs[target]!.url, seconds, connections, bodies)));
        const cpuAfter = step.map((target) => cpuMs(procs[target]!.pid));
        const redisAfter = await redisUsage(redis);
        const requests = results.reduce((sum, r) => sum + r.requests.total, 0);
        const perRequest = (us: number) => us / Math.max(1, requests);
        step.forEach((target, k) => {
          const r = results[k]!;
          runs.push({
            target, round, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts,
            cpuUs: ((cpuAfter[k]! - cpuBefore[k]!) * 1000) / Math.max(1, r.requests.total), load: loadavg()[0]!,
            redisCpuUs: perRequest(redisAfter.cpu - redisBefore.cpu), redisCmdUs: perRequest(redisAfter.cmd - redisBefore.cmd),
          });
        });
      }
    }
  } finally {
    await Promise.all(Object.values(procs).map((p) => p.stop()));
    await deleteKeys(redis, prefix);
    redis.disconnect();
  }
  const env = machine();
  const byRound = (round: number, t: Target) => runs.find((r) => r.round === round && r.target === t)!;
  const ratio = (t: Target) => Array.from({ length: rounds }, (_, k) => byRound(k + 1, t).rps / byRound(k + 1, 'bare-express').rps);
  // The throughput a process would reach with a whole core to itself is about 1 / its CPU time per request.
  const cpuRatio = (t: Target) => Array.from({ length: rounds }, (_, k) => byRound(k + 1, 'bare-express').cpuUs / byRound(k + 1, t).cpuUs);
  const ratios = ratio('api');
  const cpuRatios = cpuRatio('api');
  const baselineRatios = baselineDir ? ratio('baseline-api') : [];
  const baselineCpuRatios = baselineDir ? cpuRatio('baseline-api') : [];
  const label: Record<Target, string> = {
    'bare-express': 'bare Express + express.json + validator',
    api: 'npm run api (store + enqueue)',
    'baseline-api': `baseline API (${baselineDir})`,
  };
  printTable(
    `bench:ingest: POST /api/v1/comments, ${connections} connections, ${seconds} s per run, ${together ? 'the bare app alone, then both APIs together' : 'A/B alternating'} (load average ${env.loadavg.join(' ')}, ${env.cores} × ${env.cpu}, node ${env.node})`,
    ['round', 'target', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'CPU µs/req', 'API / bare', 'API / bare by CPU', 'Redis CPU µs/req', 'Redis script µs/req', 'load'],
    runs.map((r) => {
      const k = r.round - 1;
      const [rr, cr] = r.target === 'api' ? [ratios[k]!, cpuRatios[k]!] : r.target === 'baseline-api' ? [baselineRatios[k]!, baselineCpuRatios[k]!] : [undefined, undefined];
      return [r.round, label[r.target], Math.round(r.rps), r.p50, r.p99, r.non2xx, r.errors, Math.round(r.cpuUs), rr === undefined ? '' : rr.toFixed(2) + '×', cr === undefined ? '' : cr.toFixed(2) + '×', Math.round(r.redisCpuUs), Math.round(r.redisCmdUs), r.load.toFixed(1)];
    }),
  );
  if (together) {
    // Loaded at the same time, the two APIs compare directly: this build over the baseline, per round.
    const over = Array.from({ length: rounds }, (_, k) => [byRound(k + 1, 'api'), byRound(k + 1, 'baseline-api')] as const);
    process.stdout.write(
      `\nthis build / baseline, together: throughput ${over.map(([a, b]) => (a.rps / b.rps).toFixed(2) + '×').join(' ')}; CPU per request ${over.map(([a, b]) => (a.cpuUs / b.cpuUs).toFixed(2) + '×').join(' ')}\n`,
    );
  }
  writeJson(f.json, { bench: 'ingest', machine: env, connections, seconds, together, runs, ratios, cpuRatios, ...(baselineDir ? { baselineDir, baselineRatios, baselineCpuRatios } : {}) });
});
