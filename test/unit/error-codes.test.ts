/**
 * Errors: every code in the registry answers with its status; error kinds are told apart by class,
 * never by message text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DependencyUnavailableError, ERROR_CODES, NotFoundError, RateLimitedError, ServiceError, ValidationError, type ErrorCode } from '../../src/errors.ts';
import { toErrorAnswer } from '../../src/http/error-handler.ts';
import { QueueUnavailableError, producing } from '../../src/queue/queue-unavailable.ts';

test('every registry code → its status and default message; registry headers are sent', () => {
  for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
    const a = toErrorAnswer(new ServiceError(code));
    assert.equal(a.status, ERROR_CODES[code].status, code);
    assert.equal(a.code, code);
    assert.equal(a.message, ERROR_CODES[code].message);
  }
  assert.equal(toErrorAnswer(new ServiceError('unauthorized')).headers['WWW-Authenticate'], 'Bearer');
  assert.equal(toErrorAnswer(new DependencyUnavailableError()).headers['Retry-After'], '5');
  assert.equal(toErrorAnswer(new RateLimitedError('slow down', 17)).headers['Retry-After'], '17');
});

test('domain errors carry codes, not statuses: not found → 404, validation → 400 with fields', () => {
  assert.deepEqual(
    { ...toErrorAnswer(new NotFoundError('Delivery')), headers: undefined },
    { status: 404, code: 'not_found', message: 'Delivery not found', details: {}, headers: undefined },
  );
  const v = toErrorAnswer(new ValidationError({ email: 'Enter a valid email address' }));
  assert.equal(v.status, 400);
  assert.deepEqual(v.details, { fields: { email: 'Enter a valid email address' } });
});

test('an unknown error whose message mentions ECONNREFUSED → 500 internal, not 503 (no message sniffing)', () => {
  const a = toErrorAnswer(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
  assert.equal(a.status, 500);
  assert.equal(a.code, 'internal');
  assert.equal(a.message, 'Internal error');
});

test('Express and body-parser failures keep their codes: bad JSON → 400 malformed_body, too large → 413, a bad path → 400', () => {
  const parseFailed = Object.assign(new Error('Unexpected token'), { type: 'entity.parse.failed', status: 400 });
  assert.equal(toErrorAnswer(parseFailed).code, 'malformed_body');
  const tooLarge = Object.assign(new Error('too large'), { type: 'entity.too.large', status: 413 });
  assert.deepEqual([toErrorAnswer(tooLarge).status, toErrorAnswer(tooLarge).code], [413, 'payload_too_large']);
  // Express's own: a route parameter that is not valid percent-encoding.
  const badParam = Object.assign(new URIError("Failed to decode param '%'"), { status: 400 });
  assert.deepEqual([toErrorAnswer(badParam).status, toErrorAnswer(badParam).code], [400, 'bad_request']);
});

test('a failing queue producer call → QueueUnavailableError (503)', async () => {
  const err = await producing(() => Promise.reject(new Error('whatever BullMQ says'))).then(() => null, (e: unknown) => e);
  assert.ok(err instanceof QueueUnavailableError);
  assert.equal(toErrorAnswer(err).status, 503);
});
