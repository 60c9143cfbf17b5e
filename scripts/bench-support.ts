/**
 * What the service benchmarks share: starting the compiled service (and the baselines) as separate processes on
 * their own Redis key prefix, realistic varied submissions and site rules, flags, RSS, percentiles, the table and the JSON file.
 * The benchmarks run the production build (dist/), compiled first when it is missing or stale.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { createRedisClient, patientOptions, type RedisClient as Redis } from '../src/store/redis-client.ts';
import { emptySiteRules, type SiteRules } from '../models/site-rules.ts';
// Plain JavaScript, shared with `npm start`: compiles dist/ when it is missing or older than the sources.
import { ensureServerBuild, ROOT } from './build.mjs';
import { UsageError } from '../src/cli/common.ts';
import { exitWithUsageOnHelp } from './bench-args.ts';

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const MODERATOR_TOKEN = 'bench-moderator-token-0123456789';

/** A wrong command line: printed as one line, exit 2, as the CLIs do with the same error class. */
export { UsageError };

/** `--name value` and `--flag` from argv, with defaults. */
export function flags<K extends string>(argv: string[], defaults: Record<K, string>): Record<K, string> & { json?: string } {
  const out: Record<string, string> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument ${a}`);
    const name = a.slice(2);
    if (!(name in defaults) && name !== 'json') throw new UsageError(`unknown flag ${a} (known: ${Object.keys(defaults).map((k) => `--${k}`).join(' ')} --json FILE)`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${a} needs a value`);
    out[name] = value;
    i++;
  }
  return out;
}

export function newPrefix(name: string): string {
  return `bench-${name}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let n = 0;
  do {
    // Every key holds the prefix inside its hash tag: {P}:…, {P.bull}:…, {P.learn}:… (src/store/redis-keys.ts).
    const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 2000);
    cursor = next;
    if (keys.length) n += await redis.unlink(...keys);
  } while (cursor !== '0');
  return n;
}

export interface Proc {
  child: ChildProcess;
  pid: number;
  /** The API's base URL (http://127.0.0.1:PORT), for roles that listen. */
  url: string;
  stop(): Promise<void>;
}

export type Role = 'api' | 'worker' | 'bare-express' | 'noop-worker';

const ENTRY: Record<Role, string> = {
  api: 'dist/src/server.js',
  worker: 'dist/workers/moderation-worker.js',
  'bare-express': 'scripts/bench-bare-express.mjs',
  'noop-worker': 'scripts/bench-noop-worker.mjs',
};
/** The line each role prints when it is ready to work. */
const READY: Record<Role, RegExp> = {
  api: /listening on (http:\/\/\S+?)\/?"/,
  worker: /moderation worker started/,
  'bare-express': /listening on (http:\/\/\S+)/,
  'noop-worker': /no-op worker started/,
};

let built = false;

/** Node flags for a measured process from an environment variable (BENCH_API_NODE_ARGS, BENCH_WORKER_NODE_ARGS). */
export function nodeArgsFromEnv(name: string): string[] {
  return (process.env[name] ?? '').split(' ').filter(Boolean);
}

/** The V8 flags `npm run api` / `npm run worker` run with (from package.json, so the benchmarks cannot drift from them). */
export function serviceNodeFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  return /^exec node (.*?) ?scripts\/run-built\.mjs/.exec(scripts.api ?? '')?.[1]?.split(' ').filter(Boolean) ?? [];
}

/**
 * Starts one role as its own process (the way `npm run api` / `npm run worker` do) and waits until it is ready.
 * `root` runs another checkout's build instead (an A/B comparison of two builds; that checkout must be built).
 */
export async function startProcess(role: Role, prefix: string, env: Record<string, string> = {}, nodeArgs: string[] = [], root = ROOT): Promise<Proc> {
  if (!built) {
    await ensureServerBuild();
    built = true;
  }
  const v8Flags = role === 'api' || role === 'worker' ? serviceNodeFlags() : [];
  const child = spawn(process.execPath, [...v8Flags, ...nodeArgs, join(root, ENTRY[role])], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      REDIS_URL,
      REDIS_PREFIX: prefix,
      MODERATOR_TOKEN,
      HOST: '127.0.0.1',
      PORT: '0',
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'info',
      LOG_PRETTY: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} did not start within 60 s:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      if (out.length < 20_000) out += d.toString();
      const m = READY[role].exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] ?? '');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${role} exited with ${code}:\n${out}`));
    });
  });
  // Keep draining the logs (a full pipe would stall the process), like a log shipper would.
  child.stdout.removeAllListeners('data').resume();
  child.stderr.removeAllListeners('data').resume();
  child.removeAllListeners('exit');
  return {
    child,
    pid: child.pid!,
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Resident set size of a process, in MB (VmRSS), and its peak (VmHWM). */
export function rssMb(pid: number): { rss: number; peak: number; anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  // RssFile is mostly the node binary's pages, shared by every node process on the machine; RssAnon is the process's own.
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024, anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024 };
}

