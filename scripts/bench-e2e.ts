/**
 * `npm run bench:e2e [-- --rates 500,1000,1500 --duration 30 --generator paced|autocannon --json FILE]`: the compiled API and one compiled
 * worker as separate processes (`npm run api` + `npm run worker`), submissions at a steady rate (evenly spaced, see
 * paced-load.ts; varied bodies, rate limit off). `--generator autocannon` uses autocannon's `overallRate` instead, which sends each
 * second's requests in one burst at the start of the second. For every 202 the time from the 202 to the decision (the record's decidedAt) is measured once the
 * phase has drained; p50, p99, max and how many were decided. Everything written is deleted afterwards.
 */
import autocannon from 'autocannon';
import { redisKeys } from '../src/store/redis-keys.ts';
import { decodeRecord, F } from '../src/store/comment-record-codec.ts';
import { pacedLoad } from './paced-load.ts';
import { deleteKeys, flags, machine, newPrefix, percentile, printTable, redisClient, runBench, rssMb, startProcess, submissionBodies, writeJson, UsageError } from './bench-support.ts';

interface Phase {
  rate: number;
  seconds: number;
  sent: number;
  accepted: number;
  errors: number;
  decided: number;
  p50: number;
  p99: number;
  max: number;
  intakeP99: number;
  apiRssMb: number;
  workerRssMb: number;
}

runBench('bench:e2e', async () => {
  const f = flags(process.argv.slice(2), { rates: '500,1000,1500', duration: '30', connections: '64', drain: '30', generator: 'paced' });
  if (f.generator !== 'paced' && f.generator !== 'autocannon') throw new UsageError('--generator is paced or autocannon');
  const bursty = f.generator === 'autocannon';
  const rates = f.rates.split(',').map(Number);
  const seconds = Number(f.duration);
  const bodies = submissionBodies();
  const redis = redisClient();
  const prefix = newPrefix('e2e');
  const keys = redisKeys(prefix);
  const api = await startProcess('api', prefix);
  const worker = await startProcess('worker', prefix);
  const phases: Phase[] = [];
  try {
    // Warm-up at a low rate (JIT, connections, model), not reported.
    await autocannon({ url: `${api.url}/api/v1/comments`, connections: 8, duration: 3, overallRate: 200, method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[0] });
    for (const rate of rates) {
      process.stderr.write(`bench:e2e: ${rate}/s for ${seconds} s…\n`);
      const accepted: Array<[id: string, at: number]> = [];
      const onResponse = (status: number, body: string) => {
        if (status === 202) accepted.push([(JSON.parse(body) as { id: string }).id, Date.now()]);
      };
      const url = `${api.url}/api/v1/comments`;
      const headers = { 'content-type': 'application/json' };
      const steadyLoad = async () => {
        const p = await pacedLoad({ url, rate, seconds, connections: Number(f.connections), headers, body: (k) => bodies[k % bodies.length]!, onResponse });
        return { sent: p.sent, errors: p.errors + p.non2xx, intakeP99: Math.round(percentile(p.latencies, 99)) };
      };
      const autocannonLoad = async () => {
        let i = 0;
        const a = await autocannon({
          url,
          connections: Number(f.connections),
          duration: seconds,
          overallRate: rate,
          requests: [{ method: 'POST', headers, setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length]! }), onResponse }],
        });
        return { sent: a.requests.total, errors: a.errors + a.timeouts + a.non2xx, intakeP99: a.latency.p99 };
      };
      const r = bursty ? await autocannonLoad() : await steadyLoad();
      // Wait until every accepted comment has its decision (bounded), then read the decision times.
      const readDecisions = async () => {
        const pipe = redis.pipeline();
        for (const [id] of accepted) pipe.getBuffer(keys.comment(id));
        return ((await pipe.exec()) ?? []).map(([, v]) => {
          const at = v ? decodeRecord(v as Buffer)[F.decidedAt] : '';
          return at ? Date.parse(at) : NaN;
        });
      };
      const deadline = Date.now() + Number(f.drain) * 1000;
      let decidedAt = await readDecisions();
      while (Date.now() < deadline && decidedAt.some((t) => Number.isNaN(t))) {
        await new Promise((res) => setTimeout(res, 250));
        decidedAt = await readDecisions();
      }
      const lat = accepted.map(([, at], k) => decidedAt[k]! - at).filter((ms) => !Number.isNaN(ms)).map((ms) => Math.max(0, ms)).sort((a, b) => a - b);
      phases.push({
        rate,
        seconds,
        sent: r.sent,
        accepted: accepted.length,
        errors: r.errors,
        decided: lat.length,
        p50: percentile(lat, 50),
        p99: percentile(lat, 99),
        max: lat.at(-1) ?? NaN,
        intakeP99: r.intakeP99,
        apiRssMb: rssMb(api.pid).rss,
        workerRssMb: rssMb(worker.pid).rss,
      });
    }
  } finally {
    await api.stop();
    await worker.stop();
    await deleteKeys(redis, prefix);
    redis.disconnect();
  }
  const env = machine();
  printTable(
    `bench:e2e: npm run api + npm run worker, ${bursty ? 'autocannon overallRate (bursts each second)' : 'steady rate'}, ${seconds} s per rate (load average ${env.loadavg.join(' ')}, ${env.cores} × ${env.cpu}, node ${env.node})`,
    ['rate/s', 'sent', '202', 'errors', 'decided', '202→decision p50 ms', 'p99 ms', 'max ms', 'intake p99 ms', 'API RSS MB', 'worker RSS MB'],
    phases.map((p) => [p.rate, p.sent, p.accepted, p.errors, p.decided, p.p50, p.p99, p.max, p.intakeP99, Math.round(p.apiRssMb), Math.round(p.workerRssMb)]),
  );
  writeJson(f.json, { bench: 'e2e', machine: env, generator: bursty ? 'autocannon' : 'paced', phases });
});
