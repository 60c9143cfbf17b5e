/**
 * Site API keys and webhook secrets: generation and hashing. Keys are lower-case hex behind a short
 * prefix so that one can also be the first label of a host name (Akismet's `<key>.rest.akismet.com`).
 */
import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'ck';

export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(20).toString('hex');
}

export function generateWebhookSecret(): string {
  return 'whsec_' + randomBytes(24).toString('base64url');
}

/** Keys are looked up by hash, so a leaked database does not leak working keys. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** What a listing may show of a key. */
export function keyPrefix(key: string): string {
  return key.slice(0, KEY_PREFIX.length + 6);
}

/** Cheap shape check before touching Redis; real validity is the hash lookup. */
export function looksLikeApiKey(value: string): boolean {
  return /^[A-Za-z0-9_-]{8,128}$/.test(value);
}