/**
 * CPU time a process has used so far (user + system), in ms. On a shared machine the CPU time per request or job
 * is steadier than the throughput, which depends on how much of a core the process was given.
 */
export function cpuMs(pid: number): number {
  const [utime, stime] = cpuTicks(pid);
  return ((utime + stime) * 1000) / CLOCK_TICKS;
}

/** Of cpuMs, the part spent in the kernel (system calls: socket writes and reads, mostly), ms. */
export function systemCpuMs(pid: number): number {
  return (cpuTicks(pid)[1] * 1000) / CLOCK_TICKS;
}

/** A process's user and system CPU time so far, in clock ticks, from /proc/<pid>/stat. */
function cpuTicks(pid: number): [number, number] {
  // Fields after the command name (which may contain spaces): state is field 3, utime 14 and stime 15.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(fields[11]), Number(fields[12])];
}

/** One counter of /proc/<pid>/io, NaN when it is not there. */
function ioCounter(pid: number, field: 'syscw' | 'wchar'): number {
  const m = new RegExp(`^${field}: (\\d+)$`, 'm').exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** Write system calls the process has made so far (`syscw` in /proc/<pid>/io): sockets, pipes and files alike. */
export function writeCalls(pid: number): number {
  return ioCounter(pid, 'syscw');
}

/** Bytes the process has passed to write system calls so far (`wchar` in /proc/<pid>/io): sockets, pipes and files alike. */
export function writtenBytes(pid: number): number {
  return ioCounter(pid, 'wchar');
}

/**
 * The Redis server's process id, when it runs on this machine and its /proc entry can be read (its CPU time then
 * counts in the benchmarks' figures); undefined otherwise (a remote Redis, a container).
 */
export async function localRedisPid(redis: Redis): Promise<number | undefined> {
  try {
    const info = await redis.info('server');
    const pid = Number(/^process_id:(\d+)/m.exec(info)?.[1]);
    if (!pid) return undefined;
    cpuMs(pid);
    return pid;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on Linux on every common architecture. */
const CLOCK_TICKS = 100;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const FIRST = ['Ann', 'Marco', 'Priya', 'Jörg', 'Li', 'Sam', 'Fatima', 'Olu', 'Mei', 'Carlos', 'Inès', 'Tom', 'Zoë', 'Hiro', 'Nadia'];
const LAST = ['Lee', 'Rossi', 'Natarajan', 'Müller', 'Hua', "O'Neil", 'Haddad', 'Adeyemi', 'Chen', 'Silva', 'Dubois', 'Baker'];
const HAM = [
  'Thanks for the clear summary of the summit and what it means for trade.',
  'I disagree with the second paragraph; the defence pact matters more than tariffs.',
  'Good article. The map of the shipping lanes was especially useful.',
  'Does anyone know whether the council published the full minutes?',
  'My grandfather worked on that line in the sixties, and he told the same story about the strike.',
  'The chart in the middle is mislabelled: the y axis should be in thousands, not millions.',
  'Great write-up — I tried the recipe with brown butter and it was even better.',
  'Could you link the study you mention? I would like to read the methods section.',
  'We had the same problem with our heat pump last winter; the fix was a firmware update.',
  'Honestly the ending of the season felt rushed, but the first six episodes were superb.',
  "I'm not convinced. The numbers from 2019 don't support that conclusion at all.",
  'This is the best explanation of the Monty Hall problem I have read.',
];
const SPAM = [
  'Check out my channel for free crypto signals!!! http://bit.ly/xyz subscribe now',
  'Earn $5000 a week working from home, click here https://cash-fast.biz/join',
  'cheap v1agra and c1alis no prescription needed www.pills-discount.top',
  'Nice post! Visit my website for the best SEO services https://seo-rank-pro.xyz',
];

/** A deterministic mix of realistic submissions (about one in six spam, some with a website, varied lengths). */
export function submissionBodies(count = 512): string[] {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const first = pick(FIRST);
    const last = pick(LAST);
    const spam = rnd() < 0.16;
    const sentences = spam ? [pick(SPAM)] : Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => pick(HAM));
    const body: Record<string, string> = {
      threadId: `article-${1 + Math.floor(rnd() * 40)}`,
      name: `${first} ${last}`,
      email: `${first}.${last}${i}@example.org`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
      comment: sentences.join(' '),
    };
    if (rnd() < 0.25) body.website = `https://${last.toLowerCase().replace(/[^a-z]/g, '')}.example.net/`;
    return JSON.stringify(body);
  });
}

