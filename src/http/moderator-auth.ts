/**
 * The guard of moderation routes: MODERATOR_TOKEN, personal API tokens, or a dashboard session with its
 * CSRF token. 401 without credentials, 403 with wrong ones, tokens compared in constant time. A client (an IP address, or an IPv6 /64) that keeps sending wrong tokens is answered
 * 429 with Retry-After for a while, so the token can't be guessed online.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Principal } from '../../models/moderator.ts';
import type { Session } from '../store/moderator-store.ts';
import { principalForSession, principalForToken, type AuthDeps } from '../moderators/authenticate.ts';
import { RateLimitedError, ServiceError } from '../errors.ts';
import type { FailureLimiter } from './rate-limit.ts';
import { clientGroup, clientIp } from './client-address.ts';
import { cookieValue } from './cookie-value.ts';

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

export const guessKey = (req: Request) => `moderator:${clientGroup(clientIp(req))}`;

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

/** The cookie that carries a dashboard session. */
export const SESSION_COOKIE = 'cm_session';
/** The header the dashboard sends its session's CSRF token in, on every state-changing request. */
export const CSRF_HEADER = 'x-csrf-token';

export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ModeratorGuardDeps extends AuthDeps {
  /** Slows clients that keep sending wrong tokens; undefined switches that off. */
  authFailures?: FailureLimiter | undefined;
}

/** The principal requireModerator found for this request. */
export function requestPrincipal(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new Error('requestPrincipal() used on a route without requireModerator');
  return p;
}

/** The session requireModerator found, when the request was made with the dashboard's cookie. */
export function requestSession(res: Response): { sessionId: string; session: Session } | undefined {
  return res.locals.session as { sessionId: string; session: Session } | undefined;
}

const unauthorized = () => new ServiceError('unauthorized', 'Moderator token required: Authorization: Bearer <token>, or sign in');

/**
 * Who may call the moderation API: `Authorization: Bearer` with MODERATOR_TOKEN or a moderator's
 * personal token (401 without one, 403 for a wrong one), or the dashboard's session cookie, which must
 * come with its CSRF token on every state-changing request. The principal goes to res.locals.
 */
export function requireModerator(deps: ModeratorGuardDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      const blocked = await guessingBlocked(req, deps.authFailures);
      if (blocked) return next(blocked);
      const token = bearerToken(req.get('authorization'));
      if (token) {
        const principal = await principalForToken(deps, token);
        if (!principal) {
          await recordWrongToken(req, deps.authFailures);
          return next(new ServiceError('forbidden', 'Invalid moderator token'));
        }
        res.locals.principal = principal;
        return next();
      }
      const sessionId = cookieValue(req, SESSION_COOKIE);
      const found = sessionId ? await principalForSession(deps, sessionId) : null;
      if (!sessionId || !found) return next(unauthorized());
      if (!SAFE_METHODS.has(req.method)) {
        const csrf = req.get(CSRF_HEADER);
        if (!csrf || !tokensMatch(csrf, found.session.csrfToken)) {
          return next(new ServiceError('csrf_failed', 'Missing or wrong X-CSRF-Token for this session'));
        }
      }
      res.locals.principal = found.principal;
      res.locals.session = { sessionId, session: found.session };
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** After requireModerator: only admins pass; anyone else gets 403. */
export const requireAdmin: RequestHandler = (_req, res, next) => {
  if (requestPrincipal(res).role === 'admin') return next();
  next(new ServiceError('forbidden', 'Only an admin may do this'));
};
