/**
 * Records every request's duration under its route pattern (`/api/v1/comments/:id`, never the raw path, so ids
 * don't explode the label set) and status.
 */
import type { RequestHandler } from 'express';
import type { Metrics } from '../observability/metrics.ts';

/** `route`: the pattern to record when the middleware runs outside a router, for one known route (see lean-route.ts). */
export function requestMetrics(metrics: Metrics, route?: string): RequestHandler {
  if (route !== undefined) return knownRouteMetrics(metrics, route);
  return (req, res, next) => {
    const end = metrics.httpRequestDuration.startTimer();
    res.once('finish', () => {
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      const label = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
      end({ method: req.method, route: label, status: String(res.statusCode) });
    });
    next();
  };
}

type Observe = (seconds: number) => void;

/**
 * The same series for one known route, recorded through a labelled child kept per method and status: the route
 * that takes nearly all the traffic then builds, checks and merges no label set per request.
 */
function knownRouteMetrics(metrics: Metrics, route: string): RequestHandler {
  const children = new Map<string, Map<number, Observe>>();
  const observerFor = (method: string, status: number): Observe => {
    let byStatus = children.get(method);
    if (!byStatus) children.set(method, (byStatus = new Map<number, Observe>()));
    let observe = byStatus.get(status);
    if (!observe) {
      const child = metrics.httpRequestDuration.labels({ method, route, status: String(status) });
      observe = (seconds) => child.observe(seconds);
      byStatus.set(status, observe);
    }
    return observe;
  };
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      observerFor(req.method, res.statusCode)(Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };
}
