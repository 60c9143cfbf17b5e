/**
 * IdempotencyStore in process memory, with the Redis store's semantics: a claim held while the first
 * request runs (released after a minute), the answer kept for the replay window, keys per scope.
 * The clock is injectable so tests can step past the replay window.
 */
import type { IdempotencyBegin, IdempotencyStore } from './idempotency-store.ts';

interface Entry {
  fingerprint: string;
  state: 'pending' | 'done';
  status?: number;
  body?: unknown;
  expiresAt: number;
}

/** Answers come back as a JSON round trip through Redis would return them. */
const jsonCopy = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

/** Same as the Redis store: a claim whose request died mid-way is released after this long. */
const PENDING_TTL_MS = 60_000;

export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlSeconds = 24 * 3600,
    private readonly now: () => number = Date.now,
  ) {}

  private live(k: string): Entry | undefined {
    const e = this.entries.get(k);
    if (e && e.expiresAt <= this.now()) {
      this.entries.delete(k);
      return undefined;
    }
    return e;
  }

  async begin(scope: string, key: string, fingerprint: string): Promise<IdempotencyBegin> {
    const k = `${scope}\n${key}`;
    const entry = this.live(k);
    if (!entry) {
      this.entries.set(k, { fingerprint, state: 'pending', expiresAt: this.now() + PENDING_TTL_MS });
      return { kind: 'new' };
    }
    if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (entry.state === 'pending') return { kind: 'in-progress' };
    return { kind: 'replay', status: entry.status ?? 200, body: jsonCopy(entry.body) };
  }

  async complete(scope: string, key: string, fingerprint: string, status: number, body: unknown): Promise<void> {
    this.entries.set(`${scope}\n${key}`, { fingerprint, state: 'done', status, body: jsonCopy(body), expiresAt: this.now() + this.ttlSeconds * 1000 });
  }

  async abandon(scope: string, key: string): Promise<void> {
    this.entries.delete(`${scope}\n${key}`);
  }
}
