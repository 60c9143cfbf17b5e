/**
 * A route run without Express's routers, for the one route that takes nearly all the traffic (reply submission).
 * Installed in front of the app (serveFirst), it takes the requests `accepts` says it can answer exactly as the full
 * route does, gives them what Express's own entry would (its request and response prototypes, `res.locals`,
 * `req.baseUrl` and `req.originalUrl`), runs the same middleware one after the other (no router walk, no path matching
 * per layer), reads a JSON body of known length itself and writes the JSON answer directly; every other request goes
 * to the app's full middleware and routers. Errors go to the app's error handler, as from any route.
 */
import * as nodeCrypto from 'node:crypto';
import { noRoute, ServiceError } from '../errors.ts';
import type { ErrorRequestHandler, Express, NextFunction, Request, RequestHandler, Response } from 'express';

export interface LeanRoute {
  method: string;
  /** The exact request target: a query string sends the request the full way. */
  path: string;
  /** Whether this request may take the lean path; decided from the request line and headers only. */
  accepts(req: Request): boolean;
  /** Every middleware the full route would run for it, app-wide ones included, in the same order. */
  steps: RequestHandler[];
}

/** Calls `steps` in order like a router would: an error (thrown, rejected or passed to next) ends at `done(err)`. */
function runSteps(steps: RequestHandler[], req: Request, res: Response, done: NextFunction): void {
  let i = 0;
  const next = (err?: unknown): void => {
    if (err !== undefined && err !== null && err !== 'route' && err !== 'router') return done(err);
    const step = steps[i++];
    if (!step || err) return done();
    try {
      const ret: unknown = step(req, res, next);
      if (ret instanceof Promise) ret.then(undefined, (e: unknown) => next(e ?? new Error('Rejected promise')));
    } catch (e) {
      next(e);
    }
  };
  next();
}

/** Express's own entry into an app (`app.handle`), which the types do not declare. */
type AppHandle = (req: Request, res: Response, callback?: (err?: unknown) => void) => void;

/**
 * Serves `route` in front of `app`'s own entry: a request `route` accepts skips Express's dispatch (its final
 * handler, the router's per-request state and every layer's path match, about a tenth of a submission's garbage)
 * and is set up as `app.handle` would set it up before the router; an error from its steps goes to `onError`, the
 * app's last error handler, which is where the router would have taken it, and one that no step answers ends
 * there as a 404. Every other request goes through the app as before.
 */
export function serveFirst(app: Express, route: LeanRoute, onError: ErrorRequestHandler): void {
  const target = app as unknown as { handle: AppHandle; request: object; response: object };
  const full = target.handle.bind(app);
  target.handle = (req, res, callback) => {
    if (req.method !== route.method || req.url !== route.path || !route.accepts(req)) return full(req, res, callback);
    if (app.enabled('x-powered-by')) res.setHeader('X-Powered-By', 'Express');
    // Every property Express would add goes on before the prototypes change: V8 gives each property added to an
    // object after its prototype changed a hidden class of its own, about 4 KB of garbage per request here.
    req.res = res;
    res.req = req;
    if (!res.locals) res.locals = Object.create(null) as Response['locals'];
    // What the router sets before its first layer; the idempotency scope and the error log read them.
    req.baseUrl = '';
    req.originalUrl = req.originalUrl || req.url;
    // Set by the body step; declared here for the same reason (undefined until then, as in Express).
    req.body = undefined;
    // Node's own properties that an object only gets on first use (a status set, the first listener): made own
    // now, with the values they have, for the same reason.
    ownNow(req, REQ_LATER);
    ownNow(res, RES_LATER);
    Object.setPrototypeOf(req, target.request);
    Object.setPrototypeOf(res, target.response);
    runSteps(route.steps, req, res, (err?: unknown) => {
      // Steps have run (and may have read the body or counted the request): sending the request through the app
      // again would run them twice, so a request no step answered ends as the app's own 404 would.
      if (err === undefined || err === null) err = noRoute(req);
      if (callback) return callback(err);
      try {
        onError(err, req, res, () => fallback(res));
      } catch {
        fallback(res);
      }
    });
  };
}

/** Properties Node gives a request or response from its prototype until they are first set. */
const REQ_LATER = ['_eventsCount'] as const;
const RES_LATER = ['statusCode', 'statusMessage', '_eventsCount'] as const;

