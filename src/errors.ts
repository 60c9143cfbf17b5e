/**
 * The one error type the service throws on purpose, and the one Express handler that turns
 * any error into a JSON answer. Clients get a stable `error` code and a message, never a stack.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';

/** An error with an HTTP status and a stable machine-readable code. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra JSON members of the answer, e.g. `fields` for validation errors. */
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'Comment') => new AppError(404, 'not_found', `${what} not found`);

/** Redis (or another dependency) can't be reached: a 503, not a bug. */
export class DependencyUnavailableError extends AppError {
  constructor(cause?: unknown) {
    super(503, 'unavailable', 'The service is temporarily unavailable; try again shortly', {}, { 'Retry-After': '5' });
    this.cause = cause;
  }
}

interface BodyParserError { type?: string; status?: number }

/** Maps body-parser failures and our own errors to answers; anything else is a 500 and is logged as a bug. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isDependencyDown(err) || isDependencyFull(err)) return new DependencyUnavailableError(err);
  if (err instanceof Error && err.name === 'InvalidCursorError') return new AppError(400, 'invalid_query', 'Invalid cursor');
  const bp = err as BodyParserError;
  switch (bp?.type) {
    case 'entity.parse.failed':
      return new AppError(400, 'malformed_body', 'The request body is not valid JSON');
    case 'entity.too.large':
      return new AppError(413, 'payload_too_large', 'The request body is larger than 32 KB');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, 'unsupported_media_type', 'Unsupported body encoding or charset');
    case 'parameters.too.many':
      return new AppError(413, 'payload_too_large', 'Too many form parameters');
    default:
      break;
  }
  if (typeof bp?.status === 'number' && bp.status >= 400 && bp.status < 500) {
    return new AppError(bp.status, 'bad_request', 'The request could not be read');
  }
  return new AppError(500, 'internal', 'Internal error');
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appErr = toAppError(err);
    if (appErr.status >= 500) {
      const level = appErr.status === 503 ? 'warn' : 'error';
      logger[level]({ err: appErr.status === 503 ? appErr.cause ?? err : err, method: req.method, url: req.originalUrl }, 'request failed');
    }
    if (res.headersSent) return;
    res.set(appErr.headers);
    res.status(appErr.status).json({ error: appErr.code, message: appErr.message, ...appErr.details });
  };
}

const DOWN_PATTERNS = /Connection is closed|enableOfflineQueue|Command timed out|ECONNREFUSED|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|max retries per request|Connection in subscriber mode|Socket closed/i;

/** True for errors that mean Redis can't be reached, as opposed to a bug in how we use it. */
export function isDependencyDown(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'MaxRetriesPerRequestError') return true;
  return DOWN_PATTERNS.test(err.message) || (err.cause instanceof Error && DOWN_PATTERNS.test(err.cause.message));
}

/**
 * True when Redis refuses writes because it is full (`maxmemory` with `noeviction`): like an outage to
 * clients, a 503 with Retry-After, not a bug.
 */
export function isDependencyFull(err: unknown): boolean {
  return err instanceof Error && (/^OOM /.test(err.message) || (err.cause instanceof Error && /^OOM /.test(err.cause.message)));
}
