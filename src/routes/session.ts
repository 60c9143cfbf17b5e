/**
 * Dashboard sign-in: POST /api/v1/session with a name and password sets an HttpOnly, SameSite=Strict
 * session cookie (Secure over TLS); GET tells who is signed in and the session's CSRF token; DELETE
 * signs out. Failed sign-ins count against the name and the client, like wrong tokens do.
 */
import express, { Router, type Request, type Response } from 'express';
import { RateLimitedError, ServiceError, ValidationError } from '../errors.ts';
import type { Principal } from '../../models/moderator.ts';
import { signIn, signOut } from '../moderators/authenticate.ts';
import {
  guessingBlocked,
  recordWrongToken,
  requestPrincipal,
  requestSession,
  requireModerator,
  SESSION_COOKIE,
  type ModeratorGuardDeps,
} from '../http/moderator-auth.ts';
import { SignInRequest } from '../contract/moderators.ts';
import { cookieValue } from '../http/cookie-value.ts';

const nameKey = (name: string) => `signin-name:${name.toLowerCase()}`;

function setSessionCookie(req: Request, res: Response, value: string, maxAgeSeconds: number): void {
  // req.secure follows TRUST_PROXY, so a TLS-terminating proxy that is trusted counts as TLS.
  const attrs = [`${SESSION_COOKIE}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`];
  if (maxAgeSeconds > 0) attrs.push(`Expires=${new Date(Date.now() + maxAgeSeconds * 1000).toUTCString()}`);
  if (req.secure) attrs.push('Secure');
  res.append('Set-Cookie', attrs.join('; '));
}

export function moderatorView(p: Principal) {
  return { id: p.id, name: p.name, role: p.role, sites: p.sites === 'all' ? [] : [...p.sites] };
}

export function sessionRouter(deps: ModeratorGuardDeps): Router {
  const router = Router();

  router.post('/api/v1/session', express.json({ limit: '4kb' }), async (req, res) => {
    // JSON only: a cross-site form can't send it without a preflight, so no one can sign a victim in.
    if (!req.is('application/json')) throw new ServiceError('unsupported_media_type', 'Sign in with a JSON body {name, password}');
    const parsed = SignInRequest.safeParse(req.body);
    if (!parsed.success) throw new ValidationError({ name: 'Required', password: 'Required' });
    const { name, password } = parsed.data;
    const blocked = (await guessingBlocked(req, deps.authFailures)) ?? (await nameBlocked(deps, name));
    if (blocked) throw blocked;
    const signedIn = await signIn(deps, name, password);
    if (!signedIn) {
      await recordWrongToken(req, deps.authFailures);
      await deps.authFailures?.fail(nameKey(name)).catch(() => undefined);
      throw new ServiceError('invalid_credentials', 'Wrong name or password');
    }
    setSessionCookie(req, res, signedIn.sessionId, signedIn.ttlSeconds);
    res.set('Cache-Control', 'no-store').json({
      moderator: moderatorView(signedIn.principal),
      csrfToken: signedIn.session.csrfToken,
      expiresAt: signedIn.session.expiresAt,
    });
  });

  router.get('/api/v1/session', requireModerator(deps), (_req, res) => {
    const session = requestSession(res);
    res.set('Cache-Control', 'no-store').json({
      moderator: moderatorView(requestPrincipal(res)),
      csrfToken: session?.session.csrfToken ?? null,
      expiresAt: session?.session.expiresAt ?? null,
    });
  });

  // Signing out needs the CSRF token like any change; without a live session there is nothing to end.
  const guard = requireModerator(deps);
  router.delete(
    '/api/v1/session',
    (req, res, next) => {
      if (cookieValue(req, SESSION_COOKIE)) return next();
      setSessionCookie(req, res, '', 0);
      res.status(204).end();
    },
    (req, res, next) => {
      void guard(req, res, (err?: unknown) => {
        // An expired or ended session: clear the cookie all the same.
        if (err instanceof ServiceError && err.code === 'unauthorized') {
          setSessionCookie(req, res, '', 0);
          res.status(204).end();
          return;
        }
        next(err);
      });
    },
    async (req, res) => {
      const session = requestSession(res);
      if (session) await signOut(deps, session.sessionId);
      setSessionCookie(req, res, '', 0);
      res.status(204).end();
    },
  );

  return router;
}

async function nameBlocked(deps: ModeratorGuardDeps, name: string): Promise<RateLimitedError | undefined> {
  const wait = deps.authFailures ? await deps.authFailures.blockedFor(nameKey(name)).catch(() => 0) : 0;
  return wait > 0
    ? new RateLimitedError(`Too many failed sign-ins for this name; try again in ${wait} s`, wait)
    : undefined;
}
