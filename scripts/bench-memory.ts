/**
 * `npm run bench:memory [-- --comments N --json FILE]`: memory after N comments (default 100,000) went through the
 * compiled API and one compiled worker (separate processes, varied bodies, rate limit off): RSS of each process,
 * and Redis bytes per stored comment, from MEMORY USAGE on the comment records and the store's index keys (and,
 * separately, on BullMQ's retained job records), against the size of the record as JSON. Everything is deleted afterwards.
 */
import autocannon from 'autocannon';
import { redisKeys } from '../src/store/redis-keys.ts';
import { deleteKeys, flags, machine, newPrefix, printTable, redisClient, runBench, rssMb, startProcess, submissionBodies, writeJson } from './bench-support.ts';

runBench('bench:memory', async () => {
  const f = flags(process.argv.slice(2), { comments: '100000', connections: '32', sample: '500' });
  const n = Number(f.comments);
  const bodies = submissionBodies();
  const redis = redisClient();
  const prefix = newPrefix('memory');
  const keys = redisKeys(prefix);
  const api = await startProcess('api', prefix);
  const worker = await startProcess('worker', prefix);
  const idle = { api: rssMb(api.pid), worker: rssMb(worker.pid) };
  let result;
  try {
    let i = 0;
    process.stderr.write(`bench:memory: submitting ${n} comments…\n`);
    const r = await autocannon({
      url: `${api.url}/api/v1/comments`,
      connections: Number(f.connections),
      amount: n,
      requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length]! }) }],
    });
    const deadline = Date.now() + 600_000;
    while (Date.now() < deadline && (await redis.zcard(keys.status('pending'))) > 0) await new Promise((res) => setTimeout(res, 200));
    // Let the processes settle (timers, GC) before reading RSS, as a quiet service would.
    await new Promise((res) => setTimeout(res, 3000));
    const after = { api: rssMb(api.pid), worker: rssMb(worker.pid) };
    // Redis: every key under the prefix, by kind.
    const bytes = { records: 0, indexes: 0, bullmq: 0 };
    const counts = { records: 0, indexes: 0, bullmq: 0 };
    const recordKeys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 2000);
      cursor = next;
      const pipe = redis.pipeline();
      for (const k of found) pipe.memory('USAGE', k, 'SAMPLES', 0);
      const usage = ((await pipe.exec()) ?? []).map(([, v]) => Number(v ?? 0));
      found.forEach((k, j) => {
        const kind = k.startsWith(keys.comment('')) ? 'records' : k.startsWith(keys.bull) ? 'bullmq' : 'indexes';
        bytes[kind] += usage[j]!;
        counts[kind]++;
        if (kind === 'records' && recordKeys.length < Number(f.sample)) recordKeys.push(k);
      });
    } while (cursor !== '0');
    const pipe = redis.pipeline();
    for (const k of recordKeys) pipe.hgetall(k);
    const jsonBytes = ((await pipe.exec()) ?? []).map(([, v]) => Buffer.byteLength(JSON.stringify(v))).reduce((a, b) => a + b, 0) / recordKeys.length;
    const stored = counts.records;
    result = {
      submitted: n,
      accepted: r['2xx'],
      errors: r.errors + r.timeouts + r.non2xx,
      stored,
      rssMb: { idle, after },
      redis: {
        recordBytesPerComment: bytes.records / stored,
        indexBytesPerComment: bytes.indexes / stored,
        storeBytesPerComment: (bytes.records + bytes.indexes) / stored,
        bullmqBytesPerComment: bytes.bullmq / stored,
        recordJsonBytes: jsonBytes,
        indexKeys: counts.indexes,
        bullmqKeys: counts.bullmq,
      },
    };
  } finally {
    await api.stop();
    await worker.stop();
    await deleteKeys(redis, prefix);
    redis.disconnect();
  }
  const env = machine();
  const m = result.redis;
  printTable(
    `bench:memory: ${result.stored} comments stored (${result.accepted} accepted, ${result.errors} errors) (load average ${env.loadavg.join(' ')}, ${env.cores} × ${env.cpu}, node ${env.node})`,
    ['figure', 'value', 'target'],
    [
      ['npm run api RSS, idle → after (peak) MB', `${Math.round(result.rssMb.idle.api.rss)} → ${Math.round(result.rssMb.after.api.rss)} (${Math.round(result.rssMb.after.api.peak)})`, '≤ 80'],
      ['npm run worker RSS, idle → after (peak) MB', `${Math.round(result.rssMb.idle.worker.rss)} → ${Math.round(result.rssMb.after.worker.rss)} (${Math.round(result.rssMb.after.worker.peak)})`, '≤ 80'],
      ['record as JSON, bytes', Math.round(m.recordJsonBytes), ''],
      ['Redis: record hash, bytes per comment', Math.round(m.recordBytesPerComment), ''],
      [`Redis: index entries (${m.indexKeys} keys), bytes per comment`, Math.round(m.indexBytesPerComment), ''],
      ['Redis: record + indexes per comment / JSON', `${(m.storeBytesPerComment / m.recordJsonBytes).toFixed(2)}×`, '≤ 2×'],
      [`Redis: BullMQ retained jobs (${m.bullmqKeys} keys), bytes per comment`, Math.round(m.bullmqBytesPerComment), ''],
    ],
  );
  writeJson(f.json, { bench: 'memory', machine: env, ...result });
});
