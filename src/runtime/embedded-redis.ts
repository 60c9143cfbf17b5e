/**
 * For `npm start` without REDIS_URL: a private redis-server child on a free port, with appendonly
 * on and its data under ./data/redis, stopped when the process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';

export interface EmbeddedRedis {
  url: string;
  /** Process id of the redis-server child. */
  pid: number;
  stop(): Promise<void>;
}

export function findOnPath(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, cmd);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A port nothing listens on right now, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

export async function startEmbeddedRedis(dataDir = resolve('data/redis'), fixedPort?: number): Promise<EmbeddedRedis> {
  const bin = findOnPath('redis-server');
  if (!bin) {
    throw new Error(
      'redis-server not found on PATH: install it (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis) or set REDIS_URL=redis://HOST:6379',
    );
  }
  mkdirSync(dataDir, { recursive: true });
  const pidFile = join(dataDir, 'redis.pid');
  const ownerFile = join(dataDir, 'owner.pid');
  await stopStaleServer(dataDir, pidFile, ownerFile);
  const port = fixedPort ?? (await freePort());
  const child: ChildProcess = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--pidfile', pidFile, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--protected-mode', 'yes'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
  });
  child.stderr?.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
  });
  const killOnExit = () => child.kill('SIGTERM');
  process.on('exit', killOnExit);
  // Who runs this directory's server: a second start finds it here and leaves it alone (stopStaleServer).
  writeFileSync(ownerFile, `${process.pid}\n`);

  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`redis-server did not start within 10 s: ${output.trim().split('\n').pop() ?? ''}`)), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`redis-server exited with code ${code}: ${output.trim().split('\n').pop() ?? ''}`));
    });
    const check = () => {
      if (/Ready to accept connections/i.test(output)) {
        clearTimeout(timer);
        res();
      } else setTimeout(check, 50);
    };
    check();
  });

  // Lets `npm run sites` find this private server while `npm start` runs, without REDIS_URL.
  const url = `redis://127.0.0.1:${port}`;
  const urlFile = join(dataDir, 'url');
  writeFileSync(urlFile, url + '\n');
  const forgetUrl = () => {
    rmSync(urlFile, { force: true });
    rmSync(ownerFile, { force: true });
  };
  process.on('exit', forgetUrl);

  return {
    url,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((res) => {
        process.off('exit', killOnExit);
        process.off('exit', forgetUrl);
        forgetUrl();
        if (child.exitCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A previous run that was killed outright (SIGKILL, power loss of the terminal) cannot stop its redis-server; that
 * server still holds the AOF files in this directory. Stop it before starting a new one. A server whose run is still
 * going (a second `npm start` in the same directory) is not stale: stopping it would leave that run without Redis, and
 * two servers must not share the files, so this start is refused instead.
 */
async function stopStaleServer(dataDir: string, pidFile: string, ownerFile: string): Promise<void> {
  const pid = readPid(pidFile);
  if (pid === undefined || !isRedisServer(pid)) {
    rmSync(pidFile, { force: true });
    return;
  }
  const owner = runningOwner(ownerFile, pid);
  if (owner !== undefined) {
    const url = readFileSafe(join(dataDir, 'url'))?.trim();
    throw new Error(
      `npm start is already running with its Redis in ${dataDir} (pid ${owner}${url ? `, Redis at ${url}` : ''}): use that one, stop it first, or give this one its own DATA_DIR (or REDIS_URL)`,
    );
  }
  rmSync(pidFile, { force: true });
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

/**
 * The process that started the server `redisPid` and still runs it: the pid in owner.pid, alive, and still the
 * server's parent. When that run was killed outright its server was handed to another parent (init), so a pid
 * reused since by an unrelated process does not count. Where the parent cannot be read (no /proc), alive suffices.
 */
function runningOwner(ownerFile: string, redisPid: number): number | undefined {
  const owner = readPid(ownerFile);
  if (owner === undefined || owner === process.pid || !isAlive(owner)) return undefined;
  const parent = parentPid(redisPid);
  return parent === undefined || parent === owner ? owner : undefined;
}

/** The parent of `pid` from /proc/<pid>/stat (after the command name, which may hold spaces and parentheses). */
function parentPid(pid: number): number | undefined {
  const stat = readFileSafe(`/proc/${pid}/stat`);
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields?.[1]);
  return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
}

function readPid(file: string): number | undefined {
  const pid = Number(readFileSafe(file)?.trim());
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}

function readFileSafe(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Only a process that is still a redis-server is ours to stop: a pid may have been reused since. */
function isRedisServer(pid: number): boolean {
  return readFileSafe(`/proc/${pid}/cmdline`)?.includes('redis-server') ?? false;
}
