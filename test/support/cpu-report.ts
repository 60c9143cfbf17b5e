/**
 * CPU time of a test process, printed for test/support/run-suite.mjs to report: `cpu-report <seconds>` as the
 * process's last line, and `cpu-file <name> <seconds>` after each file of a group. Both count the processes the
 * test process started (services, redis-server, Chromium and its renderers) as well as its own: on a machine
 * shared with other work, CPU time says what a change saved where wall time cannot.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { after } from 'node:test';

/** Registers the report as a hook after all of this process's tests; call it at the top level of an entry file. */
export function reportCpuAtEnd(): void {
  after(() => console.log(`cpu-report ${treeCpuSeconds().toFixed(2)}`));
}

/** Prints the CPU time spent since `since` (a value of treeCpuSeconds) as the cost of one file. */
export function reportFileCpu(name: string, since: number): void {
  console.log(`cpu-file ${name} ${(treeCpuSeconds() - since).toFixed(2)}`);
}

/** CPU ticks of descendants that ended without their parent waiting for them (see keepingCpuTime). */
let lostTicks = 0;

/**
 * Runs `close`, which ends child processes, keeping their CPU time in treeCpuSeconds. The kernel adds a process's
 * time to its parent's only when the parent waits for it: when Chromium closes, its zygote and utility processes
 * are left to init, and a second or more of CPU per launch would vanish from the count.
 */
export async function keepingCpuTime(close: () => Promise<void>): Promise<void> {
  const before = treeTicks();
  try {
    await close();
  } finally {
    lostTicks += Math.max(0, before - treeTicks());
  }
}

/**
 * CPU seconds (user + system) of this process and its descendants: the ones still running and, through the
 * kernel's per-parent totals, the ones that ended and were waited for. Without /proc, this process's own.
 */
export function treeCpuSeconds(): number {
  const ticks = treeTicks();
  if (ticks >= 0) return (ticks + lostTicks) / 100;
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** The ticks of this process's tree, or -1 without /proc. */
function treeTicks(): number {
  try {
    const stats = new Map<number, { ppid: number; ticks: number }>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const parsed = parseStat(`/proc/${entry}/stat`);
      if (parsed) stats.set(Number(entry), parsed);
    }
    let ticks = 0;
    const pending = [process.pid];
    while (pending.length) {
      const pid = pending.pop()!;
      ticks += stats.get(pid)?.ticks ?? 0;
      for (const [child, s] of stats) if (s.ppid === pid) pending.push(child);
    }
    return ticks;
  } catch {
    return -1;
  }
}

/** utime + stime + cutime + cstime (clock ticks of 1/100 s) and the parent of one /proc/<pid>/stat. */
function parseStat(path: string): { ppid: number; ticks: number } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended meanwhile
  }
  // After the command name (which may hold spaces): state, ppid, …; utime is the 12th field from there.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(fields[1]), ticks: [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) };
}
