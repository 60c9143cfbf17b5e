/**
 * Chooses the rate limit by caller: calls with a site key count against that key (backends submit
 * for many readers from one IP), anonymous calls against their IP (an IPv6 client's whole /64). Runs after site-auth.
 */
import type { RequestHandler } from 'express';
import { rateLimit, type RateLimiter } from './rate-limit.ts';
import { requestSite } from './site-auth.ts';
import { clientGroup, clientIp } from './client-address.ts';

export function rateLimitByCaller(perIp: RateLimiter | undefined, perKey: RateLimiter | undefined): RequestHandler {
  const byIp = rateLimit(perIp, (req) => `ip:${clientGroup(clientIp(req))}`);
  const byKey = rateLimit(perKey, (_req, res) => `key:${requestSite(res).keyId}`);
  return (req, res, next) => (requestSite(res).keyed ? byKey : byIp)(req, res, next);
}
