/**
 * One delivery attempt of a webhook event: wait for the comment's previous event, sign the stored
 * body with the site's current secret, POST it (to a public address only, never following a redirect),
 * and record the outcome. A failure is retried with
 * backoff until the attempts or the retry window (24 h by default) run out; then it is dead-lettered.
 */
import type { Logger } from 'pino';
import type { Site } from '../../models/site.ts';
import type { WebhookStore } from '../store/webhook-store.ts';
import type { WebhookProcessor } from '../queue/webhook-queue.ts';
import { webhookBackoffMs } from '../queue/webhook-backoff.ts';
import { signWebhook } from './webhook-signature.ts';
import { postWebhook } from './post-webhook.ts';
import type { Resolver } from './webhook-target.ts';

export interface DeliverDeps {
  store: WebhookStore;
  /** Read fresh on every attempt, so a changed URL or rotated secret applies to pending retries. */
  site: (siteId: string) => Promise<Site | null>;
  logger: Logger;
  backoffBaseMs: number;
  backoffMaxMs: number;
  retryWindowMs: number;
  timeoutMs: number;
  userAgent?: string;
  /** Deliver to loopback and private addresses too (WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** Host-name resolution for the target check; the system resolver by default. */
  resolve?: Resolver;
}

/** How often a blocked event looks again for its predecessor. */
function waitDelay(deps: DeliverDeps): number {
  return Math.min(Math.max(deps.backoffBaseMs, 200), 30_000);
}

export function deliverWebhook(deps: DeliverDeps): WebhookProcessor {
  return async (eventId, attempt) => {
    const delivery = await deps.store.get(eventId);
    if (!delivery) return { outcome: 'skipped', reason: 'event expired' };
    if (delivery.status === 'delivered' || delivery.status === 'dead') return { outcome: 'skipped', reason: `already ${delivery.status}` };
    if (!(await deps.store.mayDeliver(delivery))) return { outcome: 'wait', delayMs: waitDelay(deps) };

    const site = await deps.site(delivery.siteId);
    const body = await deps.store.body(eventId);
    if (!site?.webhookUrl || body === null) {
      const reason = !site ? 'site removed' : !site.webhookUrl ? 'site has no webhook URL' : 'event body expired';
      await deps.store.markDead(eventId, reason);
      return { outcome: 'dead', reason };
    }

    const timestamp = Math.floor(Date.now() / 1000);
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      statusCode = await postWebhook(site.webhookUrl, {
        timeoutMs: deps.timeoutMs,
        allowPrivate: deps.allowPrivate,
        ...(deps.resolve ? { resolve: deps.resolve } : {}),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': deps.userAgent ?? 'comment-moderation-webhooks/1',
          'X-Webhook-Id': delivery.id,
          'X-Webhook-Timestamp': String(timestamp),
          'X-Webhook-Signature': signWebhook(site.webhookSecret, timestamp, body),
        },
        body,
      });
      if (statusCode >= 200 && statusCode < 300) {
        await deps.store.recordAttempt(eventId, { ok: true, url: site.webhookUrl, statusCode, error: null, final: false });
        return { outcome: 'delivered' };
      }
      error = `HTTP ${statusCode}`;
    } catch (err) {
      error = (err as Error).name === 'TimeoutError' ? `timed out after ${deps.timeoutMs} ms` : (err as Error).message.slice(0, 200);
    }

    const age = Date.now() - Date.parse(delivery.createdAt);
    const final = attempt.number >= attempt.maxAttempts || age + webhookBackoffMs(attempt.number, deps) > deps.retryWindowMs;
    await deps.store.recordAttempt(eventId, { ok: false, url: site.webhookUrl, statusCode, error, final });
    if (final) {
      deps.logger.warn({ eventId, attempts: attempt.number, error }, 'webhook delivery dead-lettered');
      return { outcome: 'dead', reason: error ?? 'failed' };
    }
    throw new Error(`webhook delivery failed: ${error}`);
  };
}
