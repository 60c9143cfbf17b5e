/**
 * IP lists for site rules: single addresses and CIDR ranges, IPv4 and IPv6, matched in a constant
 * number of map lookups (one per distinct prefix length in the list). An IPv6 subscriber usually holds a
 * whole /64, so IPv6 entries count by their /64: a single IPv6 address, or a range narrower than /64,
 * stands for the /64 it is in.
 */
import { isIP } from 'node:net';
import { ipv6Groups, normaliseIp } from './ip-address.ts';

/** A parsed entry: the family, the prefix length that counts, and the address bits above it. */
interface IpRange {
  family: 4 | 6;
  prefix: number;
  bits: bigint;
}

/** IPv6 addresses are compared by their first 64 bits only. */
const V6_BITS = 64;

/** The address as a number: all 32 bits of IPv4, the top 64 bits of IPv6. */
function addressBits(ip: string, family: 4 | 6): bigint {
  if (family === 4) return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  return ipv6Groups(ip)
    .slice(0, 4)
    .reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

function masked(bits: bigint, width: number, prefix: number): bigint {
  return prefix === 0 ? 0n : (bits >> BigInt(width - prefix)) << BigInt(width - prefix);
}

/** `203.0.113.7`, `203.0.113.0/24`, `2001:db8::1` (its /64), `2001:db8::/32`; null when it is none of these. */
export function parseIpRange(entry: string): IpRange | null {
  const [addr, len, extra] = entry.trim().split('/');
  if (extra !== undefined || !addr) return null;
  const ip = normaliseIp(addr);
  if (!ip) return null;
  const family = isIP(ip) as 4 | 6;
  const max = family === 4 ? 32 : 128;
  let prefix = max;
  if (len !== undefined) {
    if (!/^\d{1,3}$/.test(len) || Number(len) > max) return null;
    prefix = Number(len);
  }
  const width = family === 4 ? 32 : V6_BITS;
  prefix = Math.min(prefix, width);
  return { family, prefix, bits: masked(addressBits(ip, family), width, prefix) };
}

/** True when `entry` is an IP address or CIDR range a list accepts. */
export const isIpRange = (entry: string): boolean => parseIpRange(entry) !== null;

/** A list of addresses and ranges; `match` says which entry (as written) covers an address. */
export class IpRangeSet {
  /** family → prefix length → masked bits → the entry as written. Longest prefixes are tried first. */
  private readonly byFamily = new Map<4 | 6, Map<number, Map<bigint, string>>>();
  private readonly prefixes = new Map<4 | 6, number[]>();

  /** Entries that do not parse are ignored (the API validates them before they are stored). */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const r = parseIpRange(entry);
      if (!r) continue;
      let lengths = this.byFamily.get(r.family);
      if (!lengths) this.byFamily.set(r.family, (lengths = new Map<number, Map<bigint, string>>()));
      let exact = lengths.get(r.prefix);
      if (!exact) lengths.set(r.prefix, (exact = new Map<bigint, string>()));
      if (!exact.has(r.bits)) exact.set(r.bits, entry.trim());
    }
    for (const [family, lengths] of this.byFamily) this.prefixes.set(family, [...lengths.keys()].sort((a, b) => b - a));
  }

  get size(): number {
    let n = 0;
    for (const lengths of this.byFamily.values()) for (const m of lengths.values()) n += m.size;
    return n;
  }

  /** The most specific entry that covers `ip`, or null (also for no or an invalid address). */
  match(ip: string | null): string | null {
    const n = normaliseIp(ip);
    if (!n || this.byFamily.size === 0) return null;
    const family = isIP(n) as 4 | 6;
    const lengths = this.byFamily.get(family);
    if (!lengths) return null;
    const width = family === 4 ? 32 : V6_BITS;
    const bits = addressBits(n, family);
    for (const prefix of this.prefixes.get(family)!) {
      const hit = lengths.get(prefix)!.get(masked(bits, width, prefix));
      if (hit !== undefined) return hit;
    }
    return null;
  }
}
