/**
 * Request ids: taken from `X-Request-Id` when a proxy or client sent a sane one, generated otherwise, returned in
 * the response, and kept in `res.locals.requestId` so logs (and the moderation job) can carry it.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

/** Long or odd ids are replaced rather than echoed: the header ends up in logs and response headers. */
const SANE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const id = given && SANE_ID.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.set('X-Request-Id', id);
    next();
  };
}

/** The id requestId() gave this request, if it ran. */
export function requestIdOf(res: Response): string | undefined {
  const id: unknown = res.locals.requestId;
  return typeof id === 'string' ? id : undefined;
}
