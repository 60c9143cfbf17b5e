/**
 * What every CommentStore implementation must compute the same way: comment ids, the list order
 * score and its opaque cursor, and the hashes behind the repeated-text and known-author signals.
 * Kept free of Redis so the in-memory store shares it.
 */
import * as nodeCrypto from 'node:crypto';
import { InvalidCursorError } from './comment-store.ts';
import { stablePrefix } from '../net/ip-address.ts';

/** crypto.hash (Node.js 20.12 and later) digests in one call, without a Hash object per digest: about half the cost. */
export const sha256: (s: string | Buffer) => string =
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

/** A whitespace or punctuation character: what normaliseForRepeat folds into one space. */
const SEPARATOR = /[\s\p{P}]/u;
/** Whether each UTF-16 code unit is a SEPARATOR, learned on first sight: 0 not yet known, 1 separator, 2 not. */
const separatorUnits = new Uint8Array(0x10000);
/** Where repeatTextHash writes the normalised text (reused: it is synchronous); grows to the longest text seen. */
let repeatScratch = Buffer.allocUnsafe(4096);

function isSeparatorUnit(unit: number): boolean {
  let kind = separatorUnits[unit]!;
  if (kind === 0) {
    kind = SEPARATOR.test(String.fromCharCode(unit)) ? 1 : 2;
    separatorUnits[unit] = kind;
  }
  return kind === 1;
}

/**
 * The key a text is counted under for the repeated-text signal: `sha256(normaliseForRepeat(text))`, computed by
 * writing the normalised text's UTF-8 bytes straight into a buffer. The regular expression's replace allocated
 * a match object per separator run (about 3 KB for a typical comment), and every submission and every scored
 * comment computes it. The test suite checks both give the same hash for any text.
 */
export function repeatTextHash(text: string): string {
  const s = text.toLowerCase();
  const n = s.length;
  // At most 3 bytes per code unit (a surrogate pair is 4 bytes for 2 units), plus the spaces, which replace units.
  // The reused buffer grows to typical comments only; a rare very long text gets a buffer of its own.
  if (repeatScratch.length < n * 3 && n * 3 <= 65_536) repeatScratch = Buffer.allocUnsafe(n * 3);
  const out = repeatScratch.length >= n * 3 ? repeatScratch : Buffer.allocUnsafe(n * 3);
  let len = 0;
  let space = false;
  for (let i = 0; i < n; i++) {
    let cp = s.charCodeAt(i);
    let pair = false;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      const low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        pair = true;
      }
    }
    if (pair ? SEPARATOR.test(String.fromCodePoint(cp)) : isSeparatorUnit(cp)) {
      // A run of separators is one space, and none at either end (the trim).
      if (len > 0) space = true;
      if (pair) i++;
      continue;
    }
    if (space) {
      out[len++] = 0x20;
      space = false;
    }
    if (cp < 0x80) out[len++] = cp;
    else if (cp < 0x800) {
      out[len++] = 0xc0 | (cp >> 6);
      out[len++] = 0x80 | (cp & 0x3f);
    } else if (pair) {
      out[len++] = 0xf0 | (cp >> 18);
      out[len++] = 0x80 | ((cp >> 12) & 0x3f);
      out[len++] = 0x80 | ((cp >> 6) & 0x3f);
      out[len++] = 0x80 | (cp & 0x3f);
      i++;
    } else {
      // A lone surrogate is encoded as U+FFFD, as a string is when it is hashed.
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
      out[len++] = 0xe0 | (cp >> 12);
      out[len++] = 0x80 | ((cp >> 6) & 0x3f);
      out[len++] = 0x80 | (cp & 0x3f);
    }
  }
  return sha256(out.subarray(0, len));
}

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
