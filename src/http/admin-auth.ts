/**
 * Guard for operator pages (the queue dashboard): the moderator token as a Bearer token, or as the
 * password of HTTP Basic auth so a browser can open the page directly.
 */
import type { RequestHandler } from 'express';
import { ServiceError } from '../errors.ts';
import { bearerToken, guessingBlocked, recordWrongToken, tokensMatch } from './moderator-auth.ts';
import type { FailureLimiter } from './rate-limit.ts';

/** Bearer <token>, or Basic with the token as the password (any user name). */
export function requireAdminToken(expected: string, failures?: FailureLimiter): RequestHandler {
  return async (req, _res, next) => {
    // Same token, same guessing limit as the moderation API.
    const blocked = await guessingBlocked(req, failures);
    if (blocked) return next(blocked);
    const header = req.get('authorization') ?? '';
    let given = bearerToken(header);
    const basic = /^Basic\s+([A-Za-z0-9+/=]{1,1024})$/i.exec(header);
    if (!given && basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      given = decoded.slice(decoded.indexOf(':') + 1);
    }
    if (!given) {
      next(new ServiceError('unauthorized', 'Admin credential required', { headers: { 'WWW-Authenticate': 'Basic realm="queues", charset="UTF-8"' } }));
      return;
    }
    if (!tokensMatch(given, expected)) {
      await recordWrongToken(req, failures);
      next(new ServiceError('forbidden', 'Invalid admin credential'));
      return;
    }
    next();
  };
}
