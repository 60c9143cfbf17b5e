/**
 * CommentStore on Redis. Every state change is one Lua script, so a move and its index updates
 * are atomic and compare-and-set: a retried job can't publish twice or undo a moderator.
 *
 * Key layout (P = `<REDIS_PREFIX>:`, e.g. `cm:`):
 *   P seq                                   INCR counter that makes list scores unique
 *   P c:<id>                                HASH  the Comment's fields as strings ('' stands for null; see fromHash),
 *                                                 plus order (list score) and authorHash (sha256 of the lower-cased email)
 *   P status:<status>                       ZSET  ids by order score, every site
 *   P site:<siteId>:status:<status>         ZSET  ids by order score, one site
 *   P thread:<siteId>:<threadId>            ZSET  ids of published comments by order score
 *   P site:<siteId>:text-seen               HASH  sha256(normalised text) -> submissions seen
 *   P site:<siteId>:published-authors       SET   sha256(lower-cased email) of authors with a published comment
 *
 * The order score is createdAt in ms * 1000 + (seq mod 1000): unique, increasing, and an exact
 * double, so it doubles as the pagination cursor. Lua scripts build index keys from P because
 * they depend on fields of the hash; this store does not target Redis Cluster.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { defineScript, type RedisScript } from './redis-client.ts';
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
local hashKey, statusKey, siteStatusKey, textSeenKey, seqKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local id, nowMs, textHash = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local seq = redis.call('INCR', seqKey)
local order = string.format('%.0f', nowMs * 1000 + (seq % 1000))
local fields = {'order', order}
for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', hashKey, unpack(fields))
redis.call('ZADD', statusKey, order, id)
redis.call('ZADD', siteStatusKey, order, id)
redis.call('HINCRBY', textSeenKey, textHash, 1)
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
redis.call('DEL', key)
return 1
`;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** How an author is known in the published-authors set: never the address itself. */
const authorHash = (email: string) => sha256(email.toLowerCase());

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
  if (!/^\d{1,20}$/.test(decoded)) throw new InvalidCursorError();
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
    signals: h.signals ? (JSON.parse(h.signals) as Comment['signals']) : {},
  };
}

export class RedisCommentStore implements CommentStore {
  private readonly p: string;
  private readonly createScript: RedisScript<string>;
  private readonly transitionScript: RedisScript<string[]>;
  private readonly deleteScript: RedisScript<number>;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.p = `${prefix}:`;
    this.createScript = defineScript(redis, 'cmCreate', 5, CREATE_LUA);
    this.transitionScript = defineScript(redis, 'cmTransition', 1, TRANSITION_LUA);
    this.deleteScript = defineScript(redis, 'cmDelete', 1, DELETE_LUA);
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
      authorHash: authorHash(input.email),
    };
    await this.createScript(
      this.key(id),
      `${this.p}status:pending`,
      `${this.p}site:${site}:status:pending`,
      `${this.p}site:${site}:text-seen`,
      `${this.p}seq`,
      id,
      String(now),
      sha256(normaliseForRepeat(input.comment)),
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
    const member = authorHash(comment.email);
    return (await this.redis.sismember(`${this.p}site:${comment.siteId}:published-authors`, member)) === 1;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }
}
