/**
 * Bearer-token guard for moderation routes: 401 without a token, 403 with a wrong one, compared in
 * constant time. A client (an IP address, or an IPv6 /64) that keeps sending wrong tokens is answered
 * 429 with Retry-After for a while, so the token can't be guessed online.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { RateLimitedError, ServiceError } from '../errors.ts';
import type { FailureLimiter } from './rate-limit.ts';
import { clientGroup, clientIp } from './client-address.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Extracts the token from `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

/** Constant-time: both sides are hashed first, so lengths never leak either. */
export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function tooManyFailures(retryAfterSeconds: number): RateLimitedError {
  return new RateLimitedError(`Too many failed attempts; try again in ${retryAfterSeconds} s`, retryAfterSeconds);
}

const guessKey = (req: Request) => `moderator:${clientGroup(clientIp(req))}`;

/** A 429 for a client that sent too many wrong tokens lately, else undefined. Every guard of the token asks this first. */
export async function guessingBlocked(req: Request, failures: FailureLimiter | undefined): Promise<RateLimitedError | undefined> {
  // A limiter outage must not lock moderators out: the token check still holds.
  const wait = failures ? await failures.blockedFor(guessKey(req)).catch(() => 0) : 0;
  return wait > 0 ? tooManyFailures(wait) : undefined;
}

/** Counts one wrong token against the client. */
export async function recordWrongToken(req: Request, failures: FailureLimiter | undefined): Promise<void> {
  await failures?.fail(guessKey(req)).catch(() => undefined);
}

export function requireModerator(expectedToken: string, failures?: FailureLimiter): RequestHandler {
  return async (req, _res, next) => {
    const blocked = await guessingBlocked(req, failures);
    if (blocked) return next(blocked);
    const token = bearerToken(req.get('authorization'));
    if (!token) {
      next(new ServiceError('unauthorized', 'Moderator token required: Authorization: Bearer <token>'));
      return;
    }
    if (!tokensMatch(token, expectedToken)) {
      await recordWrongToken(req, failures);
      next(new ServiceError('forbidden', 'Invalid moderator token'));
      return;
    }
    next();
  };
}
