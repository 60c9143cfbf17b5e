/**
 * The one place errors become HTTP answers: a ServiceError's code gives the status through the
 * registry in src/errors.ts, Express and body-parser client errors get their codes here, and anything else is a 500
 * that is logged as a bug. Clients get a stable `error` code and a message, never a stack.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { DependencyUnavailableError, ERROR_CODES, ServiceError, type ErrorCode } from '../errors.ts';

/** What a failed request is answered with. */
export interface ErrorAnswer {
  status: number;
  code: ErrorCode;
  message: string;
  /** Extra JSON members of the body. */
  details: Record<string, unknown>;
  headers: Record<string, string>;
}

function answer(code: ErrorCode, message: string = ERROR_CODES[code].message, status: number = ERROR_CODES[code].status): ErrorAnswer {
  return { status, code, message, details: {}, headers: { ...ERROR_CODES[code].headers } };
}

/** The shape of the client errors Express and body-parser raise (http-errors): a 4xx `status`, a `type` for body-parser's. */
interface HttpClientError {
  type?: unknown;
  status?: unknown;
}

function isHttpClientError(err: unknown): err is Error & HttpClientError {
  const status = (err as HttpClientError | null)?.status;
  return err instanceof Error && typeof status === 'number' && status >= 400 && status < 500;
}

function fromHttpClientError(err: Error & HttpClientError): ErrorAnswer {
  switch (err.type) {
    case 'entity.parse.failed':
      return answer('malformed_body');
    case 'entity.too.large':
      return answer('payload_too_large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return answer('unsupported_media_type', 'Unsupported body encoding or charset');
    case 'parameters.too.many':
      return answer('payload_too_large', 'Too many form parameters');
    default:
      // Other client-side failures (a path that is not valid percent-encoding, an aborted body) keep their 4xx status.
      return answer('bad_request', undefined, err.status as number);
  }
}

/** Maps any thrown value to its answer; unknown errors are a 500. */
export function toErrorAnswer(err: unknown): ErrorAnswer {
  if (err instanceof ServiceError) {
    const a = answer(err.code, err.message);
    a.details = { ...err.details };
    Object.assign(a.headers, err.headers);
    if (err.retryAfterSeconds !== undefined) a.headers['Retry-After'] = String(err.retryAfterSeconds);
    return a;
  }
  if (isHttpClientError(err)) return fromHttpClientError(err);
  return answer('internal');
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const a = toErrorAnswer(err);
    if (a.status >= 500) {
      // A dependency being down is expected operations noise; any other 5xx is a bug worth its stack.
      const down = err instanceof DependencyUnavailableError;
      logger[down ? 'warn' : 'error']({ err: down ? (err.cause ?? err) : err, method: req.method, url: req.originalUrl }, 'request failed');
    }
    if (res.headersSent) return;
    res.set(a.headers);
    res.status(a.status).json({ error: a.code, message: a.message, ...a.details });
  };
}
