/** Bearer-token guard for moderation routes: 401 without a token, 403 with a wrong one, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ServiceError } from '../errors.ts';

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

export function requireModerator(expectedToken: string): RequestHandler {
  return (req, _res, next) => {
    const token = bearerToken(req.get('authorization'));
    if (!token) {
      next(new ServiceError('unauthorized', 'Moderator token required: Authorization: Bearer <token>'));
      return;
    }
    if (!tokensMatch(token, expectedToken)) {
      next(new ServiceError('forbidden', 'Invalid moderator token'));
      return;
    }
    next();
  };
}
