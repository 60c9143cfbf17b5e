/**
 * The last line a test process prints, `cpu-report <seconds>`: its CPU time (user + system) with that of the
 * processes it started and waited for (services, redis-server, Chromium). test/support/run-suite.mjs reports it
 * per process: on a machine shared with other work, CPU time says what a change saved where wall time cannot.
 */
import { readFileSync } from 'node:fs';
import { after } from 'node:test';

/** Registers the report as a hook after all of this process's tests; call it at the top level of an entry file. */
export function reportCpuAtEnd(): void {
  after(() => console.log(`cpu-report ${cpuSeconds().toFixed(2)}`));
}

/** This process's CPU seconds and those of its waited-for children: /proc where there is one, else its own. */
function cpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // After the command name: utime, stime, cutime, cstime are the 12th–15th fields, in clock ticks of 1/100 s.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / 100;
  } catch {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  }
}
