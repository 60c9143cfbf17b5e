/**
 * CommentStore on Redis. Every state change is one Lua script, so a move and its index updates
 * are atomic and compare-and-set: a retried job can't publish twice or undo a moderator.
 *
 * Key layout (P = `<REDIS_PREFIX>:`, e.g. `cm:`):
 *   P seq                                   INCR counter that makes list scores unique
 *   P c:<id>                                HASH  the Comment's fields as strings ('' stands for null; see fromHash),
 *                                                 plus order (list score) and authorHash (see authorHash(); absent
 *                                                 without an IP address)
 *   P status:<status>                       ZSET  ids by order score, every site
 *   P site:<siteId>:status:<status>         ZSET  ids by order score, one site
 *   P thread:<siteId>:<threadId>            ZSET  ids of published comments by order score
 *   P site:<siteId>:text-seen               HASH  sha256(normalised text) -> submissions seen
 *   P site:<siteId>:published-authors       SET   authorHash of authors with a published comment
 *   P pii                                   ZSET  ids by order score of comments still holding an IP address or user agent
 *   P author:<sha256(lower-cased email)>    HASH  comment id -> "<siteId>\n<authorHash>" of every comment sent with
 *                                                 that email, kept after deletion so an erasure can find it all
 *
 * The order score is createdAt in ms * 1000 + (seq mod 1000): unique, increasing, and an exact
 * double, so it doubles as the pagination cursor. Lua scripts build index keys from P because
 * they depend on fields of the hash; this store does not target Redis Cluster.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { defineScript, type RedisScript } from './redis-client.ts';
import { stablePrefix } from '../http/client-address.ts';
import { COMMENT_STATUSES, type Comment, type CommentStatus, type Decider } from '../../models/comment.ts';
import {
  InvalidCursorError,
  type CommentStore,
  type NewComment,
  type Page,
  type PageRequest,
  type Transition,
  type TransitionResult,
} from './comment-store.ts';

// One round trip for the whole write. The order score is formatted with %.0f: Lua's default number
// formatting keeps 14 significant digits, too few for ms * 1000.
const CREATE_LUA = `
local hashKey, statusKey, siteStatusKey, textSeenKey, seqKey, piiKey, authorKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local id, nowMs, textHash, hasPii, authorEntry = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5]
local seq = redis.call('INCR', seqKey)
local order = string.format('%.0f', nowMs * 1000 + (seq % 1000))
local fields = {'order', order}
for i = 6, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', hashKey, unpack(fields))
redis.call('ZADD', statusKey, order, id)
redis.call('ZADD', siteStatusKey, order, id)
redis.call('HINCRBY', textSeenKey, textHash, 1)
if hasPii == '1' then redis.call('ZADD', piiKey, order, id) end
redis.call('HSET', authorKey, id, authorEntry)
return order
`;

const TRANSITION_LUA = `
local key = KEYS[1]
local p, allowed, to, by, at, score, reasons = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local cur = redis.call('HMGET', key, 'status', 'siteId', 'threadId', 'order', 'authorHash')
local from, site, thread, order, authorHash = cur[1], cur[2], cur[3], cur[4], cur[5]
if not from then return {'missing'} end
-- The record comes back with the outcome, so the caller needs no second read.
local function outcome(name)
  local out = {name, from}
  for _, v in ipairs(redis.call('HGETALL', key)) do out[#out + 1] = v end
  return out
end
if not string.find(',' .. allowed .. ',', ',' .. from .. ',', 1, true) then return outcome('conflict') end
local fields = {'status', to, 'decidedBy', by, 'decidedAt', at}
if score ~= '' then table.insert(fields, 'spamScore'); table.insert(fields, score) end
if reasons ~= '' then table.insert(fields, 'reasons'); table.insert(fields, reasons) end
redis.call('HSET', key, unpack(fields))
if from ~= to then
  local id = string.sub(key, string.len(p) + 3)
  redis.call('ZREM', p .. 'status:' .. from, id)
  redis.call('ZREM', p .. 'site:' .. site .. ':status:' .. from, id)
  redis.call('ZADD', p .. 'status:' .. to, order, id)
  redis.call('ZADD', p .. 'site:' .. site .. ':status:' .. to, order, id)
  if to == 'published' then
    redis.call('ZADD', p .. 'thread:' .. site .. ':' .. thread, order, id)
    if authorHash then redis.call('SADD', p .. 'site:' .. site .. ':published-authors', authorHash) end
  elseif from == 'published' then
    redis.call('ZREM', p .. 'thread:' .. site .. ':' .. thread, id)
  end
end
return outcome('applied')
`;

const DELETE_LUA = `
local key = KEYS[1]
local p = ARGV[1]
local cur = redis.call('HMGET', key, 'status', 'siteId', 'threadId')
local status, site, thread = cur[1], cur[2], cur[3]
if not status then return 0 end
local id = string.sub(key, string.len(p) + 3)
redis.call('ZREM', p .. 'status:' .. status, id)
redis.call('ZREM', p .. 'site:' .. site .. ':status:' .. status, id)
redis.call('ZREM', p .. 'thread:' .. site .. ':' .. thread, id)
redis.call('ZREM', p .. 'pii', id)
redis.call('DEL', key)
return 1
`;

// Retention: blank the IP address and user agent of the oldest comments created before the cutoff.
const ERASE_PII_LUA = `
local piiKey = KEYS[1]
local p, cutoff, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
local ids = redis.call('ZRANGEBYSCORE', piiKey, '-inf', cutoff, 'LIMIT', 0, limit)
for _, id in ipairs(ids) do
  local key = p .. 'c:' .. id
  if redis.call('EXISTS', key) == 1 then redis.call('HSET', key, 'ip', '', 'userAgent', '') end
  redis.call('ZREM', piiKey, id)
end
return #ids
`;

// Erasure of one comment of an author: the record, its indexes, and the author's known-author entry.
const ERASE_ONE_LUA = `
local authorKey = KEYS[1]
local p, id = ARGV[1], ARGV[2]
local key = p .. 'c:' .. id
local cur = redis.call('HMGET', key, 'status', 'siteId', 'threadId')
local status, site, thread = cur[1], cur[2], cur[3]
local removed = 0
if status then
  redis.call('ZREM', p .. 'status:' .. status, id)
  redis.call('ZREM', p .. 'site:' .. site .. ':status:' .. status, id)
  redis.call('ZREM', p .. 'thread:' .. site .. ':' .. thread, id)
  redis.call('DEL', key)
  removed = 1
end
redis.call('ZREM', p .. 'pii', id)
local entry = redis.call('HGET', authorKey, id)
if entry then
  local nl = string.find(entry, string.char(10), 1, true)
  if nl then
    local entrySite, hash = string.sub(entry, 1, nl - 1), string.sub(entry, nl + 1)
    if hash ~= '' then redis.call('SREM', p .. 'site:' .. entrySite .. ':published-authors', hash) end
  end
  redis.call('HDEL', authorKey, id)
end
return removed
`;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The key of an author's entry in the erasure index: never the address itself. */
const emailHash = (email: string) => sha256(email.trim().toLowerCase());

