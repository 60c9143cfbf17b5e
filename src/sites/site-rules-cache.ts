/**
 * Each process's compiled site rules: a site's rules are compiled on first use and kept until they
 * change. Whether anything changed is one read of the store's version, done at most every `checkMs`
 * (2 s by default) and only when rules are asked for, so a rules edit made through another process is
 * in force everywhere within a few seconds, and a job costs no extra Redis round trip in between.
 */
import { compileSiteRules, type CompiledSiteRules } from '../spam/site-rules.ts';
import { emptySiteRules } from '../../models/site-rules.ts';
import type { SiteRulesStore } from '../store/site-rules-store.ts';

/** The compiled rules of a site, as the decision path asks for them. */
export interface SiteRulesCache {
  /** The site's compiled rules (inactive ones for a site without rules). */
  compiled(siteId: string): Promise<CompiledSiteRules>;
  /**
   * The site's compiled rules when `compiled` would answer them without reading Redis (known, and the store's version
   * checked within `checkMs`); undefined otherwise. Lets a caller skip the asynchronous path on most jobs.
   */
  current?(siteId: string): CompiledSiteRules | undefined;
  /** Forgets a site's compiled rules at once (this process just changed them). */
  invalidate(siteId: string): void;
}

export interface SiteRulesCacheOptions {
  /** How often, at most, the store's version is read (default 2000 ms). */
  checkMs?: number;
  now?: () => number;
}

const NO_RULES = compileSiteRules(emptySiteRules());

interface Entry {
  revision: number;
  compiled: CompiledSiteRules;
  /** The store version this entry was confirmed against. */
  checkedAt: number;
}

export function createSiteRulesCache(store: Pick<SiteRulesStore, 'get' | 'version'>, opts: SiteRulesCacheOptions = {}): SiteRulesCache {
  const checkMs = opts.checkMs ?? 2000;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, Entry>();
  /** Loads in flight, so concurrent jobs of one site compile once. */
  const loading = new Map<string, Promise<CompiledSiteRules>>();
  let version = -1;
  let lastCheck = -Infinity;
  let checking: Promise<void> | null = null;

  const checkVersion = async () => {
    if (now() - lastCheck < checkMs) return;
    checking ??= store
      .version()
      .then((v) => {
        version = v;
        lastCheck = now();
      })
      .finally(() => {
        checking = null;
      });
    await checking;
  };

  const load = async (siteId: string, cached: Entry | undefined): Promise<CompiledSiteRules> => {
    const seenVersion = version;
    const stored = await store.get(siteId);
    const revision = stored?.revision ?? 0;
    // Unchanged rules keep their compiled form: another site's edit costs this one a read, not a compile.
    const compiled = cached && cached.revision === revision ? cached.compiled : stored ? compileSiteRules(stored.rules) : NO_RULES;
    entries.set(siteId, { revision, compiled, checkedAt: seenVersion });
    return compiled;
  };

  /** The compiled rules when the version was checked within checkMs and this site's entry is of that version. */
  const current = (siteId: string): CompiledSiteRules | undefined => {
    if (now() - lastCheck >= checkMs) return undefined;
    const cached = entries.get(siteId);
    return cached && cached.checkedAt === version ? cached.compiled : undefined;
  };

  return {
    async compiled(siteId) {
      const hit = current(siteId);
      if (hit) return hit;
      await checkVersion();
      const cached = entries.get(siteId);
      if (cached && cached.checkedAt === version) return cached.compiled;
      let pending = loading.get(siteId);
      if (!pending) {
        pending = load(siteId, cached).finally(() => loading.delete(siteId));
        loading.set(siteId, pending);
      }
      return pending;
    },
    current,
    invalidate(siteId) {
      entries.delete(siteId);
    },
  };
}
