/**
 * Personal API tokens and session ids: random, shown once, stored only as their sha256 (they carry
 * 192 bits of entropy, so a fast hash is enough; passwords are the ones that need scrypt).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `cmt_` marks a personal moderator token in logs and secret scanners. */
export function generateApiToken(): string {
  return `cmt_${randomBytes(24).toString('base64url')}`;
}

export function generateSessionId(): string {
  return randomBytes(24).toString('base64url');
}

export function generateCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time comparison: both sides are hashed first, so lengths never leak either. */
export function secretsMatch(given: string, expected: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}
