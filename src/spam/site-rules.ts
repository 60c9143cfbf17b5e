/**
 * Site rules, compiled and applied: a site's lists become one phrase automaton, hash sets of e-mail
 * addresses and domains, and IP range maps, built once per change of the rules. Applying them reads the
 * comment once (linear in its length, whatever the number of rules) and returns the decision of the
 * first matching rule in RULE_NAMES order, with the rule's name and what matched in the reasons.
 * Pure: the one rule that needs the author's history (first-comment) is left to the caller.
 */
import { domainToASCII } from 'node:url';
import { RULE_VERDICT, type RuleName, type SiteRules } from '../../models/site-rules.ts';
import type { Verdict } from './policy.ts';
import { IpRangeSet } from '../net/ip-ranges.ts';
import { PhraseAutomaton, foldWords, phrasePattern } from './phrase-matcher.ts';
import { findUrls, normalizeText, urlDomain } from './tokenize.ts';

/** What the rules read of a comment. */
export interface RuleInput {
  text: string;
  name: string;
  email: string;
  website: string | null;
  ip: string | null;
}

/** A rule's decision: the verdict it stands for, its name and why. */
export interface RuleDecision {
  rule: RuleName;
  verdict: Verdict;
  /** `rule:<name> <what matched>`, e.g. `rule:hold-words "casino"`. */
  reasons: string[];
}

/** How many matched words or phrases a reason quotes. */
const MAX_QUOTED = 5;

/** Letters, digits and hyphens in dot-separated labels: already in the form domains are compared in. */
const LDH_DOMAIN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/;

/** `Example.COM.`, `@example.com`, `*.example.com`, `bücher.de` → `example.com`, `xn--bcher-kva.de`; null if not a domain. */
export function normaliseDomain(raw: string): string | null {
  const d = raw.trim().replace(/^[@*]?\.?/, '').replace(/\.+$/, '').toLowerCase();
  if (LDH_DOMAIN.test(d)) return d;
  if (!d || d.includes('/') || d.includes('@')) return null;
  // Internationalised names compare in their ASCII (punycode) form, whichever form was written.
  const ascii = domainToASCII(d.normalize('NFKC'));
  return ascii && LDH_DOMAIN.test(ascii) ? ascii : null;
}

/** Lower-case, NFKC, trimmed; the domain as normaliseDomain has it. Null when it is not an address. */
export function normaliseEmail(raw: string): string | null {
  const e = raw.trim().normalize('NFKC').toLowerCase();
  const at = e.lastIndexOf('@');
  if (at <= 0) return null;
  const domain = normaliseDomain(e.slice(at + 1));
  return domain ? `${e.slice(0, at)}@${domain}` : null;
}

/** The domain and each parent domain, most specific first: a.b.example.com, b.example.com, example.com, com. */
function domainAndParents(domain: string): string[] {
  const out = [domain];
  for (let i = domain.indexOf('.'); i !== -1; i = domain.indexOf('.', i + 1)) out.push(domain.slice(i + 1));
  return out;
}

/** A set of domains matched with their subdomains; the value is the entry as written. */
class DomainSet {
  private readonly map = new Map<string, string>();
  constructor(entries: readonly string[]) {
    for (const e of entries) {
      const d = normaliseDomain(e);
      if (d && !this.map.has(d)) this.map.set(d, e.trim());
    }
  }
  get size(): number {
    return this.map.size;
  }
  match(domain: string | null): string | null {
    if (!domain || this.map.size === 0) return null;
    for (const d of domainAndParents(domain)) {
      const hit = this.map.get(d);
      if (hit !== undefined) return hit;
    }
    return null;
  }
}

class EmailSet {
  private readonly map = new Map<string, string>();
  constructor(entries: readonly string[]) {
    for (const e of entries) {
      const n = normaliseEmail(e);
      if (n && !this.map.has(n)) this.map.set(n, e.trim());
    }
  }
  get size(): number {
    return this.map.size;
  }
  match(email: string | null): string | null {
    return email ? (this.map.get(email) ?? null) : null;
  }
}

/** A site's rules ready to apply. Build with compileSiteRules; immutable afterwards. */
export interface CompiledSiteRules {
  /** False when no rule can match: the caller skips the work. */
  readonly active: boolean;
  readonly holdFirstComment: boolean;
  /** The number of list entries compiled, for logs and benchmarks. */
  readonly size: number;
  /** Every rule but first-comment, in precedence order. */
  decide(input: RuleInput): RuleDecision | null;
}

interface Phrase {
  list: 'spam-words' | 'hold-words';
  text: string;
}

function decision(rule: RuleName, detail: string | null): RuleDecision {
  return { rule, verdict: RULE_VERDICT[rule], reasons: [detail === null ? `rule:${rule}` : `rule:${rule} ${detail}`] };
}

