/**
 * Composition root for `npm start`: the API and one moderation worker in one process. Without
 * REDIS_URL it runs a private redis-server; without MODERATOR_TOKEN it generates one and prints it once.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { isMain } from './runtime/is-main.ts';
import { runMain } from './runtime/run-main.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from './runtime/embedded-redis.ts';
import { createServices } from './runtime/services.ts';
import { startApi } from './server.ts';
import { startWorker } from '../workers/moderation-worker.ts';
import { ensureBrowserBundles, PUBLIC_DIR } from './runtime/browser-bundles.ts';

if (isMain(import.meta.url)) {
  runMain('start', async () => {
    const config = loadConfig();
    const logger = createLogger(config.logLevel);
    // Before the private Redis starts, so a failing build leaves nothing running.
    const bundles = await ensureBrowserBundles({
      onStaleBuildError: (err) => logger.warn({ err, dir: PUBLIC_DIR }, 'browser bundles are older than their sources and could not be rebuilt; serving them anyway'),
    });
    if (bundles === 'built') logger.info({ dir: PUBLIC_DIR }, 'built the browser bundles (they were missing or older than their sources)');
    let embedded: EmbeddedRedis | undefined;
    let redisUrl = config.redisUrl;
    if (!redisUrl) {
      embedded = await startEmbeddedRedis();
      redisUrl = embedded.url;
      logger.info({ redisUrl, dataDir: 'data/redis' }, 'started a private redis-server (set REDIS_URL to use your own)');
    }
    let moderatorToken = config.moderatorToken;
    if (!moderatorToken) {
      moderatorToken = randomBytes(24).toString('base64url');
      process.stdout.write(`Moderator token (generated for this run; set MODERATOR_TOKEN to choose your own): ${moderatorToken}\n`);
    }
    // The demo article is part of trying the service out; DEMO_PAGE=0 switches it off.
    const full = { ...config, redisUrl, moderatorToken, demoPage: config.demoPage ?? true };
    // One model load and one Redis client for both halves of the process.
    const services = await createServices(full, logger);
    const worker = await startWorker(full, logger, { services });
    const api = await startApi(full, logger, { services });
    logger.info({ url: api.url }, `comment service listening on ${api.url} (dashboard: ${api.url}moderation)`);
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
