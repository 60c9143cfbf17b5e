/**
 * WebhookStore in process memory, with the Redis store's semantics: per-comment sequence numbers,
 * an event may go once its predecessor is finished (delivered or dead), attempts and their outcome,
 * and the newest-first delivery list (the newest 10,000).
 */
import type { AttemptOutcome, DeliveryStatus, NewWebhookEvent, WebhookDelivery, WebhookStore } from './webhook-store.ts';

const KEEP_RECENT = 10_000;

interface Entry {
  delivery: WebhookDelivery;
  body: string;
}

/** As in the Redis store: how long after queueing the sweeper checks again that an unfinished event has a job. */
const RECHECK_AFTER_MS = 10 * 60_000;

export class MemoryWebhookStore implements WebhookStore {
  private readonly events = new Map<string, Entry>();
  private readonly seqs = new Map<string, number>();
  /** Per comment: sequence numbers finished (delivered or dead). */
  private readonly done = new Map<string, Set<number>>();
  /** The outbox: unfinished event ids -> when to make sure a delivery job exists (ms). */
  private readonly outbox = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async create(e: NewWebhookEvent): Promise<WebhookDelivery> {
    const seq = (this.seqs.get(e.commentId) ?? 0) + 1;
    this.seqs.set(e.commentId, seq);
    const delivery: WebhookDelivery = {
      id: e.id,
      siteId: e.siteId,
      commentId: e.commentId,
      type: e.type,
      createdAt: e.createdAt,
      seq,
      status: 'pending',
      attempts: 0,
      lastAttemptAt: null,
      lastStatusCode: null,
      lastError: null,
      deliveredAt: null,
      url: null,
    };
    this.events.set(e.id, { delivery: { ...delivery }, body: e.body });
    this.outbox.set(e.id, Date.parse(e.createdAt));
    return { ...e, ...delivery };
  }

  async get(eventId: string): Promise<WebhookDelivery | null> {
    const e = this.events.get(eventId);
    return e ? { ...e.delivery } : null;
  }

  async body(eventId: string): Promise<string | null> {
    return this.events.get(eventId)?.body ?? null;
  }

  async mayDeliver(d: WebhookDelivery): Promise<boolean> {
    if (d.seq <= 1 || (this.done.get(d.commentId)?.has(d.seq - 1) ?? false)) return true;
    // A predecessor that no longer exists can never finish: it must not hold this one back.
    return ![...this.events.values()].some((e) => e.delivery.commentId === d.commentId && e.delivery.seq === d.seq - 1);
  }

  async markQueued(eventId: string): Promise<void> {
    if (this.outbox.has(eventId)) this.outbox.set(eventId, this.now() + RECHECK_AFTER_MS);
  }

  async markUnqueued(eventId: string): Promise<void> {
    if (this.outbox.has(eventId)) this.outbox.set(eventId, 0);
  }

  async claimUnqueued(olderThanMs: number, limit: number): Promise<string[]> {
    const due = [...this.outbox].filter(([, at]) => at <= this.now() - olderThanMs).slice(0, limit).map(([id]) => id);
    for (const id of due) this.outbox.set(id, this.now() + olderThanMs);
    return due;
  }

  private finish(d: WebhookDelivery): void {
    this.outbox.delete(d.id);
    let set = this.done.get(d.commentId);
    if (!set) this.done.set(d.commentId, (set = new Set()));
    set.add(d.seq);
  }

  async recordAttempt(eventId: string, o: AttemptOutcome): Promise<WebhookDelivery | null> {
    const e = this.events.get(eventId);
    if (!e) return null;
    const now = new Date().toISOString();
    const status: DeliveryStatus = o.ok ? 'delivered' : o.final ? 'dead' : 'retrying';
    e.delivery = {
      ...e.delivery,
      attempts: e.delivery.attempts + 1,
      status,
      lastAttemptAt: now,
      lastStatusCode: o.statusCode,
      lastError: o.error || null,
      url: o.url || null,
      ...(o.ok ? { deliveredAt: now } : {}),
    };
    if (status !== 'retrying') this.finish(e.delivery);
    return { ...e.delivery };
  }

  async markDead(eventId: string, reason: string): Promise<void> {
    const e = this.events.get(eventId);
    if (!e) return;
    e.delivery = { ...e.delivery, status: 'dead', lastError: reason || null };
    this.finish(e.delivery);
  }

  async reopen(eventId: string): Promise<WebhookDelivery | null> {
    const e = this.events.get(eventId);
    if (!e) return null;
    e.delivery = { ...e.delivery, status: 'pending' };
    this.outbox.set(eventId, this.now());
    return { ...e.delivery };
  }

  async list(filter: { siteId?: string | undefined; status?: DeliveryStatus | undefined; limit: number }): Promise<WebhookDelivery[]> {
    // Newest first by creation time, ties by id descending, as a Redis sorted set reads in reverse.
    const recent = [...this.events.values()]
      .map((e) => e.delivery)
      .filter((d) => !filter.siteId || d.siteId === filter.siteId)
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, KEEP_RECENT);
    return recent.filter((d) => !filter.status || d.status === filter.status).slice(0, filter.limit).map((d) => ({ ...d }));
  }
}
