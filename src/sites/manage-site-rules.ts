/**
 * Changing a site's rules: store the whole set, then drop this process's compiled copy so the next
 * comment here is judged by the new rules at once (other processes notice within their cache's check interval).
 */
import type { SiteRules, StoredSiteRules } from '../../models/site-rules.ts';
import type { SiteRulesStore } from '../store/site-rules-store.ts';
import type { SiteRulesCache } from './site-rules-cache.ts';

export interface SiteRulesAdminDeps {
  rulesStore: SiteRulesStore;
  rules?: SiteRulesCache | undefined;
}

export async function replaceSiteRules(deps: SiteRulesAdminDeps, siteId: string, rules: SiteRules): Promise<StoredSiteRules> {
  const stored = await deps.rulesStore.put(siteId, rules);
  deps.rules?.invalidate(siteId);
  return stored;
}
