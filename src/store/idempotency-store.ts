/**
 * The idempotency boundary: remembers the first answer to a request sent with an `Idempotency-Key`,
 * so a retried request gets the same answer instead of doing the work twice.
 */

/** This request's hold on a key. */
export interface IdempotencyClaim {
  scope: string;
  key: string;
  /** Identifies this request's claim; writes bound to the claim check it. */
  owner: string;
  /**
   * The comment an earlier request with this key had stored before it died (its claim ran out):
   * the retry must finish that one rather than store another. Null when there is none.
   */
  boundTo: string | null;
}

export type IdempotencyBegin =
  /** First time (or the earlier request's claim ran out): the caller does the work, then calls complete() or abandon(). */
  | { kind: 'new'; claim?: IdempotencyClaim }
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
  /**
   * Releases the claim so a retry does the work (used after failures worth retrying). A key already
   * answered, or bound to a comment, keeps that: the retry replays it or finishes that comment.
   * With `owner`, only that request's claim is released (not one a retry has taken over).
   */
  abandon(scope: string, key: string, owner?: string): Promise<void>;
}
