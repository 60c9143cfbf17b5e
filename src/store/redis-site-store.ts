/**
 * SiteStore on Redis. Writes are MULTI transactions so a site and its key index never disagree.
 *
 * Key layout (P = `<REDIS_PREFIX>:`):
 *   P sites:ids              SET     ids of every site
 *   P sites:s:<id>           STRING  the site as JSON (keys as hashes only)
 *   P sites:key:<sha256>     STRING  site id of an API key, by the key's sha256
 *   P sites:version          STRING  INCR on every change; process caches poll it
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SITE_ID_PATTERN, type Site } from '../../models/site.ts';
import { generateApiKey, generateWebhookSecret, hashApiKey, keyPrefix } from '../sites/api-key.ts';
import { SiteInputError, type NewSite, type SitePatch, type SiteStore } from './site-store.ts';

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return `${s || 'site'}-${randomBytes(3).toString('hex')}`;
}

export class RedisSiteStore implements SiteStore {
  private readonly p: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.p = `${prefix}:sites:`;
  }

  private siteKey(id: string) {
    return `${this.p}s:${id}`;
  }

  private indexKey(hash: string) {
    return `${this.p}key:${hash}`;
  }

  async create(input: NewSite): Promise<{ site: Site; apiKey: string }> {
    const id = input.id ?? slug(input.name);
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
      createdAt: new Date().toISOString(),
    };
    const created = await this.redis.set(this.siteKey(id), JSON.stringify(site), 'NX');
    if (created !== 'OK') throw new SiteInputError(`a site with id "${id}" already exists`);
    await this.redis
      .multi()
      .sadd(`${this.p}ids`, id)
      .set(this.indexKey(site.keys[0]!.hash), id)
      .incr(`${this.p}version`)
      .exec()
      .then(throwOnExecError);
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

  /** Read-modify-write under WATCH, retried on a concurrent change. */
  private async mutate<T>(id: string, change: (site: Site) => { site: Site; extra: (m: ReturnType<Redis['multi']>) => void; result: T }): Promise<T | null> {
    for (let attempt = 0; attempt < 10; attempt++) {
      await this.redis.watch(this.siteKey(id));
      const current = await this.get(id);
      if (!current) {
        await this.redis.unwatch();
        return null;
      }
      const { site, extra, result } = change(current);
      const m = this.redis.multi().set(this.siteKey(id), JSON.stringify(site));
      extra(m);
      m.incr(`${this.p}version`);
      const res = await m.exec();
      if (res) {
        throwOnExecError(res);
        return result;
      }
    }
    throw new Error(`site ${id} is being changed concurrently; try again`);
  }

  update(id: string, patch: SitePatch): Promise<Site | null> {
    return this.mutate(id, (current) => {
      const site: Site = {
        ...current,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.origins !== undefined ? { origins: patch.origins } : {}),
        ...(patch.webhookUrl !== undefined ? { webhookUrl: patch.webhookUrl } : {}),
        ...(patch.webhookIncludeEmail !== undefined ? { webhookIncludeEmail: patch.webhookIncludeEmail } : {}),
        ...(patch.webhookIncludeClientInfo !== undefined ? { webhookIncludeClientInfo: patch.webhookIncludeClientInfo } : {}),
        ...(patch.thresholds !== undefined ? { thresholds: { ...current.thresholds, ...patch.thresholds } } : {}),
        ...(patch.rotateWebhookSecret ? { webhookSecret: generateWebhookSecret() } : {}),
      };
      return { site, extra: () => {}, result: site };
    });
  }

  rotateKey(id: string, opts: { keepOld?: boolean } = {}): Promise<{ site: Site; apiKey: string } | null> {
    const apiKey = generateApiKey();
    const key = { hash: hashApiKey(apiKey), prefix: keyPrefix(apiKey), createdAt: new Date().toISOString() };
    return this.mutate(id, (current) => {
      const dropped = opts.keepOld ? [] : current.keys;
      const site: Site = { ...current, keys: [...(opts.keepOld ? current.keys : []), key] };
      return {
        site,
        extra: (m) => {
          for (const k of dropped) m.del(this.indexKey(k.hash));
          m.set(this.indexKey(key.hash), id);
        },
        result: { site, apiKey },
      };
    });
  }

  async remove(id: string): Promise<boolean> {
    const removed = await this.mutate(id, (current) => ({
      site: current,
      extra: (m) => {
        for (const k of current.keys) m.del(this.indexKey(k.hash));
        m.del(this.siteKey(id));
        m.srem(`${this.p}ids`, id);
      },
      result: true,
    }));
    return removed === true;
  }

  async siteIdForKey(apiKey: string): Promise<string | null> {
    return this.redis.get(this.indexKey(hashApiKey(apiKey)));
  }

  async version(): Promise<number> {
    return Number((await this.redis.get(`${this.p}version`)) ?? 0);
  }
}

function throwOnExecError(results: [Error | null, unknown][] | null): void {
  if (!results) throw new Error('Redis transaction was aborted');
  for (const [err] of results) if (err) throw err;
}
