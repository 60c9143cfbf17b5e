/**
 * The site rules store boundary: each site's rule set, replaced as a whole, and a version that changes
 * with every write so every process's compiled-rules cache knows when to look again.
 * redis-site-rules-store.ts is the implementation; memory-site-rules-store.ts the in-process one.
 */
import type { SiteRules, StoredSiteRules } from '../../models/site-rules.ts';

export interface SiteRulesStore {
  /** The site's rules, or null when it has never had any. */
  get(siteId: string): Promise<StoredSiteRules | null>;
  /** Replaces the site's whole rule set; returns it with its new revision. */
  put(siteId: string, rules: SiteRules): Promise<StoredSiteRules>;
  /** Deletes the site's rules (when the site goes); false when it had none. */
  remove(siteId: string): Promise<boolean>;
  /** Grows with every put or remove of any site's rules. */
  version(): Promise<number>;
}
