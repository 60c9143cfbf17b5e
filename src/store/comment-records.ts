/**
 * What every CommentStore implementation must compute the same way: comment ids, the list order
 * score and its opaque cursor, and the hashes behind the repeated-text and known-author signals.
 * Kept free of Redis so the in-memory store shares it.
 */
import * as nodeCrypto from 'node:crypto';
import { InvalidCursorError } from './comment-store.ts';
import { stablePrefix } from '../net/ip-address.ts';

/** crypto.hash (Node.js 20.12 and later) digests in one call, without a Hash object per digest: about half the cost. */
export const sha256: (s: string) => string =
  typeof nodeCrypto.hash === 'function' ? (s) => nodeCrypto.hash('sha256', s, 'hex') : (s) => nodeCrypto.createHash('sha256').update(s).digest('hex');

/**
 * How an author is known in the published-authors set: the email together with the stable prefix
 * (IPv4 /24, IPv6 /48) of the address it came from, so someone typing a known author's email from
 * elsewhere is a stranger. Null without an address: such comments never earn or get the discount.
 */
export function authorHash(email: string, ip: string | null): string | null {
  const prefix = stablePrefix(ip);
  return prefix ? sha256(`${email.trim().toLowerCase()}\n${prefix}`) : null;
}

/** The key of an author's entry in the erasure index: never the address itself. */
export const emailHash = (email: string): string => sha256(email.trim().toLowerCase());

/** Repeats differ in case, spacing and punctuation; the signal should not. */
export function normaliseForRepeat(text: string): string {
  return text.toLowerCase().replace(/[\s\p{P}]+/gu, ' ').trim();
}

/** The key a text is counted under for the repeated-text signal. */
export const repeatTextHash = (text: string): string => sha256(normaliseForRepeat(text));

/** Random bytes fetched in batches: one randomBytes call per id cost a trip into OpenSSL on every submission. */
const ID_BYTES = 12;
const POOL_IDS = 128;
let idPool = Buffer.alloc(0);
let idOffset = 0;

export function newCommentId(): string {
  if (idOffset >= idPool.length) {
    idPool = nodeCrypto.randomBytes(ID_BYTES * POOL_IDS);
    idOffset = 0;
  }
  const bytes = idPool.subarray(idOffset, idOffset + ID_BYTES);
  idOffset += ID_BYTES;
  // 16 url-safe characters; the 'c' keeps it from ever being all digits.
  return 'c' + bytes.toString('base64url').slice(0, 15);
}

/** createdAt in ms * 1000 + (seq mod 1000): unique, increasing, and an exact double. */
export function orderScore(createdAtMs: number, seq: number): number {
  return createdAtMs * 1000 + (seq % 1000);
}

export function encodeCursor(score: number): string {
  return Buffer.from(String(score)).toString('base64url');
}

/** The order score a cursor stands for; a malformed cursor is an InvalidCursorError. */
export function decodeCursor(cursor: string): number {
  const decoded = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  if (!/^\d{1,20}$/.test(decoded)) throw new InvalidCursorError();
  return Number(decoded);
}
