/**
 * The site model: one website (or app) whose comments the service moderates. A site owns its API
 * keys (stored hashed), its widget origins, its webhook target and optional threshold overrides.
 */

/** The site every request belongs to when no key or known origin says otherwise. */
export const DEFAULT_SITE_ID = 'default';

/** Lower-case letters, digits and dashes: safe in Redis keys, URLs and query strings. */
export const SITE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,47}$/;

/**
 * How a site's comments are decided. `normal`: as the filter says. `shadow`: every comment is published and
 * `hold-all`: every comment is held for a moderator, while the filter still scores each one and its verdict is
 * kept (see WouldHave in comment.ts), so a site owner can compare it with the moderators' decisions first.
 */
export type ModerationMode = 'normal' | 'shadow' | 'hold-all';

export const MODERATION_MODES: readonly ModerationMode[] = ['normal', 'shadow', 'hold-all'];

export function isModerationMode(value: unknown): value is ModerationMode {
  return typeof value === 'string' && (MODERATION_MODES as readonly string[]).includes(value);
}

/** One API key of a site. Only its hash is kept; `prefix` lets people tell keys apart in listings. */
export interface SiteKey {
  /** sha256 hex of the key. */
  hash: string;
  /** The key's first characters, safe to show. */
  prefix: string;
  createdAt: string;
}

/** Score cut-offs that replace the service-wide FLAG_THRESHOLD / REJECT_THRESHOLD for one site. */
export interface ThresholdOverrides {
  flag?: number;
  reject?: number;
}

export interface Site {
  id: string;
  name: string;
  /** Origins (scheme://host[:port]) of the pages that embed the widget. */
  origins: string[];
  keys: SiteKey[];
  webhookUrl: string | null;
  /** HMAC secret for webhook signatures. Needed in clear to sign, so it is stored as is. */
  webhookSecret: string;
  /** Webhook events carry the commenter's email only when the site opts in. */
  webhookIncludeEmail: boolean;
  /** Webhook events carry the commenter's IP address and user agent only when the site opts in (absent: no). */
  webhookIncludeClientInfo?: boolean;
  thresholds: ThresholdOverrides;
  /** How comments are decided (absent: `normal`). */
  moderationMode?: ModerationMode;
  createdAt: string;
}

/** The implicit site used before any site is configured, and for requests no site claims. */
export function implicitDefaultSite(): Site {
  return {
    id: DEFAULT_SITE_ID,
    name: 'Default site',
    origins: [],
    keys: [],
    webhookUrl: null,
    webhookSecret: '',
    webhookIncludeEmail: false,
    webhookIncludeClientInfo: false,
    thresholds: {},
    createdAt: new Date(0).toISOString(),
  };
}

/** `https://Example.com/path` → `https://example.com`; null for anything that is not an http(s) URL. */
export function normaliseOrigin(value: string): string | null {
  try {
    const u = new URL(value.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin;
  } catch {
    return null;
  }
}
