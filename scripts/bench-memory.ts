/**
 * `npm run bench:memory [-- --comments N --settle S --json FILE]`: memory after N comments (default 100,000) went through the
 * compiled API and one compiled worker (separate processes, varied bodies, rate limit off): RSS of each process
 * 3 s after the worker has decided them and again S seconds later (default 60: see the comment at the reading),
 * and Redis bytes per stored comment, from MEMORY USAGE on the comment records and the store's index keys (and,
 * separately, on BullMQ's retained job records), against the size of the record as JSON. Everything is deleted afterwards.
 * "The record as JSON" is the record's fields as a JSON object, the way the former hash layout stored them (field
 * names and values, fields without a value included as ""): the same measure before and after the record became
 * one MessagePack string. The Comment as the API returns it (JSON, without order, rev and authorHash) is shown too.
 * The bytes are also broken down by kind of key (record, status indexes, audit trail...).
 */
import autocannon from 'autocannon';
import { redisKeys } from '../src/store/redis-keys.ts';
import { readRecord } from '../src/store/redis-comment-store.ts';
import { commentFromRecord, formerLayoutFields } from '../src/store/comment-record-codec.ts';
import { deleteKeys, flags, machine, newPrefix, nodeArgsFromEnv, printTable, redisClient, runBench, rssMb, startProcess, submissionBodies, writeJson } from './bench-support.ts';

/** The RSS each process should stay under, MB (docs/performance.md, targets). */
const TARGET_MB = 80;
/** Seconds of quiet after the worker drained the queue before the first RSS reading. */
const QUIET_S = 3;

