/**
 * Composition root for `npm start`: the API and one moderation worker in one process. Without
 * REDIS_URL it runs a private redis-server; without MODERATOR_TOKEN it generates one, keeps it in the data
 * directory so the dashboard sign-in survives restarts, and prints it with where it is kept.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { isMain } from './runtime/is-main.ts';
import { runMain } from './runtime/run-main.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from './runtime/embedded-redis.ts';
import { createServices } from './runtime/services.ts';
import { startApi } from './server.ts';
import { createMetrics } from './observability/metrics.ts';
import { startWorker } from '../workers/moderation-worker.ts';
import { ensureBrowserBundles, PUBLIC_DIR } from './runtime/browser-bundles.ts';

if (isMain(import.meta.url)) {
  runMain('start', async () => {
    const config = loadConfig();
    const logger = createLogger(config.logLevel, { pretty: config.logPretty });
    // Before the private Redis starts, so a failing build leaves nothing running.
    const bundles = await ensureBrowserBundles({
      onStaleBuildError: (err) => logger.warn({ err, dir: PUBLIC_DIR }, 'browser bundles are older than their sources and could not be rebuilt; serving them anyway'),
    });
    if (bundles === 'built') logger.info({ dir: PUBLIC_DIR }, 'built the browser bundles (they were missing or older than their sources)');
    let embedded: EmbeddedRedis | undefined;
    let redisUrl = config.redisUrl;
    if (!redisUrl) {
      const redisDir = join(config.dataDir, 'redis');
      inDataDir(redisDir, () => mkdirSync(redisDir, { recursive: true }));
      embedded = await startEmbeddedRedis(resolve(redisDir));
      redisUrl = embedded.url;
      logger.info({ redisUrl, dataDir: redisDir }, 'started a private redis-server (set REDIS_URL to use your own)');
    }
    let moderatorToken = config.moderatorToken;
    if (!moderatorToken) {
      const { token, file, created } = keptModeratorToken(config.dataDir);
      moderatorToken = token;
      process.stdout.write(
        `Moderator token (${created ? 'generated' : 'reused'}, kept in ${file}; set MODERATOR_TOKEN to choose your own): ${moderatorToken}\n`,
      );
    }
    // The demo article is part of trying the service out; DEMO_PAGE=0 switches it off.
    const full = { ...config, redisUrl, moderatorToken, demoPage: config.demoPage ?? true };
    // One model load and one Redis client for both halves of the process.
    const services = await createServices(full, logger);
    // One registry too: the API's /metrics then shows the worker's series as well.
    const metrics = createMetrics({ labels: { role: 'all' } });
    const worker = await startWorker(full, logger, { services, metrics });
    const api = await startApi(full, logger, { services, metrics });
    logger.info({ url: api.url }, `comment service listening on ${api.url} (dashboard: ${api.url}moderation)`);
    exitWithParent(logger);
    return {
      logger,
      async close() {
        await api.close();
        await worker.close();
        await services.close();
        await embedded?.stop();
      },
    };
  });
}

/** The generated moderator token, kept (mode 0600) beside the private Redis data so it survives restarts. */
function keptModeratorToken(dataDir: string): { token: string; file: string; created: boolean } {
  const file = join(dataDir, 'moderator-token');
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 16) return { token, file, created: false };
  }
  const token = randomBytes(24).toString('base64url');
  inDataDir(file, () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, token + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  });
  return { token, file, created: true };
}

/** Runs a write under DATA_DIR; a failure is the one start-up line naming DATA_DIR, not a bare ENOTDIR or EACCES. */
function inDataDir(path: string, write: () => void): void {
  try {
    write();
  } catch (err) {
    throw new Error(`DATA_DIR: cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); set DATA_DIR to a writable directory`);
  }
}

/**
 * Stops this process when the one that started it goes away. A supervisor's SIGTERM reaches `npm`, and npm's
 * shell may exit without passing it on; orphaned, we would keep serving and keep the private redis-server alive.
 */
function exitWithParent(logger: { warn(obj: object, msg: string): void }): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      logger.warn({ parent }, 'parent process exited; shutting down');
      process.kill(process.pid, 'SIGTERM');
    }
  }, 500);
  timer.unref();
}
