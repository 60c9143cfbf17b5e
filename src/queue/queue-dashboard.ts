/**
 * The BullMQ queue dashboard (bull-board) at /admin/queues, for operators: job counts, failed jobs and their
 * errors, retries. It lives with the queue modules because it needs BullMQ's own Queue objects; who may see
 * it is the caller's `guard` (src/http/admin-auth.ts).
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue, type ConnectionOptions } from 'bullmq';
import { Router, type RequestHandler } from 'express';
import { bullmqConnection, failFastOptions, type RedisTarget } from '../store/redis-client.ts';
import { bullPrefix, MODERATE_QUEUE } from './moderation-queue.ts';
import { WEBHOOK_QUEUE } from './webhook-queue.ts';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

export interface QueueDashboard {
  router: Router;
  close(): Promise<void>;
}

export function createQueueDashboard(redis: RedisTarget, redisPrefix: string, guard: RequestHandler): QueueDashboard {
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
  const router = Router();
  router.use(QUEUE_DASHBOARD_PATH, guard, adapter.getRouter() as Router);
  return {
    router,
    close: async () => {
      await Promise.all(queues.map((q) => q.close()));
      await conn.close();
    },
  };
}
