/**
 * SiteRulesStore on Redis, under the sites' hash tag (see redis-keys.ts):
 *   {P.sites}:rules:<id>        HASH    rules (JSON), revision, updatedAt
 *   {P.sites}:rules-version     STRING  INCR on every write; each process's rules cache polls it
 * A put is one Lua script (src/store/lua/site-rules-put-2.lua), so the version and the revision agree.
 */
import { loadScript, type RedisClient, type RedisScript } from './redis-client.ts';
import { redisKeys } from './redis-keys.ts';
import { emptySiteRules, type SiteRules, type StoredSiteRules } from '../../models/site-rules.ts';
import type { SiteRulesStore } from './site-rules-store.ts';

export class RedisSiteRulesStore implements SiteRulesStore {
  private readonly p: string;
  private readonly putScript: RedisScript<number>;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.p = redisKeys(prefix).sites;
    this.putScript = loadScript(redis, 'site-rules-put', 2);
  }

  private key(siteId: string) {
    return `${this.p}rules:${siteId}`;
  }

  private get versionKey() {
    return `${this.p}rules-version`;
  }

  async get(siteId: string): Promise<StoredSiteRules | null> {
    const h = await this.redis.hgetall(this.key(siteId));
    if (!h.rules) return null;
    // Lists added to SiteRules later read as empty on rule sets stored before them.
    const rules = { ...emptySiteRules(), ...(JSON.parse(h.rules) as Partial<SiteRules>) };
    return { siteId, rules, revision: Number(h.revision ?? 0), updatedAt: h.updatedAt ?? new Date(0).toISOString() };
  }

  async put(siteId: string, rules: SiteRules): Promise<StoredSiteRules> {
    const updatedAt = new Date().toISOString();
    const revision = Number(await this.putScript(this.key(siteId), this.versionKey, JSON.stringify(rules), updatedAt));
    return { siteId, rules: structuredClone(rules), revision, updatedAt };
  }

  async remove(siteId: string): Promise<boolean> {
    // Both keys share the {P.sites} slot, so MULTI works on a cluster too.
    const result = await this.redis.multi().del(this.key(siteId)).incr(this.versionKey).exec();
    return Number(result?.[0]?.[1] ?? 0) > 0;
  }

  async version(): Promise<number> {
    return Number((await this.redis.get(this.versionKey)) ?? 0);
  }
}
