/**
 * The service's errors: one registry of stable `error` codes with the HTTP status and default message
 * each one is answered with, and the error classes code throws on purpose. Use cases and stores throw
 * these by code and never choose a status; src/http/error-handler.ts turns any error into the answer.
 */

/** How a code is answered: status, default message, and headers every answer with this code carries. */
export interface ErrorCodeInfo {
  status: number;
  message: string;
  headers?: Readonly<Record<string, string>>;
}

/**
 * Every `error` code a client can see. Codes are part of the public API: add new ones, never rename.
 * A new failure kind (say, Redis refusing writes when full) is a new subclass below that reuses a code
 * (`unavailable`) or adds one here.
 */
const codes = {
  validation_failed: { status: 400, message: 'Please correct the fields listed' },
  malformed_body: { status: 400, message: 'The request body is not valid JSON' },
  bad_request: { status: 400, message: 'The request could not be read' },
  invalid_query: { status: 400, message: 'Invalid query parameter' },
  invalid_idempotency_key: { status: 400, message: 'Idempotency-Key must be 1 to 255 characters' },
  unauthorized: { status: 401, message: 'Authentication required', headers: { 'WWW-Authenticate': 'Bearer' } },
  invalid_credentials: { status: 401, message: 'Wrong name or password' },
  forbidden: { status: 403, message: 'Forbidden' },
  csrf_failed: { status: 403, message: 'Missing or wrong X-CSRF-Token for this session' },
  not_found: { status: 404, message: 'Not found' },
  idempotency_in_progress: {
    status: 409,
    message: 'A request with this Idempotency-Key is still being processed',
    headers: { 'Retry-After': '1' },
  },
  payload_too_large: { status: 413, message: 'The request body is larger than 32 KB' },
  unsupported_media_type: { status: 415, message: 'Send application/json or application/x-www-form-urlencoded' },
  moderator_exists: { status: 409, message: 'A moderator with that name already exists' },
  already_decided: { status: 409, message: 'A moderator has already decided on this comment' },
  idempotency_key_reused: { status: 422, message: 'This Idempotency-Key was already used with a different request body' },
  rate_limited: { status: 429, message: 'Too many requests' },
  internal: { status: 500, message: 'Internal error' },
  unavailable: {
    status: 503,
    message: 'The service is temporarily unavailable; try again shortly',
    headers: { 'Retry-After': '5' },
  },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof codes;
export const ERROR_CODES: Readonly<Record<ErrorCode, ErrorCodeInfo>> = codes;

export interface ServiceErrorOptions {
  /** Extra JSON members of the answer, e.g. `fields` for validation errors. */
  details?: Record<string, unknown>;
  /** When the client may try again (rate limits); overrides the code's own Retry-After. */
  retryAfterSeconds?: number;
  /** Headers that replace the code's own, e.g. a Basic instead of a Bearer challenge (HTTP layer only). */
  headers?: Readonly<Record<string, string>>;
  cause?: unknown;
}

/** The 404 of a request no route answers (the app's last route, and the lean submission path's). */
export function noRoute(req: { method: string; path: string }): ServiceError {
  return new ServiceError('not_found', `No route for ${req.method} ${req.path}`);
}

/** An error thrown on purpose: a stable code from ERROR_CODES and a message meant for people. */
export class ServiceError extends Error {
  readonly details: Record<string, unknown>;
  readonly retryAfterSeconds: number | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code].message,
    options: ServiceErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.headers = options.headers ?? {};
  }
}

/** The thing asked for does not exist (or is not visible to the caller). */
export class NotFoundError extends ServiceError {
  constructor(what = 'Comment') {
    super('not_found', `${what} not found`);
  }
}

/** A site's backend asked to change a comment a moderator has already decided on: the moderator's decision stands. */
export class AlreadyDecidedError extends ServiceError {
  constructor() {
    super('already_decided');
  }
}

/** Input failed validation; `fields` maps each offending field to what to fix, all at once. */
export class ValidationError extends ServiceError {
  constructor(readonly fields: Readonly<Record<string, string>>) {
    super('validation_failed', `Please correct: ${Object.keys(fields).join(', ')}`, { details: { fields } });
  }
}

/** A client-supplied query value is unusable (a bad cursor, limit or filter). */
export class InvalidQueryError extends ServiceError {
  constructor(message: string) {
    super('invalid_query', message);
  }
}

/** Too many requests from one caller; `retryAfterSeconds` says when the next one is allowed. */
export class RateLimitedError extends ServiceError {
  constructor(message: string, retryAfterSeconds: number) {
    super('rate_limited', message, { retryAfterSeconds });
  }
}

/**
 * A dependency (Redis, the queue) gave no answer: a 503, not a bug. The store and queue modules throw
 * subclasses of this for their own connection failures, so callers test with `instanceof`.
 */
export class DependencyUnavailableError extends ServiceError {
  constructor(cause?: unknown) {
    super('unavailable', ERROR_CODES.unavailable.message, { cause });
  }
}
