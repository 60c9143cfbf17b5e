/**
 * The idempotency boundary: remembers the first answer to a request sent with an `Idempotency-Key`,
 * so a retried request gets the same answer instead of doing the work twice.
 */

export type IdempotencyBegin =
  /** First time: the caller does the work, then calls complete() or abandon(). */
  | { kind: 'new' }
  /** Same key and same body, already answered: send this again. */
  | { kind: 'replay'; status: number; body: unknown }
  /** Same key with a different body. */
  | { kind: 'mismatch' }
  /** Same key and body, the first request is still running. */
  | { kind: 'in-progress' };

export interface IdempotencyStore {
  /** Claims `key` in `scope` for a request whose body hashes to `fingerprint`. */
  begin(scope: string, key: string, fingerprint: string): Promise<IdempotencyBegin>;
  /** Records the answer for replays until the key expires. */
  complete(scope: string, key: string, fingerprint: string, status: number, body: unknown): Promise<void>;
  /** Releases the claim so a retry does the work (used after failures worth retrying). */
  abandon(scope: string, key: string): Promise<void>;
}
