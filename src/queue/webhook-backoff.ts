/**
 * The webhook retry schedule as plain numbers, shared by the BullMQ queue (job options, backoff
 * strategy) and the delivery use case (when to give up). Imports nothing, so use cases can use it.
 */

/** Backoff settings shared by producers (job options) and workers (the strategy). */
export interface WebhookRetryPolicy {
  backoffBaseMs: number;
  backoffMaxMs: number;
  maxAttempts: number;
}

/** Delay before retry n (1-based): base·2^(n-1), capped. */
export function webhookBackoffMs(retry: number, policy: Pick<WebhookRetryPolicy, 'backoffBaseMs' | 'backoffMaxMs'>): number {
  return Math.min(policy.backoffBaseMs * 2 ** Math.max(0, retry - 1), policy.backoffMaxMs);
}
