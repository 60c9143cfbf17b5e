/**
 * WebhookStore on Redis. Events expire after the retry window plus a week; the recent-deliveries
 * index keeps the newest 10,000.
 *
 * Key layout (P = `<REDIS_PREFIX>:`):
 *   P wh:e:<eventId>            HASH  delivery record + `body` (the exact JSON sent)
 *   P wh:c:<commentId>:seq      STRING INCR: the comment's event sequence
 *   P wh:c:<commentId>:done     SET   sequence numbers finished (delivered or dead)
 *   P wh:recent                 ZSET  event ids by creation time, every site
 *   P wh:site:<siteId>:recent   ZSET  event ids by creation time, one site
 */
import type { Redis } from 'ioredis';
import { defineScript, type RedisScript } from './redis-client.ts';
import type { CommentEventType } from '../comments/comment-events.ts';
import type { AttemptOutcome, DeliveryStatus, NewWebhookEvent, WebhookDelivery, WebhookStore } from './webhook-store.ts';

const KEEP_RECENT = 10_000;

// Sequence allocation and the record are one step, so no event can hold a number that is never stored.
const CREATE_LUA = `
local seq = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], 'id', ARGV[2], 'siteId', ARGV[3], 'commentId', ARGV[4], 'type', ARGV[5], 'createdAt', ARGV[6],
  'body', ARGV[7], 'seq', seq, 'status', 'pending', 'attempts', 0)
redis.call('EXPIRE', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[8], ARGV[2])
redis.call('ZADD', KEYS[4], ARGV[8], ARGV[2])
redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -${KEEP_RECENT + 1})
redis.call('ZREMRANGEBYRANK', KEYS[4], 0, -${KEEP_RECENT + 1})
return seq
`;

const nul = (s: string | undefined) => (s === undefined || s === '' ? null : s);

function fromHash(h: Record<string, string>): WebhookDelivery | null {
  if (!h.id) return null;
  return {
    id: h.id,
    siteId: h.siteId ?? '',
    commentId: h.commentId ?? '',
    type: h.type as CommentEventType,
    createdAt: h.createdAt ?? '',
    seq: Number(h.seq ?? 0),
    status: (h.status ?? 'pending') as DeliveryStatus,
    attempts: Number(h.attempts ?? 0),
    lastAttemptAt: nul(h.lastAttemptAt),
    lastStatusCode: h.lastStatusCode ? Number(h.lastStatusCode) : null,
    lastError: nul(h.lastError),
    deliveredAt: nul(h.deliveredAt),
    url: nul(h.url),
  };
}

const RECORD_FIELDS = ['id', 'siteId', 'commentId', 'type', 'createdAt', 'seq', 'status', 'attempts', 'lastAttemptAt', 'lastStatusCode', 'lastError', 'deliveredAt', 'url'] as const;

export class RedisWebhookStore implements WebhookStore {
  private readonly p: string;
  private readonly ttlSeconds: number;
  private readonly createScript: RedisScript<number>;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    retryWindowMs: number,
  ) {
    this.p = `${prefix}:wh:`;
    this.ttlSeconds = Math.ceil(retryWindowMs / 1000) + 7 * 24 * 3600;
    this.createScript = defineScript(redis, 'cmWebhookCreate', 4, CREATE_LUA);
  }

  private eventKey(id: string) {
    return `${this.p}e:${id}`;
  }

  private doneKey(commentId: string) {
    return `${this.p}c:${commentId}:done`;
  }

  async create(e: NewWebhookEvent): Promise<WebhookDelivery> {
    const seq = await this.createScript(
      `${this.p}c:${e.commentId}:seq`,
      this.eventKey(e.id),
      `${this.p}recent`,
      `${this.p}site:${e.siteId}:recent`,
      this.ttlSeconds,
      e.id,
      e.siteId,
      e.commentId,
      e.type,
      e.createdAt,
      e.body,
      Date.parse(e.createdAt),
    );
    return { ...e, seq: Number(seq), status: 'pending', attempts: 0, lastAttemptAt: null, lastStatusCode: null, lastError: null, deliveredAt: null, url: null };
  }

  async get(eventId: string): Promise<WebhookDelivery | null> {
    const values = await this.redis.hmget(this.eventKey(eventId), ...RECORD_FIELDS);
    const h: Record<string, string> = {};
    RECORD_FIELDS.forEach((f, i) => {
      const v = values[i];
      if (v !== null && v !== undefined) h[f] = v;
    });
    return fromHash(h);
  }

  body(eventId: string): Promise<string | null> {
    return this.redis.hget(this.eventKey(eventId), 'body');
  }

  async mayDeliver(d: WebhookDelivery): Promise<boolean> {
    if (d.seq <= 1) return true;
    return (await this.redis.sismember(this.doneKey(d.commentId), String(d.seq - 1))) === 1;
  }

  async recordAttempt(eventId: string, o: AttemptOutcome): Promise<WebhookDelivery | null> {
    const current = await this.get(eventId);
    if (!current) return null;
    const now = new Date().toISOString();
    const status: DeliveryStatus = o.ok ? 'delivered' : o.final ? 'dead' : 'retrying';
    const m = this.redis
      .multi()
      .hincrby(this.eventKey(eventId), 'attempts', 1)
      .hset(this.eventKey(eventId), {
        status,
        lastAttemptAt: now,
        lastStatusCode: o.statusCode === null ? '' : String(o.statusCode),
        lastError: o.error ?? '',
        url: o.url,
        ...(o.ok ? { deliveredAt: now } : {}),
      });
    if (status !== 'retrying') m.sadd(this.doneKey(current.commentId), String(current.seq)).expire(this.doneKey(current.commentId), this.ttlSeconds);
    await m.exec();
    return this.get(eventId);
  }

  async markDead(eventId: string, reason: string): Promise<void> {
    const current = await this.get(eventId);
    if (!current) return;
    await this.redis
      .multi()
      .hset(this.eventKey(eventId), { status: 'dead', lastError: reason })
      .sadd(this.doneKey(current.commentId), String(current.seq))
      .expire(this.doneKey(current.commentId), this.ttlSeconds)
      .exec();
  }

  async reopen(eventId: string): Promise<WebhookDelivery | null> {
    const current = await this.get(eventId);
    if (!current) return null;
    await this.redis.hset(this.eventKey(eventId), { status: 'pending' });
    return { ...current, status: 'pending' };
  }

  async list(filter: { siteId?: string | undefined; status?: DeliveryStatus | undefined; limit: number }): Promise<WebhookDelivery[]> {
    const index = filter.siteId ? `${this.p}site:${filter.siteId}:recent` : `${this.p}recent`;
    const out: WebhookDelivery[] = [];
    // Walk newest first in pages, skipping other statuses, until the page is full.
    for (let start = 0; out.length < filter.limit; start += 200) {
      const ids = await this.redis.zrevrange(index, start, start + 199);
      if (ids.length === 0) break;
      const records = await Promise.all(ids.map((id) => this.get(id)));
      for (const r of records) {
        if (r && (!filter.status || r.status === filter.status)) out.push(r);
        if (out.length >= filter.limit) break;
      }
    }
    return out;
  }
}
