/**
 * BullMQ's classes, each loaded from its own module rather than through the package's index: the index also loads
 * the PostgreSQL, Bun, Valkey GLIDE, node-redis and relay backends (about 80 modules, 2–3 MB of RSS in every
 * process) that this service never uses. The types still come from the package itself.
 */
import { createRequire } from 'node:module';
import type * as BullMQ from 'bullmq';

const load = createRequire(import.meta.url);
const classes = 'bullmq/dist/cjs/classes';

export const { Queue } = load(`${classes}/queue.js`) as { Queue: typeof BullMQ.Queue };
export const { Worker } = load(`${classes}/worker.js`) as { Worker: typeof BullMQ.Worker };
export const { DelayedError, UnrecoverableError } = load(`${classes}/errors/index.js`) as {
  DelayedError: typeof BullMQ.DelayedError;
  UnrecoverableError: typeof BullMQ.UnrecoverableError;
};
