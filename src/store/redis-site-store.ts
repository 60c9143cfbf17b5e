/**
 * SiteStore on Redis. Every write is one compare-and-set Lua script (src/store/lua/site-write-3.lua)
 * on the site's JSON as the writer read it, so a site and its key index never disagree and concurrent
 * writers retry instead of losing a change. No WATCH: it would be shared by every user of the connection.
 *
 * Key layout (all under the `{P.sites}` hash tag, see redis-keys.ts):
 *   {P.sites}:ids              SET     ids of every site
 *   {P.sites}:s:<id>           STRING  the site as JSON (keys as hashes only)
 *   {P.sites}:key:<sha256>     STRING  site id of an API key, by the key's sha256
 *   {P.sites}:version          STRING  INCR on every change; process caches poll it
 */
import { loadScript, type RedisScript, type RedisClient } from './redis-client.ts';
import { redisKeys } from './redis-keys.ts';
import { SITE_ID_PATTERN, type Site } from '../../models/site.ts';
import { siteIdFromName } from '../sites/site-id.ts';
import { generateApiKey, generateWebhookSecret, hashApiKey, keyPrefix } from '../sites/api-key.ts';
import { SiteInputError, applySitePatch, type NewSite, type SitePatch, type SiteStore } from './site-store.ts';

export class RedisSiteStore implements SiteStore {
  private readonly p: string;
  private readonly writeScript: RedisScript<number>;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.p = redisKeys(prefix).sites;
    this.writeScript = loadScript(redis, 'site-write', 3);
  }

  /** One compare-and-set write: true when the site was still `expected` (null: absent). */
  private async write(id: string, expected: string | null, next: Site | null, dropKeys: string[], addKeys: string[]): Promise<boolean> {
    const applied = await this.writeScript(
      this.siteKey(id),
      `${this.p}ids`,
      `${this.p}version`,
      this.p,
      id,
      expected ?? '',
      next ? JSON.stringify(next) : '',
      String(dropKeys.length),
      ...dropKeys,
      ...addKeys,
    );
    return applied === 1;
  }

  private siteKey(id: string) {
    return `${this.p}s:${id}`;
  }

  private indexKey(hash: string) {
    return `${this.p}key:${hash}`;
  }

  async create(input: NewSite): Promise<{ site: Site; apiKey: string }> {
    const id = input.id ?? siteIdFromName(input.name);
    if (!SITE_ID_PATTERN.test(id)) throw new SiteInputError('id: lower-case letters, digits and dashes, at most 48 characters');
    const apiKey = generateApiKey();
    const site: Site = {
      id,
      name: input.name,
      origins: input.origins,
      keys: [{ hash: hashApiKey(apiKey), prefix: keyPrefix(apiKey), createdAt: new Date().toISOString() }],
      webhookUrl: input.webhookUrl,
      webhookSecret: generateWebhookSecret(),
      webhookIncludeEmail: input.webhookIncludeEmail,
      webhookIncludeClientInfo: input.webhookIncludeClientInfo ?? false,
      thresholds: input.thresholds,
      ...(input.moderationMode !== undefined ? { moderationMode: input.moderationMode } : {}),
      createdAt: new Date().toISOString(),
    };
    if (!(await this.write(id, null, site, [], [site.keys[0]!.hash]))) throw new SiteInputError(`a site with id "${id}" already exists`);
    return { site, apiKey };
  }

  async get(id: string): Promise<Site | null> {
    const raw = await this.redis.get(this.siteKey(id));
    return raw ? (JSON.parse(raw) as Site) : null;
  }

  async list(): Promise<Site[]> {
    const ids = (await this.redis.smembers(`${this.p}ids`)).sort();
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(...ids.map((id) => this.siteKey(id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Site);
  }

  /** Read, change, compare-and-set; retried when another writer got there in between. */
  private async mutate<T>(id: string, change: (site: Site) => { site: Site | null; drop: string[]; add: string[]; result: T }): Promise<T | null> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const raw = await this.redis.get(this.siteKey(id));
      if (!raw) return null;
      const { site, drop, add, result } = change(JSON.parse(raw) as Site);
      if (await this.write(id, raw, site, drop, add)) return result;
    }
    throw new Error(`site ${id} is being changed concurrently; try again`);
  }

  update(id: string, patch: SitePatch): Promise<Site | null> {
    return this.mutate(id, (current) => {
      const site = applySitePatch(current, patch);
      return { site, drop: [], add: [], result: site };
    });
  }

  rotateKey(id: string, opts: { keepOld?: boolean } = {}): Promise<{ site: Site; apiKey: string } | null> {
    const apiKey = generateApiKey();
    const key = { hash: hashApiKey(apiKey), prefix: keyPrefix(apiKey), createdAt: new Date().toISOString() };
    return this.mutate(id, (current) => {
      const dropped = opts.keepOld ? [] : current.keys;
      const site: Site = { ...current, keys: [...(opts.keepOld ? current.keys : []), key] };
      return { site, drop: dropped.map((k) => k.hash), add: [key.hash], result: { site, apiKey } };
    });
  }

  async remove(id: string): Promise<boolean> {
    const removed = await this.mutate(id, (current) => ({ site: null, drop: current.keys.map((k) => k.hash), add: [], result: true }));
    return removed === true;
  }

  async siteIdForKey(apiKey: string): Promise<string | null> {
    return this.redis.get(this.indexKey(hashApiKey(apiKey)));
  }

  async version(): Promise<number> {
    return Number((await this.redis.get(`${this.p}version`)) ?? 0);
  }
}
