/**
 * The site rules model: a site owner's own moderation rules, in the spirit of WordPress's discussion
 * settings, checked before the classifier. The record, the rule names that show in reasons and
 * `decidedBy` (`rule:<name>`), and the order in which rules take precedence.
 */

/** Every list and switch a site's rules hold. Lists hold entries as the admin wrote them. */
export interface SiteRules {
  /** Words or phrases that hold a comment for a moderator. `*` at either end matches inside words. */
  holdWords: string[];
  /** Words or phrases that send a comment to spam. */
  spamWords: string[];
  /** Hold a comment with more than this many links; null: no limit. */
  maxLinks: number | null;
  /** Hold a comment unless its author had a comment published on this site before. */
  holdFirstComment: boolean;
  /** Publish without the classifier when the author's e-mail, e-mail domain or IP (CIDR) is listed. */
  allowEmails: string[];
  allowEmailDomains: string[];
  allowIps: string[];
  /** Links to these domains (and their subdomains) are not counted against maxLinks. */
  allowLinkDomains: string[];
  /** Spam when the author's e-mail, e-mail domain or IP (CIDR) is listed, or a link points to a listed domain. */
  blockEmails: string[];
  blockEmailDomains: string[];
  blockIps: string[];
  blockLinkDomains: string[];
}

/** The rule set of a site that has none: nothing is checked. */
export function emptySiteRules(): SiteRules {
  return {
    holdWords: [],
    spamWords: [],
    maxLinks: null,
    holdFirstComment: false,
    allowEmails: [],
    allowEmailDomains: [],
    allowIps: [],
    allowLinkDomains: [],
    blockEmails: [],
    blockEmailDomains: [],
    blockIps: [],
    blockLinkDomains: [],
  };
}

/** The rule set as stored: the rules, plus what changes with every write. */
export interface StoredSiteRules {
  siteId: string;
  rules: SiteRules;
  /** Grows with every write of any site's rules; a cache recompiles a site whose revision changed. */
  revision: number;
  updatedAt: string;
}

/**
 * The names a decision is recorded under (`decidedBy` and the audit actor `rule:<name>`), in order of
 * precedence: the first that matches decides. Block lists beat allow lists, so a whole domain can be
 * allowed and one address in it blocked; allow lists beat the word and link rules, because an admin who
 * vouches for an author vouches for their words.
 */
export const RULE_NAMES = [
  'block-email',
  'block-email-domain',
  'block-ip',
  'block-link-domain',
  'allow-email',
  'allow-email-domain',
  'allow-ip',
  'spam-words',
  'hold-words',
  'max-links',
  'first-comment',
] as const;

export type RuleName = (typeof RULE_NAMES)[number];

/** What a matching rule does: publish (allow lists), flag for a moderator (hold rules) or reject as spam. */
export const RULE_VERDICT: Record<RuleName, 'publish' | 'flag' | 'reject'> = {
  'block-email': 'reject',
  'block-email-domain': 'reject',
  'block-ip': 'reject',
  'block-link-domain': 'reject',
  'allow-email': 'publish',
  'allow-email-domain': 'publish',
  'allow-ip': 'publish',
  'spam-words': 'reject',
  'hold-words': 'flag',
  'max-links': 'flag',
  'first-comment': 'flag',
};

/** `rule:<name>`: what `decidedBy` and the audit trail record for a rule's decision. */
export const ruleActor = (name: RuleName): string => `rule:${name}`;
