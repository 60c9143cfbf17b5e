/** SiteRulesStore in process memory, with the Redis store's semantics: whole-set writes and a growing version. */
import type { SiteRules, StoredSiteRules } from '../../models/site-rules.ts';
import type { SiteRulesStore } from './site-rules-store.ts';

const copy = <T>(v: T): T => structuredClone(v);

export class MemorySiteRulesStore implements SiteRulesStore {
  private readonly bySite = new Map<string, StoredSiteRules>();
  private changes = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async get(siteId: string): Promise<StoredSiteRules | null> {
    const s = this.bySite.get(siteId);
    return s ? copy(s) : null;
  }

  async put(siteId: string, rules: SiteRules): Promise<StoredSiteRules> {
    const stored: StoredSiteRules = { siteId, rules: copy(rules), revision: ++this.changes, updatedAt: new Date(this.now()).toISOString() };
    this.bySite.set(siteId, stored);
    return copy(stored);
  }

  async remove(siteId: string): Promise<boolean> {
    if (!this.bySite.delete(siteId)) return false;
    this.changes++;
    return true;
  }

  async version(): Promise<number> {
    return this.changes;
  }
}
