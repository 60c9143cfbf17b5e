/**
 * IdempotencyStore on Redis: one JSON string per (scope, key), claimed with SET NX and kept for the
 * replay window (24 h by default).
 *
 * Key layout (P = `<REDIS_PREFIX>:`):
 *   P idem:<sha256(scope + key)>   STRING {fingerprint, state: pending|done, status, body}  EX ttl
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { IdempotencyBegin, IdempotencyStore } from './idempotency-store.ts';

interface Entry {
  fingerprint: string;
  state: 'pending' | 'done';
  status?: number;
  body?: unknown;
}

/** A claim whose request died mid-way is released after this long, so the client can retry. */
const PENDING_TTL_SECONDS = 60;

export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly p: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly ttlSeconds = 24 * 3600,
  ) {
    this.p = `${prefix}:idem:`;
  }

  private key(scope: string, key: string) {
    return this.p + createHash('sha256').update(`${scope}\n${key}`).digest('hex');
  }

  async begin(scope: string, key: string, fingerprint: string): Promise<IdempotencyBegin> {
    const k = this.key(scope, key);
    const claim: Entry = { fingerprint, state: 'pending' };
    const claimed = await this.redis.set(k, JSON.stringify(claim), 'EX', PENDING_TTL_SECONDS, 'NX');
    if (claimed === 'OK') return { kind: 'new' };
    const raw = await this.redis.get(k);
    if (!raw) return this.begin(scope, key, fingerprint);
    const entry = JSON.parse(raw) as Entry;
    if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (entry.state === 'pending') return { kind: 'in-progress' };
    return { kind: 'replay', status: entry.status ?? 200, body: entry.body };
  }

  async complete(scope: string, key: string, fingerprint: string, status: number, body: unknown): Promise<void> {
    const entry: Entry = { fingerprint, state: 'done', status, body };
    await this.redis.set(this.key(scope, key), JSON.stringify(entry), 'EX', this.ttlSeconds);
  }

  async abandon(scope: string, key: string): Promise<void> {
    await this.redis.del(this.key(scope, key));
  }
}
