/**
 * The stored form of a comment in Redis: one string holding a MessagePack array of strings, one per field in the
 * order of COMMENT_FIELDS ('' stands for none; trailing '' fields are left out). The Lua scripts read and write
 * the same form (src/store/lua/includes/record.lua). It replaced a hash with one field per record field, which
 * Redis keeps as a compact listpack only while every value is at most 64 bytes: a comment's text or a user agent
 * is usually longer, and as a hash table the record took about 2.3 times its JSON size; as one string it takes
 * about its own size. Records of the former layout are still read (see fromFields).
 */
import type { Comment, CommentStatus, WouldHave } from '../../models/comment.ts';
import { packStrings } from './msgpack-strings.ts';

/**
 * The record's fields by position. The names are the field names of the former hash layout. Append new fields
 * at the end only, and change includes/record.lua with them (a unit test compares the two lists).
 */
export const COMMENT_FIELDS = [
  'v',
  'id',
  'siteId',
  'threadId',
  'parentId',
  'name',
  'email',
  'website',
  'comment',
  'createdAt',
  'status',
  'spamScore',
  'reasons',
  'ip',
  'userAgent',
  'decidedAt',
  'decidedBy',
  'signals',
  'order',
  'rev',
  'authorHash',
  'intake',
  'wouldHave',
  'wouldHaveVerdict',
  'wouldHaveReviewed',
  // sha256 of the normalised text (repeatTextHash, 64 hex digits), the site's text-seen field of this comment: the
  // worker's batched read looks up the repeat count with the record. '' in records of earlier versions.
  'textHash',
] as const;

export type CommentField = (typeof COMMENT_FIELDS)[number];

/** The value of the first field, `v`: the version of this layout. */
export const COMMENT_FORMAT = '1';

/** Position of each field in the array. */
export const F = Object.fromEntries(COMMENT_FIELDS.map((name, i) => [name, i])) as Record<CommentField, number>;

/** The record as a field -> value map ('' for none), the shape of the former hash layout. */
export type RecordFields = Partial<Record<CommentField, string>>;

/**
 * Encodes values (strings, by position) as a MessagePack array, the way the scripts' cmsgpack.pack does, into one
 * buffer (it is built on every submission, so without a buffer per field).
 */
export function encodeRecord(values: readonly string[]): Buffer {
  return packStrings(values, true);
}

/**
 * The values of a stored record, by position, padded with '' to COMMENT_FIELDS' length. Reads the subset of
 * MessagePack that cmsgpack.pack writes for an array of strings (and nil, integers, as a safeguard).
 */
export function decodeRecord(buf: Buffer): string[] {
  let at = 0;
  const byte = () => {
    if (at >= buf.length) throw new Error('comment record: truncated');
    return buf[at++]!;
  };
  const head = byte();
  let n: number;
  if ((head & 0xf0) === 0x90) n = head & 0x0f;
  else if (head === 0xdc) n = (byte() << 8) | byte();
  else if (head === 0xdd) n = buf.readUInt32BE((at += 4) - 4);
  else throw new Error('comment record: not an array');
  const values: string[] = new Array<string>(Math.max(n, COMMENT_FIELDS.length)).fill('');
  for (let i = 0; i < n; i++) {
    const t = byte();
    let len: number;
    if ((t & 0xe0) === 0xa0) len = t & 0x1f;
    else if (t === 0xd9 || t === 0xc4) len = byte();
    else if (t === 0xda || t === 0xc5) len = (byte() << 8) | byte();
    else if (t === 0xdb || t === 0xc6) len = buf.readUInt32BE((at += 4) - 4);
    else if (t === 0xc0) continue;
    else if (t < 0x80) {
      values[i] = String(t);
      continue;
    } else throw new Error(`comment record: unexpected type 0x${t.toString(16)}`);
    if (at + len > buf.length) throw new Error('comment record: truncated');
    values[i] = buf.toString('utf8', at, at + len);
    at += len;
  }
  return values;
}

/** Values by position -> field map. */
export function toFields(values: readonly string[]): RecordFields {
  const fields: RecordFields = {};
  COMMENT_FIELDS.forEach((name, i) => {
    fields[name] = values[i] ?? '';
  });
  return fields;
}

/** Fields the former hash layout set only when they had a value. */
const SET_WHEN_PRESENT: ReadonlySet<string> = new Set(['v', 'authorHash', 'intake', 'wouldHave', 'wouldHaveVerdict', 'wouldHaveReviewed', 'textHash']);

/** Values by position -> the field map the former hash layout held (the inverse of fromFields). */
export function formerLayoutFields(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(toFields(values))) if (value !== '' || !SET_WHEN_PRESENT.has(name)) out[name] = value!;
  return out;
}

/** Field map (e.g. a record of the former hash layout) -> values by position. */
export function fromFields(fields: Record<string, string | undefined>): string[] {
  const values = COMMENT_FIELDS.map((name) => fields[name] ?? '');
  values[F.v] = COMMENT_FORMAT;
  if (values[F.rev] === '') values[F.rev] = '0';
  return values;
}

const nul = (s: string | undefined): string | null => (s === undefined || s === '' ? null : s);

/** The Comment a record holds, or null when it holds none (no id or status). */
export function commentFromRecord(v: readonly string[]): Comment | null {
  if (!v[F.id] || !v[F.status]) return null;
  const wouldHave = v[F.wouldHave];
  return {
    id: v[F.id]!,
    siteId: v[F.siteId] || 'default',
    threadId: v[F.threadId] ?? '',
    parentId: nul(v[F.parentId]),
    name: v[F.name] ?? '',
    email: v[F.email] ?? '',
    website: nul(v[F.website]),
    comment: v[F.comment] ?? '',
    createdAt: v[F.createdAt] ?? '',
    status: v[F.status] as CommentStatus,
    spamScore: v[F.spamScore] ? Number(v[F.spamScore]) : null,
    reasons: v[F.reasons] ? (JSON.parse(v[F.reasons]!) as string[]) : [],
    ip: nul(v[F.ip]),
    userAgent: nul(v[F.userAgent]),
    decidedAt: nul(v[F.decidedAt]),
    decidedBy: nul(v[F.decidedBy]),
    signals: v[F.signals] ? (JSON.parse(v[F.signals]!) as Comment['signals']) : {},
    ...(wouldHave ? { wouldHave: JSON.parse(wouldHave) as WouldHave } : {}),
  };
}
