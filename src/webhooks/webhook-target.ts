/**
 * Where webhooks may go. A webhook URL is chosen by whoever configures a site, and the service POSTs
 * to it from inside the network, so loopback, private, link-local, unique-local and other special
 * addresses are refused: at configuration time, and again on the address actually connected to at
 * delivery time (a name may resolve elsewhere by then: DNS rebinding). WEBHOOK_ALLOW_PRIVATE=1 lifts it.
 */
import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';

/** Thrown (or passed to a lookup callback) for a refused target; the message says why. */
export class WebhookTargetError extends Error {
  override name = 'WebhookTargetError';
  readonly code = 'EWEBHOOKTARGET';
}

// Two lists: one BlockList would match IPv4 addresses against IPv4-mapped IPv6 rules too.
const special4 = new BlockList();
const special6 = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata endpoints
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) {
  special4.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible
  ['::ffff:0:0', 96], // IPv4-mapped
  ['64:ff9b::', 96], // NAT64: reaches IPv4 addresses through a translator
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4 address
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  special6.addSubnet(net, bits, 'ipv6');
}

/** True for an address on the public internet; false for loopback, private, link-local, mapped and other special ranges. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return family === 4 ? !special4.check(address, 'ipv4') : !special6.check(address, 'ipv6');
}

/** Resolves a host name to every address it has. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });

function refuse(host: string, address: string): WebhookTargetError {
  const shown = host === address ? address : `${host} (${address})`;
  return new WebhookTargetError(`webhook target ${shown} is a loopback, private, link-local or otherwise non-public address; set WEBHOOK_ALLOW_PRIVATE=1 to allow it`);
}

/** `[::1]` → `::1`; URL host names keep IPv6 literals in brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** The addresses `host` may be connected to, or a WebhookTargetError naming the first refused one. */
export async function permittedAddresses(host: string, opts: { allowPrivate: boolean; resolve?: Resolver }): Promise<LookupAddress[]> {
  const family = isIP(host);
  const addresses = family ? [{ address: host, family }] : await (opts.resolve ?? systemResolver)(host);
  if (addresses.length === 0) throw new WebhookTargetError(`webhook target ${host} has no address`);
  if (!opts.allowPrivate) {
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad) throw refuse(host, bad.address);
  }
  return addresses;
}

/**
 * Configuration-time check of a webhook URL: http(s), and every address its host resolves to is
 * public (unless allowPrivate). Throws WebhookTargetError with a message for the operator.
 */
export async function checkWebhookUrl(raw: string, opts: { allowPrivate: boolean; resolve?: Resolver }): Promise<void> {
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookTargetError('webhook URL must be http or https');
  try {
    await permittedAddresses(bareHost(url), opts);
  } catch (err) {
    if (err instanceof WebhookTargetError) throw err;
    throw new WebhookTargetError(`webhook host ${bareHost(url)} does not resolve (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request: resolves, refuses any non-public answer, and hands the socket only
 * the addresses it checked, so the check and the connection can't see different DNS answers.
 */
export function guardedLookup(opts: { allowPrivate: boolean; resolve?: Resolver }) {
  return (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void => {
    permittedAddresses(hostname, opts).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        const list = wanted.length ? wanted : addresses;
        if (options.all) callback(null, list);
        else callback(null, list[0]!.address, list[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
}

export { bareHost };
