/**
 * IP address arithmetic, free of HTTP: validate and normalise an address for storage, and group it for
 * limits and signals. One IPv6 subscriber usually holds a whole /64, so limits count the /64 instead of
 * single addresses. Used by the HTTP layer (client addresses) and the comment store (known authors).
 */
import { isIP } from 'node:net';

/** `::ffff:1.2.3.4` → `1.2.3.4`; lower-case IPv6; null for anything that is not an IP address. */
export function normaliseIp(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let ip = raw.trim();
  const zone = ip.indexOf('%');
  if (zone !== -1) ip = ip.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped && isIP(mapped[1]!) === 4) return mapped[1]!;
  const family = isIP(ip);
  if (family === 4) return ip;
  if (family === 6) return ip.toLowerCase();
  return null;
}

/** The eight 16-bit groups of an IPv6 address (embedded IPv4 tails included). */
export function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase();
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, v4.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const parse = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = parse(head);
  if (tail === undefined) return h;
  const t = parse(tail);
  return [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
}

/**
 * The unit a per-client limit counts: the IPv4 address, or the IPv6 /64 (`2001:db8:1:2::/64`).
 * `unknown` when there is no usable address, so such requests share one budget rather than none.
 */
export function clientGroup(ip: string | null): string {
  const n = normaliseIp(ip);
  if (!n) return 'unknown';
  if (isIP(n) === 4) return n;
  return `${ipv6Groups(n)
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/**
 * A coarser prefix that stays the same for one subscriber across reconnects: the IPv4 /24 or the
 * IPv6 /48. Null without a usable address.
 */
export function stablePrefix(ip: string | null): string | null {
  const n = normaliseIp(ip);
  if (!n) return null;
  // A normalised IPv4 address is its four dotted numbers: the /24 is everything before the last dot.
  if (isIP(n) === 4) return `${n.slice(0, n.lastIndexOf('.'))}.0/24`;
  return `${ipv6Groups(n)
    .slice(0, 3)
    .map((g) => g.toString(16))
    .join(':')}::/48`;
}