runBench('bench:memory', async () => {
  const f = flags(process.argv.slice(2), { comments: '100000', connections: '32', sample: '500', settle: '60' });
  const n = Number(f.comments);
  const bodies = submissionBodies();
  const redis = redisClient();
  const prefix = newPrefix('memory');
  const keys = redisKeys(prefix);
  // BENCH_API_NODE_ARGS / BENCH_WORKER_NODE_ARGS pass node flags to the measured processes, as in bench:ingest and bench:worker.
  const api = await startProcess('api', prefix, {}, nodeArgsFromEnv('BENCH_API_NODE_ARGS'));
  const worker = await startProcess('worker', prefix, {}, nodeArgsFromEnv('BENCH_WORKER_NODE_ARGS'));
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
    await new Promise((res) => setTimeout(res, QUIET_S * 1000));
    const after = { api: rssMb(api.pid), worker: rssMb(worker.pid) };
    // V8's memory reducer gives free heap pages back only once a process has been quiet for a while: it checks the
    // allocation rate 8 s after the last full GC and then every 8 s; measured here, a process shrank 12-35 s after
    // its last full GC. A second reading, --settle seconds after the first (0 to
    // skip it), shows the RSS a service settles at between bursts; RSS is polled every second meanwhile to say when
    // each process shrank (its RSS first 5 MB or more below the first reading).
    // Also when each process's RSS first reached the target (80 MB), from the first reading on, and the RSS of both
    // every second after the drain (in the --json output).
    const settleMs = Number(f.settle) * 1000;
    const timeline: Array<{ s: number; api: number; worker: number }> = [{ s: QUIET_S, api: after.api.rss, worker: after.worker.rss }];
    for (let waited = 0; waited < settleMs; waited += 1000) {
      await new Promise((res) => setTimeout(res, 1000));
      timeline.push({ s: (waited + 1000) / 1000 + QUIET_S, api: rssMb(api.pid).rss, worker: rssMb(worker.pid).rss });
    }
    // Both read off the timeline: the first second at which the role's RSS met the condition, or null.
    const firstS = (ok: (rss: number, role: 'api' | 'worker') => boolean) => ({
      api: timeline.find((t) => ok(t.api, 'api'))?.s ?? null,
      worker: timeline.find((t) => ok(t.worker, 'worker'))?.s ?? null,
    });
    // The first reading itself is never 5 MB below itself, so only the polls can say a process shrank.
    const shrankAfterS = firstS((rss, role) => rss <= after[role].rss - 5);
    const underTargetAfterS = firstS((rss) => rss <= TARGET_MB);
    const settled = settleMs > 0 ? { api: rssMb(api.pid), worker: rssMb(worker.pid), shrankAfterS, underTargetAfterS, timeline } : null;
    // The wait above gives up after 10 minutes: say how many comments the worker had decided when RSS was read.
    const undecided = await redis.zcard(keys.status('pending'));
    // Redis: every key under the prefix, by kind.
    const bytes = { records: 0, indexes: 0, bullmq: 0 };
    const counts = { records: 0, indexes: 0, bullmq: 0 };
    const byKind = new Map<string, { keys: number; bytes: number }>();
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
        const detail = k.startsWith(keys.data) || kind !== 'indexes' ? kindOf(k.slice(keys.data.length), kind) : `other slots (${k.slice(0, k.indexOf('}') + 1)})`;
        const d = byKind.get(detail) ?? { keys: 0, bytes: 0 };
        d.keys++;
        d.bytes += usage[j]!;
        byKind.set(detail, d);
        if (kind === 'records' && recordKeys.length < Number(f.sample)) recordKeys.push(k);
      });
    } while (cursor !== '0');
    const records = await Promise.all(recordKeys.map((k) => readRecord(redis, k)));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const jsonBytes = mean(records.map((rec) => Buffer.byteLength(JSON.stringify(formerLayoutFields(rec!)))));
    const commentJsonBytes = mean(records.map((rec) => Buffer.byteLength(JSON.stringify(commentFromRecord(rec!)))));
    const stored = counts.records;
    result = {
      submitted: n,
      accepted: r['2xx'],
      errors: r.errors + r.timeouts + r.non2xx,
      stored,
      decided: stored - undecided,
      rssMb: { idle, after, settled },
      redis: {
        recordBytesPerComment: bytes.records / stored,
        indexBytesPerComment: bytes.indexes / stored,
        storeBytesPerComment: (bytes.records + bytes.indexes) / stored,
        auditBytesPerComment: [...byKind].filter(([kind]) => kind.startsWith('audit trail')).reduce((a, [, d]) => a + d.bytes, 0) / stored,
        bullmqBytesPerComment: bytes.bullmq / stored,
        recordJsonBytes: jsonBytes,
        commentJsonBytes,
        byKind: Object.fromEntries([...byKind].map(([kind, d]) => [kind, { keys: d.keys, bytesPerComment: d.bytes / stored }])),
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
      ['npm run api RSS, idle → after (peak) MB', `${Math.round(result.rssMb.idle.api.rss)} → ${Math.round(result.rssMb.after.api.rss)} (${Math.round(result.rssMb.after.api.peak)})`, `≤ ${TARGET_MB}`],
      ['comments decided by the worker when RSS was read', `${result.decided} of ${result.stored}`, ''],
      ['npm run worker RSS, idle → after (peak) MB', `${Math.round(result.rssMb.idle.worker.rss)} → ${Math.round(result.rssMb.after.worker.rss)} (${Math.round(result.rssMb.after.worker.peak)})`, `≤ ${TARGET_MB}`],
      ...(result.rssMb.settled
        ? [
            [`RSS ${f.settle} s later, idle: API / worker MB`, `${Math.round(result.rssMb.settled.api.rss)} / ${Math.round(result.rssMb.settled.worker.rss)}`, `≤ ${TARGET_MB}`],
            [
              'of which the node binary and other files (shared): API / worker MB',
              `${Math.round(result.rssMb.settled.api.file)} / ${Math.round(result.rssMb.settled.worker.file)}`,
              '',
            ],
            [
              'heap given back, s after the worker drained the queue: API / worker',
              `${result.rssMb.settled.shrankAfterS.api ?? 'not yet'} / ${result.rssMb.settled.shrankAfterS.worker ?? 'not yet'}`,
              '',
            ],
            [
              `RSS first at most ${TARGET_MB} MB, s after the worker drained the queue: API / worker`,
              `${result.rssMb.settled.underTargetAfterS.api ?? 'not yet'} / ${result.rssMb.settled.underTargetAfterS.worker ?? 'not yet'}`,
              '',
            ],
          ]
        : []),
      ['record as JSON (its fields as a JSON object), bytes', Math.round(m.recordJsonBytes), ''],
      ['the Comment as the API returns it, JSON bytes', Math.round(m.commentJsonBytes), ''],
      ['Redis: record, bytes per comment', Math.round(m.recordBytesPerComment), ''],
      [`Redis: index entries and audit trail (${m.indexKeys} keys), bytes per comment`, Math.round(m.indexBytesPerComment), ''],
      ['Redis: record + indexes + audit trail per comment / JSON', `${(m.storeBytesPerComment / m.recordJsonBytes).toFixed(2)}×`, '≤ 2×'],
      ['Redis: record + indexes, without the audit trail, / JSON', `${((m.storeBytesPerComment - m.auditBytesPerComment) / m.recordJsonBytes).toFixed(2)}×`, '≤ 2×'],
      [`Redis: BullMQ retained jobs (${m.bullmqKeys} keys), bytes per comment`, Math.round(m.bullmqBytesPerComment), ''],
    ],
  );
  printTable(
    'bench:memory: Redis bytes per comment by kind of key',
    ['kind of key', 'keys', 'bytes per comment', '/ record JSON'],
    Object.entries(m.byKind)
      .sort(([, a], [, b]) => b.bytesPerComment - a.bytesPerComment)
      .map(([kind, d]) => [kind, d.keys, Math.round(d.bytesPerComment), `${(d.bytesPerComment / m.recordJsonBytes).toFixed(2)}×`]),
  );
  writeJson(f.json, { bench: 'memory', machine: env, ...result });
});

/** A key (after its `{P}:` tag) -> the kind of key it is, for the breakdown. */
function kindOf(rest: string, kind: 'records' | 'indexes' | 'bullmq'): string {
  if (kind === 'records') return 'comment record';
  if (kind === 'bullmq') return 'BullMQ (not counted in the ratio)';
  const rules: Array<[RegExp, string]> = [
    [/^audit:e:/, 'audit trail: entries'],
    [/^audit:c:/, 'audit trail: per-comment index'],
    [/^audit:/, 'audit trail: all / actor / site indexes'],
    [/^(status:|site:[^:]*:status:)/, 'status indexes (all sites, per site)'],
    [/^thread:/, 'thread indexes'],
    [/^pii/, 'retention index'],
    [/^author:/, 'author index (erasure)'],
    [/^site:[^:]*:text-seen$/, 'repeated-text counts'],
    [/^site:[^:]*:published-authors$/, 'known authors'],
    [/^site:[^:]*:spam-authors$/, 'authors marked spam'],
    [/^idem:/, 'Idempotency-Key records'],
    [/^wh:/, 'webhook outbox'],
  ];
  return rules.find(([re]) => re.test(rest))?.[1] ?? 'other';
}
