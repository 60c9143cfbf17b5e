/**
 * The BullMQ queue dashboard (bull-board) at /admin/queues, for operators: job counts, failed jobs and their
 * errors, retries. It lives with the queue modules because it needs BullMQ's own Queue objects; who may see
 * it is the caller's `guard` (src/http/admin-auth.ts).
 */
import type { ConnectionOptions } from 'bullmq';
import { Queue } from './bullmq-classes.ts';
import { Router, type RequestHandler } from 'express';
import { DependencyUnavailableError } from '../errors.ts';
import { bullmqConnection, failFastOptions, type RedisTarget } from '../store/redis-client.ts';
import { bullPrefix, MODERATE_QUEUE } from './moderation-queue.ts';
import { WEBHOOK_QUEUE } from './webhook-queue.ts';
import { REDIS_ANSWER_MS, settlesWithin } from '../runtime/within-ms.ts';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

export interface QueueDashboard {
  router: Router;
  close(): Promise<void>;
}

/**
 * bull-board, its queues and their connections are set up on the first request that passes the guard, not at
 * start-up: they cost memory in every API process and most never serve the dashboard.
 */
export function createQueueDashboard(redis: RedisTarget, redisPrefix: string, guard: RequestHandler): QueueDashboard {
  let opened: Promise<{ handler: Router; redisAnswers(): Promise<boolean>; close(): Promise<void> }> | undefined;
  const open = async () => {
    const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] = await Promise.all([
      import('@bull-board/api'),
      import('@bull-board/api/bullMQAdapter'),
      import('@bull-board/express'),
    ]);
    const conn = bullmqConnection(redis, failFastOptions);
    const connection = conn.connection as ConnectionOptions;
    const queues = [MODERATE_QUEUE, WEBHOOK_QUEUE].map((name) => {
      const q = new Queue(name, { connection, prefix: bullPrefix(redisPrefix) });
      q.on('error', () => {});
      return q;
    });
    const adapter = new ExpressAdapter();
    adapter.setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter });
    const firstQueue = queues[0]!;
    return {
      handler: adapter.getRouter() as Router,
      // BullMQ waits for Redis to come back rather than fail, so its pages would hang while it is down.
      redisAnswers: () => settlesWithin(firstQueue.getJobCountByTypes('wait'), REDIS_ANSWER_MS),
      close: async () => {
        await Promise.all(queues.map((q) => q.close()));
        await conn.close();
      },
    };
  };
  const router = Router();
  router.use(QUEUE_DASHBOARD_PATH, guard, async (req, res, next) => {
    // A failed start (Redis down) is tried again by the next request.
    opened ??= open().catch((err: unknown) => {
      opened = undefined;
      throw err;
    });
    const board = await opened;
    // The data calls (`…/api/…`) need Redis; the page itself and its assets do not.
    if (req.path.startsWith('/api/') && !(await board.redisAnswers())) throw new DependencyUnavailableError();
    board.handler(req, res, next);
  });
  return {
    router,
    close: async () => {
      if (opened) await (await opened).close();
    },
  };
}
