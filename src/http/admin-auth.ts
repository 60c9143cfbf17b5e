/**
 * Guard for operator pages (the queue dashboard): admins only. A browser opens the page with an admin's
 * dashboard session cookie, or with HTTP Basic auth whose password is MODERATOR_TOKEN or an admin's personal
 * token (any user name); scripts send either token as a Bearer token. A plain moderator gets 403.
 */
import type { Request, RequestHandler } from 'express';
import { ServiceError } from '../errors.ts';
import { principalForSession, principalForToken } from '../moderators/authenticate.ts';
import {
  bearerToken,
  CSRF_HEADER,
  guessingBlocked,
  recordWrongToken,
  SAFE_METHODS,
  SESSION_COOKIE,
  tokensMatch,
  type ModeratorGuardDeps,
} from './moderator-auth.ts';
import { cookieValue } from './cookie-value.ts';

/** Bearer <token>, or the password of Basic auth. */
function presentedToken(header: string): string | undefined {
  const given = bearerToken(header);
  if (given) return given;
  const basic = /^Basic\s+([A-Za-z0-9+/=]{1,1024})$/i.exec(header);
  if (!basic?.[1]) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1) || undefined;
}

/**
 * True when the browser says the request comes from a page of this origin. Pages we don't write (bull-board's)
 * can't send X-CSRF-Token, so for them the Origin check (or Sec-Fetch-Site, which scripts can't set) is the
 * CSRF defence; the SameSite=Strict cookie is a second one.
 */
export function sameOriginRequest(req: Request): boolean {
  if (req.get('sec-fetch-site') === 'same-origin') return true;
  const origin = req.get('origin');
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

const notAdmin = () => new ServiceError('forbidden', 'Only an admin may open this page');

/** Admins only: MODERATOR_TOKEN, an admin's personal token (Bearer or Basic), or an admin's session cookie. */
export function requireAdminCredential(deps: ModeratorGuardDeps): RequestHandler {
  return async (req, _res, next) => {
    try {
      // Same tokens, same guessing limit as the moderation API.
      const blocked = await guessingBlocked(req, deps.authFailures);
      if (blocked) return next(blocked);
      const given = presentedToken(req.get('authorization') ?? '');
      if (given) {
        const principal = await principalForToken(deps, given);
        if (!principal) {
          await recordWrongToken(req, deps.authFailures);
          return next(new ServiceError('forbidden', 'Invalid admin credential'));
        }
        return next(principal.role === 'admin' ? undefined : notAdmin());
      }
      const sessionId = cookieValue(req, SESSION_COOKIE);
      const found = sessionId ? await principalForSession(deps, sessionId) : null;
      if (!found) {
        return next(new ServiceError('unauthorized', 'Admin credential required', { headers: { 'WWW-Authenticate': 'Basic realm="queues", charset="UTF-8"' } }));
      }
      if (found.principal.role !== 'admin') return next(notAdmin());
      if (!SAFE_METHODS.has(req.method)) {
        const csrf = req.get(CSRF_HEADER);
        if (!(csrf && tokensMatch(csrf, found.session.csrfToken)) && !sameOriginRequest(req)) {
          return next(new ServiceError('csrf_failed', 'A change made with the session cookie must come from this origin or carry X-CSRF-Token'));
        }
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}
