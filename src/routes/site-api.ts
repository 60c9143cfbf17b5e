/**
 * Backend-only endpoints (site key required): POST /api/v1/check scores a comment the backend keeps
 * itself and stores nothing; POST /api/v1/feedback teaches the site's classifier spam or ham, and with a
 * `commentId` decides on a comment of the site that this service stores.
 */
import { Router } from 'express';
import { requireSiteKey, requestSite } from '../http/site-auth.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import { rateLimitByCaller } from '../http/caller-rate-limit.ts';
import { idempotency } from '../http/idempotency.ts';
import { factsFrom } from '../comments/backend-context.ts';
import { validateCheck, validateFeedback } from '../comments/validate-check.ts';
import { checkComment, type CheckDeps } from '../comments/check-comment.ts';
import { learnFeedback } from '../comments/learn-feedback.ts';
import { applySiteBackendDecision } from '../comments/moderate-decision.ts';
import type { CommentEventSink } from '../comments/comment-events.ts';
import type { AuditStore } from '../store/audit-store.ts';
import type { SiteRegistry } from '../sites/site-registry.ts';
import type { IdempotencyStore } from '../store/idempotency-store.ts';
import { bodyParsers, requireFormOrJson } from '../http/body-parsers.ts';

export interface SiteApiDeps extends Omit<CheckDeps, 'thresholds'> {
  sites: SiteRegistry;
  siteRateLimiter?: RateLimiter | undefined;
  idempotency?: IdempotencyStore | undefined;
  /** Announces a backend's decisions (webhooks). */
  events: CommentEventSink;
  audit?: AuditStore | undefined;
}

export function siteApiRouter(deps: SiteApiDeps): Router {
  const router = Router();
  const checkDeps: CheckDeps = { ...deps, thresholds: (siteId) => deps.sites.thresholds(siteId) };
  const common = [
    requireFormOrJson,
    requireSiteKey(deps.sites),
    rateLimitByCaller(undefined, deps.siteRateLimiter),
    ...bodyParsers(),
  ];

  router.post('/api/v1/check', ...common, async (req, res) => {
    const { site } = requestSite(res);
    const { text, facts: stated } = validateCheck(req.body);
    const facts = factsFrom(stated, { ip: null, userAgent: null });
    const result = await checkComment(checkDeps, { ...text, siteId: site.id, ip: facts.ip, userAgent: facts.userAgent, signals: facts.context });
    res.set('Cache-Control', 'no-store').json(result);
  });

  router.post('/api/v1/feedback', ...common, idempotency(deps.idempotency), async (req, res) => {
    const { site } = requestSite(res);
    const { text, label, externalId, commentId } = validateFeedback(req.body);
    if (commentId) {
      // The decision's lesson (the stored comment, keyed by its id) stands in for the text's.
      const { comment, learned } = await applySiteBackendDecision(deps, site.id, commentId, label);
      return res.json({ siteId: site.id, label, learned, commentId, status: comment.status, decidedBy: comment.decidedBy });
    }
    const changed = await learnFeedback(deps.learning, site.id, label, text, externalId);
    res.json({ siteId: site.id, label, learned: changed });
  });

  return router;
}
