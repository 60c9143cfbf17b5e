/**
 * Which site a request belongs to. A site key (`Authorization: Bearer <key>`) names it for backends;
 * public widget requests are matched by their Origin or Referer against sites' allowed origins and
 * otherwise belong to the default site. A key that is sent but unknown is always a 401.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DEFAULT_SITE_ID, type Site } from '../../models/site.ts';
import { ServiceError } from '../errors.ts';
import type { SiteRegistry } from '../sites/site-registry.ts';
import { hashApiKey, looksLikeApiKey } from '../sites/api-key.ts';
import { bearerToken } from './moderator-auth.ts';

/** What site-auth attaches to `res.locals.site`. */
export interface RequestSite {
  site: Site;
  /** True when a valid site key authenticated the request. */
  keyed: boolean;
  /** A stable, non-secret id of the key (for per-key rate limits and idempotency scopes). */
  keyId: string | null;
}

export function invalidKey(message = 'Invalid API key'): ServiceError {
  return new ServiceError('unauthorized', message);
}

/** The origin a browser request came from: Origin, else the Referer's origin. */
export function requestOrigin(req: Request): string | undefined {
  const origin = req.get('origin');
  if (origin && origin !== 'null') return origin;
  const referer = req.get('referer');
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

/** Resolves a key to its site and attaches it; unknown keys get a 401. */
export async function siteForKey(registry: SiteRegistry, key: string): Promise<RequestSite> {
  const site = looksLikeApiKey(key) ? await registry.byKey(key) : undefined;
  if (!site) throw invalidKey();
  return { site, keyed: true, keyId: hashApiKey(key).slice(0, 24) };
}

/** Key optional: with a key, that key's site; without, the site claiming the page's origin, or the default. */
export function resolveSite(registry: SiteRegistry): RequestHandler {
  const keyed = async (header: string, res: Response, next: NextFunction) => {
    const key = bearerToken(header);
    if (!key) throw invalidKey('Send the site key as Authorization: Bearer <key>');
    res.locals.site = await siteForKey(registry, key);
    next();
  };
  // Synchronous without a key (every widget submission): no promise per request.
  return (req, res, next) => {
    const header = req.get('authorization');
    if (header !== undefined) return keyed(header, res, next);
    const origin = requestOrigin(req);
    const site = (origin ? registry.byOrigin(origin) : undefined) ?? registry.get(DEFAULT_SITE_ID)!;
    res.locals.site = { site, keyed: false, keyId: null } satisfies RequestSite;
    next();
  };
}

/** Key required (backend-only endpoints): 401 without one or with a wrong one. */
export function requireSiteKey(registry: SiteRegistry): RequestHandler {
  return async (req, res, next) => {
    const key = bearerToken(req.get('authorization'));
    if (!key) throw invalidKey('A site key is required: Authorization: Bearer <key>');
    res.locals.site = await siteForKey(registry, key);
    next();
  };
}

export function requestSite(res: Response): RequestSite {
  const s = res.locals.site as RequestSite | undefined;
  if (!s) throw new Error('site-auth middleware did not run');
  return s;
}
