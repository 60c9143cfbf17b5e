/** Moderator API for webhooks: recent deliveries with their status, and redelivery of one event on request. */
import { Router } from 'express';
import { InvalidQueryError, NotFoundError } from '../errors.ts';
import { requireModerator } from '../http/moderator-auth.ts';
import type { FailureLimiter } from '../http/rate-limit.ts';
import { limitParam, siteIdParam } from '../http/pagination.ts';
import type { DeliveryStatus, WebhookStore } from '../store/webhook-store.ts';
import type { WebhookQueue } from '../queue/webhook-queue.ts';

export interface WebhookDeliveriesDeps {
  moderatorToken: string;
  /** Slows clients that keep sending wrong tokens; undefined switches that off. */
  authFailures?: FailureLimiter | undefined;
  webhooks: { store: WebhookStore; queue: WebhookQueue };
}

const STATUSES: readonly DeliveryStatus[] = ['pending', 'retrying', 'delivered', 'dead'];

export function webhookDeliveriesRouter(deps: WebhookDeliveriesDeps): Router {
  const router = Router();
  const { store, queue } = deps.webhooks;
  router.use('/api/v1/moderation/webhooks', requireModerator(deps.moderatorToken, deps.authFailures));

  router.get('/api/v1/moderation/webhooks/deliveries', async (req, res) => {
    const { status } = req.query;
    if (status !== undefined && !STATUSES.includes(status as DeliveryStatus)) {
      throw new InvalidQueryError(`status must be one of ${STATUSES.join(', ')}`);
    }
    const deliveries = await store.list({ siteId: siteIdParam(req), status: status as DeliveryStatus | undefined, limit: limitParam(req) });
    res.set('Cache-Control', 'no-store').json({ deliveries });
  });

  router.post('/api/v1/moderation/webhooks/deliveries/:id/redeliver', async (req, res) => {
    const reopened = await store.reopen(req.params.id);
    if (!reopened) throw new NotFoundError('Delivery');
    await queue.redeliver(reopened.id);
    await store.markQueued(reopened.id);
    res.status(202).json(reopened);
  });

  return router;
}
