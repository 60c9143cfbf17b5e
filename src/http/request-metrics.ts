/**
 * Records every request's duration under its route pattern (`/api/v1/comments/:id`, never the raw path, so ids
 * don't explode the label set) and status.
 */
import type { RequestHandler } from 'express';
import type { Metrics } from '../observability/metrics.ts';

export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpRequestDuration.startTimer();
    res.once('finish', () => {
      const pattern: unknown = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
