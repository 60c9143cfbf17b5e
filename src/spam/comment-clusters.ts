/**
 * Groups queued comments that probably come from one source, so a moderator can decide a whole spam wave
 * at once: the same network (IPv4 /24, IPv6 /64), the same link domain (in the text or the website field),
 * the same e-mail domain (except the big free-mail providers, whose users have nothing else in common), or
 * near-duplicate text. Pure: no I/O; the work per comment is bounded (see near-duplicates.ts).
 */
import { normaliseIp, ipv6Groups } from '../net/ip-address.ts';
import { isIP } from 'node:net';
import { baseDomain, urlDomain } from './tokenize.ts';
import { groupSignatures, minHashSignature, prepareText, type PreparedText } from './near-duplicates.ts';

export const CLUSTER_KINDS = ['near-duplicate', 'link-domain', 'email-domain', 'ip'] as const;
export type ClusterKind = (typeof CLUSTER_KINDS)[number];

/** The fields of a comment clustering reads. */
export interface ClusterInput {
  id: string;
  comment: string;
  email: string;
  website: string | null;
  ip: string | null;
}

export interface CommentCluster {
  /** Stable for the same kind and key: `<kind>-<base64url of key>`. */
  id: string;
  kind: ClusterKind;
  /** The shared network, domain, or for near-duplicates the id of the group's first comment. */
  key: string;
  /** Members in input order. */
  commentIds: string[];
}

/** Fewer members than this is not a group. */
export const MIN_CLUSTER_SIZE = 2;
/** Link domains read per comment: enough for any real comment, bounded for a link dump. */
const MAX_DOMAINS_PER_COMMENT = 20;

/**
 * Free-mail providers: thousands of unrelated readers share gmail.com, so an e-mail-domain group of them
 * would only invite a wrong "mark all spam". Matched on the registrable domain; the names in
 * FREE_MAIL_BRANDS also under any country suffix (yahoo.co.uk, outlook.de, gmx.at...).
 */
const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'live.com', 'msn.com', 'aol.com', 'icloud.com', 'me.com', 'mac.com', 'protonmail.com',
  'proton.me', 'pm.me', 'web.de', 'mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'ya.ru', 'qq.com', '163.com', '126.com',
  'yeah.net', 'sina.com', 'naver.com', 'daum.net', 'zoho.com', 'fastmail.com', 'hey.com', 'tutanota.com', 'tuta.io',
  't-online.de', 'freenet.de', 'orange.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'wanadoo.fr', 'libero.it', 'virgilio.it',
  'seznam.cz', 'wp.pl', 'o2.pl', 'interia.pl', 'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net', 'bellsouth.net',
  'btinternet.com', 'sky.com', 'rediffmail.com', 'mail.com', 'email.com', 'usa.com', 'rocketmail.com', 'ymail.com',
  'bigpond.com', 'shaw.ca', 'rogers.com', 'uol.com.br', 'bol.com.br', 'terra.com.br', 'rambler.ru',
]);
const FREE_MAIL_BRANDS: ReadonlySet<string> = new Set(['yahoo', 'hotmail', 'outlook', 'gmx', 'yandex', 'live', 'aim']);

/** True for a free-mail provider's domain (its registrable domain, e.g. `googlemail.com`, `yahoo.co.uk`). */
export function isFreeMailDomain(domain: string): boolean {
  const base = baseDomain(domain.toLowerCase());
  return FREE_MAIL_DOMAINS.has(base) || FREE_MAIL_BRANDS.has(base.split('.')[0]!);
}

