/**
 * The site store boundary: create, read, update and remove sites, and resolve an API key to its site.
 * Key layout and atomicity are the implementation's business (redis-site-store.ts).
 */
import type { ModerationMode, Site, ThresholdOverrides } from '../../models/site.ts';
import { generateWebhookSecret } from '../sites/api-key.ts';

/** What `sites add` supplies; the store generates the key and the webhook secret. */
export interface NewSite {
  id?: string;
  name: string;
  origins: string[];
  webhookUrl: string | null;
  webhookIncludeEmail: boolean;
  webhookIncludeClientInfo?: boolean;
  thresholds: ThresholdOverrides;
  /** How comments are decided (default `normal`). */
  moderationMode?: ModerationMode;
}

/** Fields `sites set` may change. Undefined leaves a field as it is. */
export interface SitePatch {
  name?: string;
  origins?: string[];
  webhookUrl?: string | null;
  webhookIncludeEmail?: boolean;
  webhookIncludeClientInfo?: boolean;
  thresholds?: ThresholdOverrides;
  moderationMode?: ModerationMode;
  /** Generate a new webhook secret. */
  rotateWebhookSecret?: boolean;
}

/** The site as `patch` leaves it (both stores apply a patch with this); the thresholds given are merged into the site's. */
export function applySitePatch(current: Site, patch: SitePatch): Site {
  return {
    ...current,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.origins !== undefined ? { origins: [...patch.origins] } : {}),
    ...(patch.webhookUrl !== undefined ? { webhookUrl: patch.webhookUrl } : {}),
    ...(patch.webhookIncludeEmail !== undefined ? { webhookIncludeEmail: patch.webhookIncludeEmail } : {}),
    ...(patch.webhookIncludeClientInfo !== undefined ? { webhookIncludeClientInfo: patch.webhookIncludeClientInfo } : {}),
    ...(patch.thresholds !== undefined ? { thresholds: { ...current.thresholds, ...patch.thresholds } } : {}),
    ...(patch.moderationMode !== undefined ? { moderationMode: patch.moderationMode } : {}),
    ...(patch.rotateWebhookSecret ? { webhookSecret: generateWebhookSecret() } : {}),
  };
}

export interface SiteStore {
  /** Returns the site and its first API key, the only time the key is ever available in clear. */
  create(input: NewSite): Promise<{ site: Site; apiKey: string }>;
  get(id: string): Promise<Site | null>;
  list(): Promise<Site[]>;
  update(id: string, patch: SitePatch): Promise<Site | null>;
  /** Adds a new key; unless `keepOld`, every earlier key stops working at once. */
  rotateKey(id: string, opts?: { keepOld?: boolean }): Promise<{ site: Site; apiKey: string } | null>;
  remove(id: string): Promise<boolean>;
  /** The site id a key belongs to, or null. Always reads Redis, so a revoked key fails immediately. */
  siteIdForKey(apiKey: string): Promise<string | null>;
  /** Changes whenever any site changes; caches compare it to know when to reload. */
  version(): Promise<number>;
}

/** Thrown for a duplicate id or an invalid field; the CLI prints the message. */
export class SiteInputError extends Error {
  override name = 'SiteInputError';
}
