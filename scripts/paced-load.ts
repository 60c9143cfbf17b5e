/**
 * A steady-rate HTTP load generator for the benchmarks: requests leave evenly spaced in time (a few per millisecond
 * at most), over a pool of keep-alive connections. autocannon's `overallRate` is not steady: each connection sends its
 * whole per-second quota back to back when its one-second timer fires, so all connections together send every second's
 * requests in one burst at the start of the second, and what follows is a queue draining, not a steady rate.
 */
import http from 'node:http';

export interface PacedResult {
  /** Requests sent. */
  sent: number;
  /** Requests answered with a status that is not 2xx. */
  non2xx: number;
  /** Requests that failed without an answer (connection errors). */
  errors: number;
  /** Time from sending to the whole answer, ms, per answered request, sorted. */
  latencies: number[];
}

export interface PacedOptions {
  url: string;
  /** Requests per second. */
  rate: number;
  seconds: number;
  /** Most requests in flight; a request due while all are busy waits for one (and counts late). */
  connections: number;
  headers: Record<string, string>;
  /** The body of the i-th request. */
  body: (i: number) => string;
  /** Called with every answer. */
  onResponse?: (status: number, body: string) => void;
}

export async function pacedLoad(o: PacedOptions): Promise<PacedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const target = new URL(o.url);
  const result: PacedResult = { sent: 0, non2xx: 0, errors: 0, latencies: [] };
  const total = Math.round(o.rate * o.seconds);
  let inFlight = 0;
  let settle: () => void = () => {};
  const drained = new Promise<void>((r) => (settle = r));
  const send = (i: number) => {
    const body = o.body(i);
    const started = performance.now();
    inFlight++;
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { ...o.headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          result.latencies.push(performance.now() - started);
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 299) result.non2xx++;
          o.onResponse?.(status, Buffer.concat(chunks).toString());
          done();
        });
      },
    );
    req.on('error', () => {
      result.errors++;
      done();
    });
    req.end(body);
  };
  const done = () => {
    inFlight--;
    if (inFlight === 0 && result.sent === total) settle();
  };
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      // Everything due by now leaves now: at most a millisecond's worth at a time, evenly spread over the second.
      const due = Math.min(total, Math.floor(((performance.now() - start) * o.rate) / 1000));
      while (result.sent < due) send(result.sent++);
      if (result.sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  if (inFlight > 0) await drained;
  agent.destroy();
  result.latencies.sort((a, b) => a - b);
  return result;
}