/**
 * A rule set of about `n` entries, spread over every list the way a busy site's might be. None of them matches
 * submissionBodies() from 203.0.113.0/24 (the link limit may hold a spam comment with many links), so every comment
 * is checked against all of them and then scored: the costly path.
 */
export function benchSiteRules(n: number): SiteRules {
  const k = (share: number) => Array.from({ length: Math.round(n * share) }, (_, i) => i);
  return {
    ...emptySiteRules(),
    holdWords: k(0.3).map((i) => (i % 3 === 0 ? `hold phrase ${i.toString(36)}` : `holdword${i.toString(36)}`)),
    spamWords: k(0.2).map((i) => `spamword${i.toString(36)}`),
    blockIps: k(0.15).map((i) => (i % 2 ? `10.${(i >> 8) & 255}.${i & 255}.0/24` : `2001:db8:${i.toString(16)}::/48`)),
    allowIps: k(0.05).map((i) => `192.0.${i & 255}.${(i >> 8) & 255}`),
    blockEmails: k(0.1).map((i) => `troll${i}@example.com`),
    blockEmailDomains: k(0.1).map((i) => `spam${i}.example`),
    blockLinkDomains: k(0.1).map((i) => `shop${i}.example`),
    maxLinks: n > 0 ? 3 : null,
  };
}

/** Machine, load and time, printed above every table and stored in the JSON. */
export function machine(): { cpu: string; cores: number; node: string; loadavg: number[]; at: string } {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
    at: new Date().toISOString(),
  };
}

export function printTable(title: string, header: string[], rows: Array<Array<string | number>>): void {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? (Number.isInteger(c) ? String(c) : c.toFixed(2)) : c)));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(
    `\n${title}\n\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${cells.map(line).join('\n')}\n`,
  );
}

export function writeJson(path: string | undefined, data: unknown): void {
  if (!path) return;
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
  process.stdout.write(`\nwrote ${path}\n`);
}

export function redisClient(): Redis {
  return createRedisClient(REDIS_URL, patientOptions);
}

/**
 * Runs a benchmark's main. `--help` prints the script's header comment (its usage). A wrong command line (UsageError,
 * or node's parseArgs refusing an option) prints one line and exits 2; any other failure exits 1 with its stack, which
 * is what a developer running a benchmark needs to find it.
 */
export function runBench(name: string, main: () => Promise<void>): void {
  exitWithUsageOnHelp();
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      const usage = err instanceof UsageError || (typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('ERR_PARSE_ARGS_'));
      process.stderr.write(`${name}: ${usage || !(err instanceof Error) ? String((err as Error)?.message ?? err) : (err.stack ?? err.message)}\n`);
      process.exit(usage ? 2 : 1);
    },
  );
}
