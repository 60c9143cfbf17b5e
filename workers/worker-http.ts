/**
 * The worker's own small HTTP face, on WORKER_METRICS_PORT when set: GET /healthz for container health checks
 * (the worker loop is running) and GET /metrics for Prometheus (behind METRICS_TOKEN when set). No Express: two
 * routes don't need it, and the worker should stay lean.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerToken, tokensMatch } from '../src/http/moderator-auth.ts';
import type { Metrics } from '../src/observability/metrics.ts';
import { explainListenError } from '../src/runtime/listen-error.ts';

export interface WorkerHttpOptions {
  port: number;
  host: string;
  metrics: Metrics;
  metricsToken: string | undefined;
  /** False once the worker has stopped taking jobs. */
  healthy: () => boolean;
}

export interface WorkerHttp {
  url: string;
  close(): Promise<void>;
}

export async function startWorkerHttp(opts: WorkerHttpOptions): Promise<WorkerHttp> {
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return send(405, JSON.stringify({ error: 'method_not_allowed', message: 'GET only' }));
    if (path === '/healthz') {
      return opts.healthy() ? send(200, JSON.stringify({ status: 'ok' })) : send(503, JSON.stringify({ error: 'unavailable', message: 'worker stopped' }));
    }
    if (path === '/metrics') {
      if (opts.metricsToken) {
        const given = bearerToken(req.headers.authorization);
        if (!given) return send(401, JSON.stringify({ error: 'unauthorized', message: 'Metrics token required: Authorization: Bearer <token>' }));
        if (!tokensMatch(given, opts.metricsToken)) return send(403, JSON.stringify({ error: 'forbidden', message: 'Invalid metrics token' }));
      }
      opts.metrics.registry.metrics().then(
        (text) => send(200, text, opts.metrics.registry.contentType),
        () => send(500, JSON.stringify({ error: 'internal', message: 'metrics unavailable' })),
      );
      return;
    }
    send(404, JSON.stringify({ error: 'not_found', message: `No route for GET ${path}` }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(explainListenError(err, opts, { port: 'WORKER_METRICS_PORT', host: 'HOST' })));
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