/** The network a comment was sent from: the IPv4 /24 (`203.0.113.0/24`) or the IPv6 /64 (`2001:db8:1:2::/64`). */
export function networkKey(ip: string | null): string | null {
  const n = normaliseIp(ip);
  if (!n) return null;
  if (isIP(n) === 4) return `${n.split('.').slice(0, 3).join('.')}.0/24`;
  return `${ipv6Groups(n)
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The registrable domains of the links in the text (its first MAX_TEXT characters) and the website field. */
export function linkDomains(c: Pick<ClusterInput, 'comment' | 'website'>, prepared: PreparedText = prepareText(c.comment)): string[] {
  const domains = new Set<string>();
  const links = c.website ? [c.website, ...prepared.links] : prepared.links;
  for (const link of links) {
    const host = urlDomain(link);
    // An IP address as a host is a network, not a domain; `1.2.3.4` has no registrable part.
    if (host && !isIP(host)) domains.add(baseDomain(host));
    if (domains.size >= MAX_DOMAINS_PER_COMMENT) break;
  }
  return [...domains];
}

/** The registrable domain of the e-mail address, or null for none or a free-mail provider. */
export function emailDomainKey(email: string): string | null {
  const e = email.trim().toLowerCase();
  const at = e.lastIndexOf('@');
  const domain = at > 0 ? e.slice(at + 1) : '';
  if (!domain.includes('.') || isFreeMailDomain(domain)) return null;
  return baseDomain(domain);
}

/** `<kind>-<base64url of key>`: URL-safe, and the same for the same group whenever it is computed. */
export function clusterId(kind: ClusterKind, key: string): string {
  return `${kind}-${Buffer.from(key, 'utf8').toString('base64url')}`;
}

const KIND_RANK: Record<ClusterKind, number> = { 'near-duplicate': 0, 'link-domain': 1, 'email-domain': 2, ip: 3 };

/** What clustering needs of one comment, computed once (the costly part: normalising, links, MinHash). */
export interface ClusterFeatures {
  id: string;
  network: string | null;
  linkDomains: string[];
  emailDomain: string | null;
  signature: Uint32Array | null;
}

export function clusterFeatures(c: ClusterInput): ClusterFeatures {
  // The text is normalised and searched for links once, for link domains and near-duplicates alike.
  const prepared = prepareText(c.comment);
  return { id: c.id, network: networkKey(c.ip), linkDomains: linkDomains(c, prepared), emailDomain: emailDomainKey(c.email), signature: minHashSignature(prepared) };
}

/**
 * Every group of at least MIN_CLUSTER_SIZE comments sharing a network, a link domain, an e-mail domain or
 * near-duplicate text. A comment may be in several groups (one per kind and key). Largest groups first;
 * among equal sizes the more telling kinds (near-duplicate, link domain) first.
 */
export function clusterComments(comments: readonly ClusterInput[]): CommentCluster[] {
  return groupClusters(comments.map(clusterFeatures));
}

/** clusterComments for features computed beforehand (so a caller can compute them in slices). */
export function groupClusters(features: readonly ClusterFeatures[]): CommentCluster[] {
  const byKey = new Map<string, { kind: ClusterKind; key: string; ids: string[] }>();
  const add = (kind: ClusterKind, key: string, id: string) => {
    const k = `${kind}\n${key}`;
    const g = byKey.get(k);
    if (g) g.ids.push(id);
    else byKey.set(k, { kind, key, ids: [id] });
  };
  for (const f of features) {
    if (f.network) add('ip', f.network, f.id);
    for (const d of f.linkDomains) add('link-domain', d, f.id);
    if (f.emailDomain) add('email-domain', f.emailDomain, f.id);
  }
  const clusters: CommentCluster[] = [];
  for (const g of byKey.values()) {
    if (g.ids.length >= MIN_CLUSTER_SIZE) clusters.push({ id: clusterId(g.kind, g.key), kind: g.kind, key: g.key, commentIds: g.ids });
  }
  for (const group of groupSignatures(features.map((f) => f.signature))) {
    const key = features[group[0]!]!.id;
    clusters.push({ id: clusterId('near-duplicate', key), kind: 'near-duplicate', key, commentIds: group.map((i) => features[i]!.id) });
  }
  return clusters.sort(
    (a, b) => b.commentIds.length - a.commentIds.length || KIND_RANK[a.kind] - KIND_RANK[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}
