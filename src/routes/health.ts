/** Liveness (the process answers) and readiness (Redis answers within a second, on every connection a submission needs). */
import { Router } from 'express';
import { REDIS_ANSWER_MS, settlesWithin } from '../runtime/within-ms.ts';

export function healthRouter(deps: { ping: () => Promise<void> }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (await settlesWithin(deps.ping(), REDIS_ANSWER_MS)) res.json({ status: 'ready' });
    else res.status(503).json({ error: 'unavailable', message: 'Redis is not answering' });
  });
  return router;
}
