/** GET /metrics in Prometheus text format; behind `METRICS_TOKEN` (Bearer) when one is configured. */
import { Router } from 'express';
import { ServiceError } from '../errors.ts';
import { bearerToken, tokensMatch } from '../http/moderator-auth.ts';
import type { Metrics } from '../observability/metrics.ts';

export function metricsRouter(metrics: Metrics, token: string | undefined): Router {
  const router = Router();
  router.get('/metrics', async (req, res, next) => {
    if (token) {
      const given = bearerToken(req.get('authorization'));
      if (!given) return next(new ServiceError('unauthorized', 'Metrics token required: Authorization: Bearer <token>'));
      if (!tokensMatch(given, token)) return next(new ServiceError('forbidden', 'Invalid metrics token'));
    }
    res.set('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}