/**
 * How an author is known in the published-authors set: the email together with the stable prefix
 * (IPv4 /24, IPv6 /48) of the address it came from, so someone typing a known author's email from
 * elsewhere is a stranger. Null without an address: such comments never earn or get the discount.
 */
export function authorHash(email: string, ip: string | null): string | null {
  const prefix = stablePrefix(ip);
  return prefix ? sha256(`${email.trim().toLowerCase()}\n${prefix}`) : null;
}

/** Repeats differ in case, spacing and punctuation; the signal should not. */
export function normaliseForRepeat(text: string): string {
  return text.toLowerCase().replace(/[\s\p{P}]+/gu, ' ').trim();
}

export function newCommentId(): string {
  // 16 url-safe characters; the 'c' keeps it from ever being all digits.
  return 'c' + randomBytes(12).toString('base64url').slice(0, 15);
}

function encodeCursor(score: number): string {
  return Buffer.from(String(score)).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const decoded = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  if (!/^\d{1,20}$/.test(decoded)) throw new InvalidCursorError('Invalid cursor');
  return Number(decoded);
}

const nul = (s: string | undefined): string | null => (s === undefined || s === '' ? null : s);

function fromHash(h: Record<string, string>): Comment | null {
  if (!h.id || !h.status) return null;
  return {
    id: h.id,
    siteId: h.siteId ?? 'default',
    threadId: h.threadId ?? '',
    parentId: nul(h.parentId),
    name: h.name ?? '',
    email: h.email ?? '',
    website: nul(h.website),
    comment: h.comment ?? '',
    createdAt: h.createdAt ?? '',
    status: h.status as CommentStatus,
    spamScore: h.spamScore ? Number(h.spamScore) : null,
    reasons: h.reasons ? (JSON.parse(h.reasons) as string[]) : [],
    ip: nul(h.ip),
    userAgent: nul(h.userAgent),
    decidedAt: nul(h.decidedAt),
    decidedBy: nul(h.decidedBy) as Decider | null,
    signals: h.signals ? JSON.parse(h.signals) : {},
  };
}

