/**
 * Records every request's duration under its route pattern (`/api/v1/comments/:id`, never the raw path, so ids
 * don't explode the label set) and status.
 */
import type { RequestHandler } from 'express';
import type { Metrics } from '../observability/metrics.ts';

/** `route`: the pattern to record when the middleware runs outside a router, for one known route (see lean-route.ts). */
export function requestMetrics(metrics: Metrics, route?: string): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpRequestDuration.startTimer();
    res.once('finish', () => {
      const pattern = route ? undefined : (req.route as { path?: unknown } | undefined)?.path;
      const label = route ?? (typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched');
      end({ method: req.method, route: label, status: String(res.statusCode) });
    });
    next();
  };
}
