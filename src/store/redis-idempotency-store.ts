/**
 * IdempotencyStore on Redis: one hash per (scope, key), kept for the replay window (24 h by default).
 * A claim is a lease (60 s): a retry after the lease ran out takes the claim over and learns which
 * comment the first request had stored, because creating a comment binds it to the claim in the same
 * script (comment-create-many) and confirming it records the answer (comment-confirm).
 *
 * Key layout: `{P}:idem:<sha256(scope + key)>` HASH fingerprint, state pending|done, owner, leaseUntil,
 * commentId, status, body. In the comment slot (see redis-keys.ts), so the comment scripts can bind it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { loadScript, type RedisScript, type RedisClient } from './redis-client.ts';
import { redisKeys } from './redis-keys.ts';
import type { IdempotencyBegin, IdempotencyStore } from './idempotency-store.ts';

/** A claim whose request died mid-way can be taken over after this long, so the client can retry. */
const DEFAULT_LEASE_MS = 60_000;

export function idempotencyRecordKey(prefix: string, scope: string, key: string): string {
  return redisKeys(prefix).idempotency(createHash('sha256').update(`${scope}\n${key}`).digest('hex'));
}

export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly beginScript: RedisScript<string[]>;
  private readonly completeScript: RedisScript<number>;
  private readonly abandonScript: RedisScript<number>;

  constructor(
    redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlSeconds = 24 * 3600,
    private readonly leaseMs = DEFAULT_LEASE_MS,
  ) {
    this.beginScript = loadScript(redis, 'idempotency-begin', 1);
    this.completeScript = loadScript(redis, 'idempotency-complete', 1);
    this.abandonScript = loadScript(redis, 'idempotency-abandon', 1);
  }

  private key(scope: string, key: string) {
    return idempotencyRecordKey(this.prefix, scope, key);
  }

  async begin(scope: string, key: string, fingerprint: string): Promise<IdempotencyBegin> {
    const owner = randomBytes(12).toString('base64url');
    const [kind, a, b] = await this.beginScript(this.key(scope, key), fingerprint, owner, String(this.leaseMs), String(this.ttlSeconds));
    switch (kind) {
      case 'new':
        return { kind: 'new', claim: { scope, key, owner, boundTo: a || null } };
      case 'mismatch':
        return { kind: 'mismatch' };
      case 'in-progress':
        return { kind: 'in-progress' };
      default:
        return { kind: 'replay', status: Number(a ?? 200), body: JSON.parse(b ?? 'null') };
    }
  }

  async complete(scope: string, key: string, fingerprint: string, status: number, body: unknown): Promise<void> {
    await this.completeScript(this.key(scope, key), fingerprint, String(status), JSON.stringify(body), String(this.ttlSeconds));
  }

  async abandon(scope: string, key: string, owner?: string): Promise<void> {
    await this.abandonScript(this.key(scope, key), owner ?? '');
  }
}
