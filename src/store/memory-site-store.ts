/**
 * SiteStore in process memory, with the Redis store's semantics: generated ids and keys, keys kept
 * only as hashes, rotation that revokes earlier keys unless asked not to, and a version that changes
 * on every write so registries reload.
 */
import { SITE_ID_PATTERN, type Site } from '../../models/site.ts';
import { siteIdFromName } from '../sites/site-id.ts';
import { generateApiKey, generateWebhookSecret, hashApiKey, keyPrefix } from '../sites/api-key.ts';
import { SiteInputError, applySitePatch, type NewSite, type SitePatch, type SiteStore } from './site-store.ts';

const copy = (s: Site): Site => JSON.parse(JSON.stringify(s)) as Site;

export class MemorySiteStore implements SiteStore {
  private readonly sites = new Map<string, Site>();
  /** sha256 of a key → site id. */
  private readonly keyIndex = new Map<string, string>();
  private changes = 0;

  async create(input: NewSite): Promise<{ site: Site; apiKey: string }> {
    const id = input.id ?? siteIdFromName(input.name);
    if (!SITE_ID_PATTERN.test(id)) throw new SiteInputError('id: lower-case letters, digits and dashes, at most 48 characters');
    if (this.sites.has(id)) throw new SiteInputError(`a site with id "${id}" already exists`);
    const apiKey = generateApiKey();
    const now = new Date().toISOString();
    const site: Site = {
      id,
      name: input.name,
      origins: [...input.origins],
      keys: [{ hash: hashApiKey(apiKey), prefix: keyPrefix(apiKey), createdAt: now }],
      webhookUrl: input.webhookUrl,
      webhookSecret: generateWebhookSecret(),
      webhookIncludeEmail: input.webhookIncludeEmail,
      webhookIncludeClientInfo: input.webhookIncludeClientInfo ?? false,
      thresholds: { ...input.thresholds },
      ...(input.moderationMode !== undefined ? { moderationMode: input.moderationMode } : {}),
      createdAt: now,
    };
    this.sites.set(id, copy(site));
    this.keyIndex.set(site.keys[0]!.hash, id);
    this.changes++;
    return { site, apiKey };
  }

  async get(id: string): Promise<Site | null> {
    const s = this.sites.get(id);
    return s ? copy(s) : null;
  }

  async list(): Promise<Site[]> {
    return [...this.sites.keys()].sort().map((id) => copy(this.sites.get(id)!));
  }

  async update(id: string, patch: SitePatch): Promise<Site | null> {
    const current = this.sites.get(id);
    if (!current) return null;
    const site = applySitePatch(current, patch);
    this.sites.set(id, copy(site));
    this.changes++;
    return copy(site);
  }

  async rotateKey(id: string, opts: { keepOld?: boolean } = {}): Promise<{ site: Site; apiKey: string } | null> {
    const current = this.sites.get(id);
    if (!current) return null;
    const apiKey = generateApiKey();
    const key = { hash: hashApiKey(apiKey), prefix: keyPrefix(apiKey), createdAt: new Date().toISOString() };
    if (!opts.keepOld) for (const k of current.keys) this.keyIndex.delete(k.hash);
    const site: Site = { ...current, keys: [...(opts.keepOld ? current.keys : []), key] };
    this.sites.set(id, copy(site));
    this.keyIndex.set(key.hash, id);
    this.changes++;
    return { site: copy(site), apiKey };
  }

  async remove(id: string): Promise<boolean> {
    const current = this.sites.get(id);
    if (!current) return false;
    for (const k of current.keys) this.keyIndex.delete(k.hash);
    this.sites.delete(id);
    this.changes++;
    return true;
  }

  async siteIdForKey(apiKey: string): Promise<string | null> {
    return this.keyIndex.get(hashApiKey(apiKey)) ?? null;
  }

  async version(): Promise<number> {
    return this.changes;
  }
}