const quoted = (phrases: string[]) => phrases.slice(0, MAX_QUOTED).map((p) => JSON.stringify(p)).join(', ');

const hostOf = (url: string): string | null => {
  const h = urlDomain(url);
  return h ? normaliseDomain(h) : null;
};

/** The hosts the links of a comment point to (in the text, then the website field); e-mail domains are not links. */
function linkHosts(clean: string, website: string | null): { textHosts: (string | null)[]; hosts: string[] } {
  const emailDomains = new Set<string>();
  if (clean.includes('@')) for (const m of clean.matchAll(/[^\s@<>]+@([^\s@<>]+)/g)) emailDomains.add(m[1]!.toLowerCase().replace(/[.,;:!?)]+$/, ''));
  const textHosts = findUrls(clean)
    .filter((u) => !emailDomains.has(u.toLowerCase()))
    .map(hostOf);
  const hosts = [...textHosts, website ? hostOf(website) : null].filter((h): h is string => h !== null);
  return { textHosts, hosts };
}

/** Compiles a site's rules once; the result answers any number of comments. */
export function compileSiteRules(rules: SiteRules): CompiledSiteRules {
  const blockEmails = new EmailSet(rules.blockEmails);
  const blockEmailDomains = new DomainSet(rules.blockEmailDomains);
  const blockIps = new IpRangeSet(rules.blockIps);
  const blockLinks = new DomainSet(rules.blockLinkDomains);
  const allowEmails = new EmailSet(rules.allowEmails);
  const allowEmailDomains = new DomainSet(rules.allowEmailDomains);
  const allowIps = new IpRangeSet(rules.allowIps);
  const allowLinks = new DomainSet(rules.allowLinkDomains);
  const phrases: Phrase[] = [];
  const patterns: string[] = [];
  for (const [list, entries] of [['spam-words', rules.spamWords], ['hold-words', rules.holdWords]] as const) {
    for (const text of entries) {
      const pattern = phrasePattern(text);
      if (pattern === null) continue;
      phrases.push({ list, text: text.trim() });
      patterns.push(pattern);
    }
  }
  const automaton = new PhraseAutomaton(patterns);
  const maxLinks = rules.maxLinks;
  const needsLinks = blockLinks.size > 0 || maxLinks !== null;
  const size =
    blockEmails.size + blockEmailDomains.size + blockIps.size + blockLinks.size + allowEmails.size + allowEmailDomains.size + allowIps.size + allowLinks.size + phrases.length;
  const active = size > 0 || maxLinks !== null || rules.holdFirstComment;

  return {
    active,
    holdFirstComment: rules.holdFirstComment,
    size,
    decide(input) {
      if (!active) return null;
      const email = normaliseEmail(input.email);
      const emailDomain = email ? email.slice(email.lastIndexOf('@') + 1) : null;
      // Entities decoded, tags dropped, compatibility forms and invisibles normalised: as the classifier reads it.
      const text = needsLinks || phrases.length > 0 ? normalizeText(input.text) : '';
      const links = needsLinks ? linkHosts(text, input.website) : null;

      let hit = blockEmails.match(email);
      if (hit !== null) return decision('block-email', hit);
      if ((hit = blockEmailDomains.match(emailDomain)) !== null) return decision('block-email-domain', hit);
      if ((hit = blockIps.match(input.ip)) !== null) return decision('block-ip', hit);
      if (links) {
        for (const host of links.hosts) if ((hit = blockLinks.match(host)) !== null) return decision('block-link-domain', hit);
      }
      if ((hit = allowEmails.match(email)) !== null) return decision('allow-email', hit);
      if ((hit = allowEmailDomains.match(emailDomain)) !== null) return decision('allow-email-domain', hit);
      if ((hit = allowIps.match(input.ip)) !== null) return decision('allow-ip', hit);

      if (phrases.length > 0) {
        const found = automaton.match(foldWords(`${input.name}\n${input.website ?? ''}\n${text}`)).map((id) => phrases[id]!);
        for (const list of ['spam-words', 'hold-words'] as const) {
          const matched = [...new Set(found.filter((p) => p.list === list).map((p) => p.text))];
          if (matched.length > 0) return decision(list, quoted(matched));
        }
      }
      if (links && maxLinks !== null) {
        const counted = links.textHosts.filter((h) => allowLinks.match(h) === null).length;
        if (counted > maxLinks) return decision('max-links', `${counted} > ${maxLinks}`);
      }
      return null;
    },
  };
}

/** The first-comment rule's decision, for a caller that found the author has no published comment here. */
export const firstCommentDecision = (): RuleDecision => decision('first-comment', null);
