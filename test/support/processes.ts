/**
 * Real service processes for tests that kill and restart them: `npm run api`, `npm run worker`,
 * `npm start`, or a fixture, spawned with node directly (no npm wrapper between the test and the
 * process, so SIGKILL hits the service itself), their output captured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServiceProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first `"url":"…"` the process logs (API processes), or rejects after `timeoutMs`. */
  url(timeoutMs?: number): Promise<string>;
  /** Resolves once the output matches `pattern`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function spawnService(entry: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waitForOutput = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const check = () => {
        if (pattern.test(out)) return resolve();
        if (child.exitCode !== null) return reject(new Error(`${entry} exited (${child.exitCode}):\n${out.slice(-2000)}`));
        if (Date.now() > deadline) return reject(new Error(`${entry}: no ${pattern} within ${timeoutMs} ms:\n${out.slice(-2000)}`));
        setTimeout(check, 25);
      };
      check();
    });
  return {
    child,
    output: () => out,
    waitForOutput,
    async url(timeoutMs) {
      await waitForOutput(/"url":"[^"]+"/, timeoutMs);
      return /"url":"([^"]+)"/.exec(out)![1]!.replace(/\/$/, '');
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