/** Makes each of `names` an own property of `obj`, with the value it has now (inherited until then). */
function ownNow(obj: object, names: readonly string[]): void {
  const o = obj as Record<string, unknown>;
  for (const name of names) {
    if (Object.hasOwn(o, name)) continue;
    const inherited = o[name];
    o[name] = inherited;
  }
}

/** What Express's final handler would do if the error handler itself failed: a bare 500, if nothing was sent. */
function fallback(res: Response): void {
  if (res.headersSent) return void res.destroy();
  res.statusCode = 500;
  res.end();
}

/** `application/json`, optionally with a UTF-8 charset: what express.json reads without any decoding step. */
const PLAIN_JSON = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * Whether a request's body is one `leanJsonBody` reads exactly as express.json would: plain UTF-8 JSON, not
 * compressed, with a Content-Length of at most `limit` bytes. Chunked, compressed, oversized or other bodies take
 * the full route, whose parsers answer them.
 */
export function isPlainJsonBody(req: Request, limit: number): boolean {
  const h = req.headers;
  const type = h['content-type'];
  if (type === undefined || !PLAIN_JSON.test(type)) return false;
  if (h['transfer-encoding'] !== undefined) return false;
  const encoding = h['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const length = h['content-length'];
  if (length === undefined) return false;
  const n = Number(length);
  return Number.isInteger(n) && n >= 0 && n <= limit;
}

function parseJson(raw: string): unknown {
  // express.json strips a byte order mark and reads an empty body as {}.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text.length === 0) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ServiceError('malformed_body');
  }
}

/**
 * express.json({ strict: false }) for bodies isPlainJsonBody accepted: the same `req.body`, the same 400s
 * (malformed_body for invalid JSON, bad_request when the client gives up). The depth bound follows as its own step.
 */
export function leanJsonBody(): RequestHandler {
  return (req, _res, next) => {
    // The body nearly always comes in one chunk: an array only for more. Dropped once read, so a request waiting
    // for Redis does not keep its raw body alive through garbage collections.
    let first: Buffer | undefined;
    let more: Buffer[] | undefined;
    let received = 0;
    let settled = false;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      next(err);
    };
    req.on('data', (chunk: Buffer) => {
      if (first === undefined) first = chunk;
      else (more ??= [first]).push(chunk);
      received += chunk.length;
    });
    req.on('error', () => finish(new ServiceError('bad_request')));
    req.on('end', () => {
      if (settled) return;
      const buf = more ? Buffer.concat(more, received) : (first ?? Buffer.alloc(0));
      first = more = undefined;
      try {
        req.body = parseJson(buf.toString('utf8'));
      } catch (err) {
        return finish(err);
      }
      finish();
    });
  };
}

/** Express's weak ETag (`etag` set to true or 'weak', the default) of a body, computed in one hashing call. */
function weakEtag(text: string, bytes: number): string {
  const hash = bytes === 0 ? '2jmj7l5rSw0yVb/vlWAYkK/YBwk=' : sha1Base64(text);
  return `W/"${bytes.toString(16)}-${hash.slice(0, 27)}"`;
}

const sha1Base64: (s: string) => string =
  typeof nodeCrypto.hash === 'function' ? (s) => nodeCrypto.hash('sha1', s, 'base64') : (s) => nodeCrypto.createHash('sha1').update(s).digest('base64');

/**
 * Writes a JSON answer as `res.status(status).json(body)` would (same Content-Type, Content-Length and weak ETag),
 * without Express's generic send. The body goes to `res.end` as a string, which Node sends in one write together
 * with the headers (a Buffer would be a second chunk). A response whose `json` was wrapped (the Idempotency-Key
 * records the answer there) goes through the wrapper.
 */
export function sendJsonDirect(req: Request, res: Response, status: number, body: unknown): void {
  if (Object.hasOwn(res, 'json')) {
    res.status(status).json(body);
    return;
  }
  const text = JSON.stringify(body);
  const bytes = Buffer.byteLength(text);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', bytes);
  const app = req.app;
  const etagFn = app.get('etag fn') as ((body: string | Buffer, encoding?: BufferEncoding) => string | undefined) | undefined;
  if (typeof etagFn === 'function' && !res.getHeader('ETag')) {
    const setting: unknown = app.get('etag');
    const tag = setting === 'weak' || setting === true ? weakEtag(text, bytes) : etagFn(text, 'utf8');
    if (tag) res.setHeader('ETag', tag);
  }
  res.end(text);
}
