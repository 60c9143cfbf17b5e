/**
 * The client's address as the service uses it: the request's address (honouring TRUST_PROXY), validated
 * and normalised by src/net/ip-address.ts, which also groups it for rate limits.
 */
import type { Request } from 'express';
import { normaliseIp } from '../net/ip-address.ts';

export { clientGroup, ipv6Groups, normaliseIp, stablePrefix } from '../net/ip-address.ts';

/**
 * `req.ip` (which honours TRUST_PROXY) if it is an IP address, else the socket's address: with a hop
 * count Express returns whatever string sits in X-Forwarded-For, and that must not become a rate-limit key.
 */
export function clientIp(req: Request): string | null {
  // Without X-Forwarded-For, `req.ip` is the socket's address whatever TRUST_PROXY says: skip parsing for it.
  if (req.headers['x-forwarded-for'] === undefined) return normaliseIp(req.socket.remoteAddress);
  return normaliseIp(req.ip) ?? normaliseIp(req.socket.remoteAddress);
}