export class RedisCommentStore implements CommentStore {
  private readonly p: string;
  private readonly createScript: RedisScript<string>;
  private readonly transitionScript: RedisScript<string[]>;
  private readonly deleteScript: RedisScript<number>;
  private readonly erasePiiScript: RedisScript<number>;
  private readonly eraseOneScript: RedisScript<number>;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.p = `${prefix}:`;
    this.createScript = defineScript(redis, 'cmCreate', 7, CREATE_LUA);
    this.transitionScript = defineScript(redis, 'cmTransition', 1, TRANSITION_LUA);
    this.deleteScript = defineScript(redis, 'cmDelete', 1, DELETE_LUA);
    this.erasePiiScript = defineScript(redis, 'cmErasePii', 1, ERASE_PII_LUA);
    this.eraseOneScript = defineScript(redis, 'cmEraseOne', 1, ERASE_ONE_LUA);
  }

  private key(id: string) {
    return `${this.p}c:${id}`;
  }

  async create(input: NewComment): Promise<Comment> {
    const id = newCommentId();
    const now = Date.now();
    const comment: Comment = {
      ...input,
      id,
      createdAt: new Date(now).toISOString(),
      status: 'pending',
      spamScore: null,
      reasons: [],
      decidedAt: null,
      decidedBy: null,
    };
    const site = input.siteId;
    const fields: Record<string, string> = {
      id,
      siteId: site,
      threadId: input.threadId,
      parentId: input.parentId ?? '',
      name: input.name,
      email: input.email,
      website: input.website ?? '',
      comment: input.comment,
      createdAt: comment.createdAt,
      status: 'pending',
      spamScore: '',
      reasons: '[]',
      ip: input.ip ?? '',
      userAgent: input.userAgent ?? '',
      decidedAt: '',
      decidedBy: '',
      signals: JSON.stringify(input.signals),
    };
    const known = authorHash(input.email, input.ip);
    if (known) fields.authorHash = known;
    await this.createScript(
      this.key(id),
      `${this.p}status:pending`,
      `${this.p}site:${site}:status:pending`,
      `${this.p}site:${site}:text-seen`,
      `${this.p}seq`,
      `${this.p}pii`,
      `${this.p}author:${emailHash(input.email)}`,
      id,
      String(now),
      sha256(normaliseForRepeat(input.comment)),
      input.ip || input.userAgent ? '1' : '',
      `${site}\n${known ?? ''}`,
      ...Object.entries(fields).flat(),
    );
    return comment;
  }

  async get(id: string): Promise<Comment | null> {
    return fromHash(await this.redis.hgetall(this.key(id)));
  }

  async transition(id: string, t: Transition): Promise<TransitionResult> {
    const [outcome, previous, ...flat] = await this.transitionScript(
      this.key(id),
      this.p,
      t.from.join(','),
      t.to,
      t.by,
      new Date().toISOString(),
      t.spamScore === undefined ? '' : String(t.spamScore),
      t.reasons === undefined ? '' : JSON.stringify(t.reasons),
    );
    const hash: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) hash[flat[i]!] = flat[i + 1]!;
    const comment = outcome === 'missing' ? null : fromHash(hash);
    if (!comment) return { outcome: 'missing' };
    if (outcome === 'conflict') return { outcome: 'conflict', comment };
    return { outcome: 'applied', previous: previous as CommentStatus, comment };
  }

  private async page(key: string, page: PageRequest): Promise<Page> {
    const min = page.cursor ? `(${decodeCursor(page.cursor)}` : '-inf';
    const raw = await this.redis.zrangebyscore(key, min, '+inf', 'WITHSCORES', 'LIMIT', 0, page.limit + 1);
    const ids: string[] = [];
    const scores: number[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      ids.push(raw[i]!);
      scores.push(Number(raw[i + 1]));
    }
    const more = ids.length > page.limit;
    const pageIds = ids.slice(0, page.limit);
    const pipeline = this.redis.pipeline();
    for (const id of pageIds) pipeline.hgetall(this.key(id));
    const results = (await pipeline.exec()) ?? [];
    const comments = results
      .map(([err, h]) => (err ? null : fromHash(h as Record<string, string>)))
      .filter((c): c is Comment => c !== null);
    return { comments, nextCursor: more ? encodeCursor(scores[page.limit - 1]!) : null };
  }

  listByStatus(status: CommentStatus, page: PageRequest, siteId?: string): Promise<Page> {
    const key = siteId ? `${this.p}site:${siteId}:status:${status}` : `${this.p}status:${status}`;
    return this.page(key, page);
  }

  listThread(siteId: string, threadId: string, page: PageRequest): Promise<Page> {
    return this.page(`${this.p}thread:${siteId}:${threadId}`, page);
  }

  async delete(id: string): Promise<Comment | null> {
    const current = await this.get(id);
    if (!current) return null;
    const removed = await this.deleteScript(this.key(id), this.p);
    return removed ? current : null;
  }

  async countByStatus(siteId?: string): Promise<Record<CommentStatus, number>> {
    const pipeline = this.redis.pipeline();
    for (const s of COMMENT_STATUSES) {
      pipeline.zcard(siteId ? `${this.p}site:${siteId}:status:${s}` : `${this.p}status:${s}`);
    }
    const res = (await pipeline.exec()) ?? [];
    const counts = {} as Record<CommentStatus, number>;
    COMMENT_STATUSES.forEach((s, i) => {
      counts[s] = Number(res[i]?.[1] ?? 0);
    });
    return counts;
  }

  async listStalePending(olderThanMs: number, limit: number): Promise<string[]> {
    const cutoff = (Date.now() - olderThanMs) * 1000;
    return this.redis.zrangebyscore(`${this.p}status:pending`, '-inf', cutoff, 'LIMIT', 0, limit);
  }

  async repeatCount(comment: Comment): Promise<number> {
    const seen = await this.redis.hget(
      `${this.p}site:${comment.siteId}:text-seen`,
      sha256(normaliseForRepeat(comment.comment)),
    );
    return Math.max(0, Number(seen ?? 1) - 1);
  }

  async authorHasPublished(comment: Comment): Promise<boolean> {
    const member = authorHash(comment.email, comment.ip);
    if (!member) return false;
    return (await this.redis.sismember(`${this.p}site:${comment.siteId}:published-authors`, member)) === 1;
  }

  erasePii(beforeMs: number, limit: number): Promise<number> {
    return this.erasePiiScript(`${this.p}pii`, this.p, String(Math.floor(beforeMs) * 1000), limit);
  }

  async deleteSpam(beforeMs: number, limit: number): Promise<{ examined: number; deleted: number }> {
    const ids = await this.redis.zrangebyscore(`${this.p}status:spam`, '-inf', Math.floor(beforeMs) * 1000, 'LIMIT', 0, limit);
    let deleted = 0;
    for (const id of ids) {
      // A comment a moderator marked spam only recently is kept for the full period from that decision.
      const decidedAt = await this.redis.hget(this.key(id), 'decidedAt');
      if (decidedAt && Date.parse(decidedAt) > beforeMs) continue;
      deleted += await this.deleteScript(this.key(id), this.p);
    }
    return { examined: ids.length, deleted };
  }

  async eraseAuthor(email: string): Promise<number> {
    const authorKey = `${this.p}author:${emailHash(email)}`;
    let erased = 0;
    // In batches, so an author with many comments never holds Redis for long.
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(authorKey, cursor, 'COUNT', 200);
      cursor = next;
      for (let i = 0; i < flat.length; i += 2) erased += await this.eraseOneScript(authorKey, this.p, flat[i]!);
    } while (cursor !== '0');
    await this.redis.del(authorKey);
    return erased;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }
}
