/** Liveness (the process answers) and readiness (Redis answers within a second, on every connection a submission needs). */
import { Router } from 'express';

export function healthRouter(deps: { ping: () => Promise<void> }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await Promise.race([
        deps.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref()),
      ]);
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ error: 'unavailable', message: 'Redis is not answering' });
    }
  });
  return router;
}
