/**
 * Real processes for tests that kill and restart services or need an entry point's exit status: the compiled
 * entry points (`npm run api`, `npm run worker`, `npm start`, the CLIs run dist/…js, see scripts/run-built.mjs)
 * and test fixtures, spawned with node directly (no npm wrapper between the test and the process, so SIGKILL
 * hits the service itself), their output captured.
 *
 * Why compiled JavaScript and not `node --import tsx src/…ts`: the tsx loader costs about a second of CPU per
 * process start, and a crash test restarts its services dozens of times. dist/ is compiled here first when it
 * is missing or older than the sources (`npm test` has already done so), and a fixture under test/fixtures is
 * compiled next to it (dist/test/fixtures/…js), importing the compiled modules.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { ensureServerBuild, outputOf } from '../../scripts/build.mjs';
import { PACKAGE_ROOT } from '../../src/runtime/package-root.ts';

/** The package root (also when this module runs compiled from dist/test/, see test/support/build-tests.mjs). */
export const ROOT = PACKAGE_ROOT;

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

let serverBuild: Promise<unknown> | undefined;
const fixtureBuilds = new Map<string, Promise<string>>();

function mtime(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Compiles one test fixture to dist/test/…js with its relative imports pointing at the compiled modules. */
async function compileFixture(source: string): Promise<string> {
  const out = outputOf(source);
  const src = join(ROOT, source);
  if ((mtime(out) ?? -1) >= (mtime(src) ?? Infinity)) return out;
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [source],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'relative-imports-stay-modules',
        setup(build) {
          build.onResolve({ filter: /^\.{1,2}\// }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path.replace(/\.ts$/, '.js'), external: true }));
        },
      },
    ],
  });
  mkdirSync(dirname(out), { recursive: true });
  // Written whole and renamed: test files running in parallel may compile the same fixture.
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0]!.contents);
  renameSync(tmp, out);
  return out;
}

/**
 * The JavaScript to run for a source entry point, relative to the package root or absolute: `src/server.ts` →
 * dist/src/server.js (the same file `npm run api` runs), `test/fixtures/x.ts` → dist/test/fixtures/x.js.
 * Compiles what is missing or stale first.
 */
export async function builtEntry(source: string): Promise<string> {
  const rel = isAbsolute(source) ? relative(ROOT, source) : source;
  if (!rel.endsWith('.ts')) return join(ROOT, rel);
  serverBuild ??= ensureServerBuild();
  await serverBuild;
  if (!rel.startsWith('test/')) return outputOf(rel);
  let fixture = fixtureBuilds.get(rel);
  if (!fixture) fixtureBuilds.set(rel, (fixture = compileFixture(rel)));
  return fixture;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a compiled entry point to completion, e.g. `runBuilt('src/cli/train.ts', ['--bogus'])`. `env` replaces the
 * environment when `inheritEnv` is false (default: added to process.env).
 */
export async function runBuilt(
  source: string,
  args: string[] = [],
  opts: { env?: Record<string, string | undefined>; inheritEnv?: boolean; timeoutMs?: number } = {},
): Promise<RunResult> {
  const entry = await builtEntry(source);
  const env = opts.inheritEnv === false ? opts.env : { ...process.env, ...opts.env };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Starts a compiled entry point (see builtEntry) with `env` added to process.env. Await it: compiling a stale
 * build or fixture comes first.
 */
export async function spawnService(source: string, env: Record<string, string>, args: string[] = []): Promise<ServiceProcess> {
  const entry = await builtEntry(source);
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Checked on every chunk of output and on exit, not on a timer: a crash test waits for many restarts.
  const waitForOutput = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        clearTimeout(timer);
        child.stdout.off('data', check);
        child.stderr.off('data', check);
        child.off('exit', check);
        if (err) reject(err);
        else resolve();
      };
      const check = () => {
        if (pattern.test(out)) return done();
        if (child.exitCode !== null || child.signalCode !== null) done(new Error(`${source} exited (${child.exitCode ?? child.signalCode}):\n${out.slice(-2000)}`));
      };
      const timer = setTimeout(() => done(new Error(`${source}: no ${pattern} within ${timeoutMs} ms:\n${out.slice(-2000)}`)), timeoutMs);
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      child.on('exit', check);
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
