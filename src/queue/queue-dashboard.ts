/**
 * The BullMQ queue dashboard (bull-board) at /admin/queues, for operators: job counts, failed jobs and their
 * errors, retries. Admin only: the moderator token as a Bearer token, or as the password of HTTP Basic auth so a
 * browser can open it directly. It lives with the queue modules because it needs BullMQ's own Queue objects.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue, type ConnectionOptions } from 'bullmq';
import { Router, type RequestHandler } from 'express';
import { AppError } from '../errors.ts';
import { bearerToken, guessingBlocked, recordWrongToken, tokensMatch } from '../http/moderator-auth.ts';
import type { FailureLimiter } from '../http/rate-limit.ts';
import { bullmqConnection, failFastOptions, type RedisTarget } from '../store/redis-client.ts';
import { bullPrefix, MODERATE_QUEUE } from './moderation-queue.ts';
import { WEBHOOK_QUEUE } from './webhook-queue.ts';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

export interface QueueDashboard {
  router: Router;
  close(): Promise<void>;
}

/** Bearer <token>, or Basic with the token as the password (any user name). */
export function requireAdminToken(expected: string, failures?: FailureLimiter): RequestHandler {
  return async (req, _res, next) => {
    // Same token, same guessing limit as the moderation API.
    const blocked = await guessingBlocked(req, failures);
    if (blocked) return next(blocked);
    const header = req.get('authorization') ?? '';
    let given = bearerToken(header);
    const basic = /^Basic\s+([A-Za-z0-9+/=]{1,1024})$/i.exec(header);
    if (!given && basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      given = decoded.slice(decoded.indexOf(':') + 1);
    }
    if (!given) {
      next(new AppError(401, 'unauthorized', 'Admin credential required', {}, { 'WWW-Authenticate': 'Basic realm="queues", charset="UTF-8"' }));
      return;
    }
    if (!tokensMatch(given, expected)) {
      await recordWrongToken(req, failures);
      next(new AppError(403, 'forbidden', 'Invalid admin credential'));
      return;
    }
    next();
  };
}

export function createQueueDashboard(redis: RedisTarget, redisPrefix: string, adminToken: string, failures?: FailureLimiter): QueueDashboard {
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
  router.use(QUEUE_DASHBOARD_PATH, requireAdminToken(adminToken, failures), adapter.getRouter() as Router);
  return {
    router,
    close: async () => {
      await Promise.all(queues.map((q) => q.close()));
      await conn.close();
    },
  };
}
