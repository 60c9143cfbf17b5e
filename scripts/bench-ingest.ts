/**
 * `npm run bench:ingest [-- --duration S --connections N --rounds N --json FILE]`: POST /api/v1/comments on the
 * compiled API (`npm run api` alone: store + enqueue, rate limit off) against a bare Express 5 app with express.json
 * and the same validator answering 202, alternating A/B/A/B in one run with autocannon. The ratio API/baseline is
 * the figure to compare across machines. Everything the API wrote is deleted afterwards.
 */
import autocannon from 'autocannon';
import { cpuMs, deleteKeys, flags, machine, newPrefix, printTable, redisClient, runBench, startProcess, submissionBodies, writeJson, type Proc } from './bench-support.ts';

interface Run {
  target: 'bare-express' | 'api';
  round: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU time of the target process per request, µs. */
  cpuUs: number;
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
  const f = flags(process.argv.slice(2), { duration: '10', connections: '32', rounds: '2', warmup: '3' });
  const [seconds, connections, rounds, warmup] = [Number(f.duration), Number(f.connections), Number(f.rounds), Number(f.warmup)];
  const bodies = submissionBodies();
  const redis = redisClient();
  const prefix = newPrefix('ingest');
  const procs: Record<'bare-express' | 'api', Proc> = {
    'bare-express': await startProcess('bare-express', prefix),
    // BENCH_API_NODE_ARGS passes node flags (e.g. --cpu-prof) to the measured API process.
    api: await startProcess('api', prefix, {}, (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean)),
  };
  const runs: Run[] = [];
  try {
    for (const target of ['bare-express', 'api'] as const) await hammer(procs[target].url, warmup, connections, bodies);
    for (let round = 1; round <= rounds; round++) {
      for (const target of ['bare-express', 'api'] as const) {
        const cpuBefore = cpuMs(procs[target].pid);
        const r = await hammer(procs[target].url, seconds, connections, bodies);
        const cpuUs = ((cpuMs(procs[target].pid) - cpuBefore) * 1000) / Math.max(1, r.requests.total);
        runs.push({ target, round, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts, cpuUs });
      }
    }
  } finally {
    await Promise.all(Object.values(procs).map((p) => p.stop()));
    await deleteKeys(redis, prefix);
    redis.disconnect();
  }
  const env = machine();
  const byRound = (round: number, t: Run['target']) => runs.find((r) => r.round === round && r.target === t)!;
  const ratios = Array.from({ length: rounds }, (_, k) => byRound(k + 1, 'api').rps / byRound(k + 1, 'bare-express').rps);
  // The throughput a process would reach with a whole core to itself is about 1 / its CPU time per request.
  const cpuRatios = Array.from({ length: rounds }, (_, k) => byRound(k + 1, 'bare-express').cpuUs / byRound(k + 1, 'api').cpuUs);
  printTable(
    `bench:ingest: POST /api/v1/comments, ${connections} connections, ${seconds} s per run, A/B alternating (load average ${env.loadavg.join(' ')}, ${env.cores} × ${env.cpu}, node ${env.node})`,
    ['round', 'target', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'CPU µs/req', 'API / bare', 'API / bare by CPU'],
    runs.map((r) => [r.round, r.target === 'api' ? 'npm run api (store + enqueue)' : 'bare Express + express.json + validator', Math.round(r.rps), r.p50, r.p99, r.non2xx, r.errors, Math.round(r.cpuUs), r.target === 'api' ? ratios[r.round - 1]!.toFixed(2) + '×' : '', r.target === 'api' ? cpuRatios[r.round - 1]!.toFixed(2) + '×' : '']),
  );
  writeJson(f.json, { bench: 'ingest', machine: env, connections, seconds, runs, ratios, cpuRatios });
});
