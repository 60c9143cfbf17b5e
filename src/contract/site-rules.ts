/**
 * Request and response schemas of a site's rules (GET/PUT /api/v1/sites/:id/rules), shared by the
 * route, the sites CLI's --set-file and the OpenAPI document. Every entry is checked the way the
 * matcher reads it, so a stored rule always means something.
 */
import { z } from 'zod';
import { documented } from './registry.ts';
import { isIpRange } from '../net/ip-ranges.ts';
import { phrasePattern } from '../spam/phrase-matcher.ts';
import { normaliseDomain, normaliseEmail } from '../spam/site-rules.ts';
import { emptySiteRules, type SiteRules } from '../../models/site-rules.ts';

/** Entries per list: 1,000 rules per site is the design load; this leaves room. */
export const MAX_RULE_ENTRIES = 5000;

const list = (entry: z.ZodString, check: (s: string) => boolean, what: string, description: string) =>
  z
    .array(entry.refine(check, { message: what }))
    .max(MAX_RULE_ENTRIES, `At most ${MAX_RULE_ENTRIES} entries`)
    .default([])
    .describe(description);

const phrases = (description: string) =>
  list(z.string().max(100, 'At most 100 characters'), (s) => phrasePattern(s) !== null, 'A word or phrase with a letter or digit', description);
const emails = (description: string) => list(z.string().max(254), (s) => normaliseEmail(s) !== null, 'An e-mail address', description);
const domains = (description: string) => list(z.string().max(253), (s) => normaliseDomain(s) !== null, 'A domain name such as example.com', description);
const ips = (description: string) => list(z.string().max(64), isIpRange, 'An IP address or CIDR range', description);

/** A site's whole rule set; lists left out are empty. */
export const SiteRulesBody = documented(
  z.strictObject({
    holdWords: phrases('Words or phrases that hold a comment for a moderator (`rule:hold-words`). Case, accents, fullwidth forms and invisible characters are ignored; matches whole words, or inside words with `*` at an end (`casino*`)'),
    spamWords: phrases('Words or phrases that send a comment to spam (`rule:spam-words`), matched like holdWords'),
    maxLinks: z.number().int().min(0).max(1000).nullable().default(null).describe('Hold a comment with more than this many links (`rule:max-links`); null: no limit'),
    holdFirstComment: z.boolean().default(false).describe('Hold a comment unless its author (e-mail, from the same network) had one published on this site (`rule:first-comment`)'),
    allowEmails: emails('Publish, without the classifier, comments from these addresses (`rule:allow-email`)'),
    allowEmailDomains: domains('Publish comments from addresses at these domains and their subdomains (`rule:allow-email-domain`)'),
    allowIps: ips('Publish comments from these addresses or CIDR ranges; an IPv6 address stands for its /64 (`rule:allow-ip`)'),
    allowLinkDomains: domains('Links to these domains and their subdomains do not count against maxLinks'),
    blockEmails: emails('Send comments from these addresses to spam (`rule:block-email`)'),
    blockEmailDomains: domains('Send comments from addresses at these domains and their subdomains to spam (`rule:block-email-domain`)'),
    blockIps: ips('Send comments from these addresses or CIDR ranges to spam; an IPv6 address stands for its /64 (`rule:block-ip`)'),
    blockLinkDomains: domains('Send comments with a link to these domains or their subdomains to spam (`rule:block-link-domain`)'),
  }),
  {
    id: 'SiteRules',
    description:
      'Checked before the classifier; the first that matches decides, in this order: block lists (spam), allow lists (publish), spamWords, holdWords, maxLinks, holdFirstComment (held). A decision is recorded as `rule:<name>`.',
  },
);

export const SiteRulesView = documented(
  z.strictObject({
    siteId: z.string(),
    rules: SiteRulesBody,
    revision: z.number().int().describe('Changes with every write; 0 for a site that never had rules'),
    updatedAt: z.string().nullable(),
  }),
  { id: 'SiteRulesView' },
);

/** The rules as given, or the failing fields (`holdWords.3: A word or phrase…`). */
export function parseSiteRules(body: unknown): { rules: SiteRules } | { fields: Record<string, string> } {
  const parsed = SiteRulesBody.safeParse(body ?? {});
  if (parsed.success) return { rules: { ...emptySiteRules(), ...parsed.data } };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.join('.') || 'body';
    fields[path] ??= issue.code === 'unrecognized_keys' ? `Unknown field(s): ${issue.keys.join(', ')}` : issue.message;
  }
  return { fields };
}
