/**
 * Request body parsing for the POST endpoints: which media types are accepted and how large a body
 * may be. Routes mount these after authentication and rate limiting, so rejected calls are not parsed.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ServiceError } from '../errors.ts';
import { MAX_BODY_DEPTH } from '../contract/limits.ts';
import { nestsDeeperThan } from '../contract/read-fields.ts';

/** The largest body the POST endpoints accept, in bytes. */
export const BODY_LIMIT_BYTES = 32 * 1024;
const BODY_LIMIT = BODY_LIMIT_BYTES;

/** 415 unless the body is JSON or a urlencoded form, checked before any parsing. */
export function requireFormOrJson(req: Request, _res: Response, next: NextFunction): void {
  if (req.is(['application/json', 'application/x-www-form-urlencoded'])) return next();
  next(new ServiceError('unsupported_media_type', 'Send application/json or application/x-www-form-urlencoded'));
}

/** 400 for a JSON body nested deeper than MAX_BODY_DEPTH, before anything walks it (the idempotency fingerprint does). */
export function boundDepth(req: Request, _res: Response, next: NextFunction): void {
  if (nestsDeeperThan(req.body, MAX_BODY_DEPTH)) {
    return next(new ServiceError('malformed_body', `The request body nests more than ${MAX_BODY_DEPTH} levels deep`));
  }
  next();
}

/** JSON or urlencoded bodies of at most BODY_LIMIT, nested at most MAX_BODY_DEPTH deep, for the POST endpoints that take either. */
export function bodyParsers(): RequestHandler[] {
  return [
    express.json({ limit: BODY_LIMIT, strict: false }),
    express.urlencoded({ limit: BODY_LIMIT, extended: false, parameterLimit: 100 }),
    boundDepth,
  ];
}

/** Urlencoded forms only (the Akismet protocol), whose requests carry more fields than our own forms. */
export function formParser(): RequestHandler {
  return express.urlencoded({ limit: BODY_LIMIT, extended: false, parameterLimit: 200 });
}

/** A site's whole rule set may hold thousands of entries. */
export const RULES_BODY_LIMIT = '1mb';

/** JSON bodies only (415 otherwise, so a body that was not parsed is never read as an empty one), of at most `limit`. */
export function jsonOnly(limit: string): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (req.is('application/json')) return next();
    next(new ServiceError('unsupported_media_type', 'Send application/json'));
  };
  return [requireJson, express.json({ limit, strict: false }), boundDepth];
}
