/**
 * WebhookStore on Redis: the outbox of webhook events and their delivery status. Every write is one
 * Lua script (src/store/lua/webhook-*.lua). Events are usually recorded by the comment store, in the
 * same script as the change they announce; create() records the others. Events expire after the
 * retry window plus a week; the recent-deliveries index keeps the newest 10,000.
 *
 * Key layout: see redis-keys.ts (`{P}:wh:*`, in the comment slot so a change and its event are one
 * script). `{P}:wh:outbox` lists every unfinished event with the time the sweeper should make sure
 * its delivery job exists; delivery or dead-lettering removes it.
 */
import { loadScript, type RedisScript, type RedisClient } from './redis-client.ts';
import { redisKeys, type RedisKeys } from './redis-keys.ts';
import type { CommentEventType } from '../comments/comment-events.ts';
import type { AttemptOutcome, DeliveryStatus, NewWebhookEvent, WebhookDelivery, WebhookStore } from './webhook-store.ts';

const KEEP_RECENT = 10_000;

/** How long after it was queued the sweeper checks again that an unfinished event still has a job. */
const RECHECK_AFTER_MS = 10 * 60_000;

/** How long events are kept: the retry window plus a week for moderators to look at them. */
export function webhookEventTtlSeconds(retryWindowMs: number): number {
  return Math.ceil(retryWindowMs / 1000) + 7 * 24 * 3600;
}

/** An event as the 7 ARGV values of includes/outbox.lua. */
export function eventArgs(e: NewWebhookEvent, ttlSeconds: number): string[] {
  return [e.id, e.type, e.createdAt, e.body, String(ttlSeconds), String(Date.parse(e.createdAt)), String(KEEP_RECENT)];
}

/** "No event" in the same 7 positions. */
export const NO_EVENT_ARGS: readonly string[] = ['', '', '', '', '', '', ''];

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

function fromPairs(flat: string[]): WebhookDelivery | null {
  const h: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) h[flat[i]!] = flat[i + 1]!;
  return fromHash(h);
}

const RECORD_FIELDS = ['id', 'siteId', 'commentId', 'type', 'createdAt', 'seq', 'status', 'attempts', 'lastAttemptAt', 'lastStatusCode', 'lastError', 'deliveredAt', 'url'] as const;

export class RedisWebhookStore implements WebhookStore {
  private readonly k: RedisKeys;
  private readonly ttlSeconds: number;
  private readonly createScript: RedisScript<number>;
  private readonly recordAttemptScript: RedisScript<string[]>;
  private readonly markDeadScript: RedisScript<number>;
  private readonly reopenScript: RedisScript<string[]>;
  private readonly dueScript: RedisScript<string[]>;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    retryWindowMs: number,
  ) {
    this.k = redisKeys(prefix);
    this.ttlSeconds = webhookEventTtlSeconds(retryWindowMs);
    this.createScript = loadScript(redis, 'webhook-create', 1);
    this.recordAttemptScript = loadScript(redis, 'webhook-record-attempt', 1);
    this.markDeadScript = loadScript(redis, 'webhook-mark-dead', 1);
    this.reopenScript = loadScript(redis, 'webhook-reopen', 1);
    this.dueScript = loadScript(redis, 'webhook-outbox-due', 1);
  }

  async create(e: NewWebhookEvent): Promise<WebhookDelivery> {
    const seq = await this.createScript(this.k.webhookEvent(e.id), this.k.data, e.siteId, e.commentId, ...eventArgs(e, this.ttlSeconds));
    return { ...e, seq: Number(seq), status: 'pending', attempts: 0, lastAttemptAt: null, lastStatusCode: null, lastError: null, deliveredAt: null, url: null };
  }

  async get(eventId: string): Promise<WebhookDelivery | null> {
    const values = await this.redis.hmget(this.k.webhookEvent(eventId), ...RECORD_FIELDS);
    const h: Record<string, string> = {};
    RECORD_FIELDS.forEach((f, i) => {
      const v = values[i];
      if (v !== null && v !== undefined) h[f] = v;
    });
    return fromHash(h);
  }

  body(eventId: string): Promise<string | null> {
    return this.redis.hget(this.k.webhookEvent(eventId), 'body');
  }

  async mayDeliver(d: WebhookDelivery): Promise<boolean> {
    if (d.seq <= 1) return true;
    const previous = String(d.seq - 1);
    if ((await this.redis.sismember(this.k.webhookDone(d.commentId), previous)) === 1) return true;
    // A predecessor that no longer exists (expired) can never finish: it must not hold this one back.
    const previousId = await this.redis.hget(this.k.webhookEvents(d.commentId), previous);
    if (!previousId) return true;
    return (await this.redis.exists(this.k.webhookEvent(previousId))) === 0;
  }

  async recordAttempt(eventId: string, o: AttemptOutcome): Promise<WebhookDelivery | null> {
    const status: DeliveryStatus = o.ok ? 'delivered' : o.final ? 'dead' : 'retrying';
    const flat = await this.recordAttemptScript(
      this.k.webhookEvent(eventId),
      this.k.data,
      status,
      new Date().toISOString(),
      o.statusCode === null ? '' : String(o.statusCode),
      o.error ?? '',
      o.url,
    );
    return fromPairs(flat);
  }

  async markDead(eventId: string, reason: string): Promise<void> {
    await this.markDeadScript(this.k.webhookEvent(eventId), this.k.data, reason);
  }

  async reopen(eventId: string): Promise<WebhookDelivery | null> {
    return fromPairs(await this.reopenScript(this.k.webhookEvent(eventId), this.k.data, String(Date.now())));
  }

  async markQueued(eventId: string): Promise<void> {
    // XX: an event that finished meanwhile stays out of the outbox.
    await this.redis.zadd(this.k.webhookOutbox, 'XX', Date.now() + RECHECK_AFTER_MS, eventId);
  }

  async markUnqueued(eventId: string): Promise<void> {
    // XX, as above; 0: due at the sweeper's next pass.
    await this.redis.zadd(this.k.webhookOutbox, 'XX', 0, eventId);
  }

  claimUnqueued(olderThanMs: number, limit: number): Promise<string[]> {
    const now = Date.now();
    // Taken for olderThanMs only: a claim that was never followed by markQueued (the sweeper died, or Redis went
    // away, between the two) is due again then, not at the next check of queued events minutes later.
    return this.dueScript(this.k.webhookOutbox, String(now - olderThanMs), String(now + olderThanMs), String(limit));
  }

  async list(filter: { siteId?: string | undefined; status?: DeliveryStatus | undefined; limit: number }): Promise<WebhookDelivery[]> {
    const index = filter.siteId ? this.k.webhookSiteRecent(filter.siteId) : this.k.webhookRecent;
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
