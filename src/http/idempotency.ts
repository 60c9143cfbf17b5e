/**
 * `Idempotency-Key` support for POST endpoints: the same key with the same body within the replay
 * window gets the first answer again (marked `Idempotent-Replayed: true`) and does no new work; the
 * same key with a different body is a 422. Keys are scoped per site key (or per client IP without one).
 * Answers worth retrying (409, 429, 5xx) are not remembered. The claim is left in `res.locals` for
 * handlers that bind their work to it (see idempotencyClaim).
 */
import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ServiceError } from '../errors.ts';
import type { IdempotencyClaim, IdempotencyStore } from '../store/idempotency-store.ts';
import type { RequestSite } from './site-auth.ts';
import { clientIp } from './client-address.ts';
import { MAX_BODY_DEPTH } from '../contract/limits.ts';

/**
 * JSON with sorted object keys, so that key order does not change the fingerprint. Recursive, so bounded:
 * the body parsers already refuse deeper bodies, this keeps the bound where the recursion is.
 */
function canonical(value: unknown, depth = 0): string {
  if (depth > MAX_BODY_DEPTH) throw new ServiceError('malformed_body', `The request body nests more than ${MAX_BODY_DEPTH} levels deep`);
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, depth + 1)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v, depth + 1)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function scopeOf(req: Request, res: Response): string {
  const site = res.locals.site as RequestSite | undefined;
  const who = site?.keyId ? `key:${site.keyId}` : `ip:${clientIp(req) ?? ''}:site:${site?.site.id ?? ''}`;
  return `${req.method} ${req.baseUrl}${req.path} ${who}`;
}

/** This request's Idempotency-Key claim, when it sent one. */
export function idempotencyClaim(res: Response): IdempotencyClaim | undefined {
  return res.locals.idempotencyClaim as IdempotencyClaim | undefined;
}

/** Must run after the body parsers and site-auth. */
export function idempotency(store: IdempotencyStore | undefined): RequestHandler {
  // Synchronous without the header (most requests): no promise per request.
  return (req, res, next) => {
    const key = req.get('idempotency-key');
    if (key === undefined || !store) return next();
    return claimKey(store, key, req, res, next);
  };
}

/** Checks and claims the key, then records the answer when the handler sends it. */
async function claimKey(store: IdempotencyStore, key: string, req: Request, res: Response, next: NextFunction): Promise<void> {
  if (key.length < 1 || key.length > 255) {
    throw new ServiceError('invalid_idempotency_key');
  }
  const scope = scopeOf(req, res);
  const fingerprint = createHash('sha256').update(canonical(req.body ?? null)).digest('hex');
  const begun = await store.begin(scope, key, fingerprint);
  switch (begun.kind) {
    case 'replay':
      res.set('Idempotent-Replayed', 'true').status(begun.status).json(begun.body);
      return;
    case 'mismatch':
      throw new ServiceError('idempotency_key_reused');
    case 'in-progress':
      throw new ServiceError('idempotency_in_progress');
    case 'new':
      res.locals.idempotencyClaim = begun.claim;
      break;
  }
  const owner = begun.claim?.owner;
  let settled = false;
  const send = res.json.bind(res);
  // Record before answering, so a client that retries right after the answer gets the replay.
  res.json = (body: unknown) => {
    settled = true;
    const status = res.statusCode;
    const retryable = status === 409 || status === 429 || status >= 500;
    const record = retryable ? store.abandon(scope, key, owner) : store.complete(scope, key, fingerprint, status, body);
    record.catch(() => store.abandon(scope, key, owner).catch(() => {})).finally(() => send(body));
    return res;
  };
  res.on('finish', () => {
    // Redirects (browser form posts) and other non-JSON answers are not replayable.
    if (!settled) store.abandon(scope, key, owner).catch(() => {});
  });
  next();
}
