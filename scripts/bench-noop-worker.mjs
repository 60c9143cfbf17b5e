// @ts-check
/**
 * The worker baseline for `npm run bench:worker`: a BullMQ worker on the service's "moderate" queue (same prefix,
 * concurrency, lock, stalled-check and finished-job settings as the compiled worker) whose processor does nothing.
 */
import { Worker } from 'bullmq';
import { MODERATE_KEEP_JOBS, MODERATE_QUEUE, bullPrefix } from '../dist/src/queue/moderation-queue.js';
import { patientOptions, redisOptionsFromUrl } from '../dist/src/store/redis-client.js';
import { loadConfig } from '../dist/src/config.js';

const config = loadConfig();
if (!config.redisUrl) throw new Error('REDIS_URL is required');
const worker = new Worker(MODERATE_QUEUE, async () => ({ outcome: 'noop' }), {
  connection: { ...redisOptionsFromUrl(config.redisUrl), ...patientOptions },
  prefix: bullPrefix(config.redisPrefix),
  concurrency: config.workerConcurrency,
  lockDuration: config.workerLockMs,
  stalledInterval: config.workerStalledCheckMs,
  maxStalledCount: 2,
  ...MODERATE_KEEP_JOBS,
});
worker.on('error', () => {});
await worker.waitUntilReady();
process.stdout.write('no-op worker started\n');
process.on('SIGTERM', () => worker.close().then(() => process.exit(0)));
