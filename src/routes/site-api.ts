/**
 * Backend-only endpoints (site key required): POST /api/v1/check scores a comment the backend keeps
 * itself and stores nothing; POST /api/v1/feedback teaches the site's classifier spam or ham.
 */
import { Router } from 'express';
import { ValidationError } from '../errors.ts';
import { requireSiteKey, requestSite } from '../http/site-auth.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import { rateLimitByCaller } from '../http/caller-rate-limit.ts';
import { idempotency } from '../http/idempotency.ts';
import { backendFacts } from '../comments/backend-context.ts';
import { validateCheck } from '../comments/validate-check.ts';
import { checkComment, type CheckDeps } from '../comments/check-comment.ts';
import { learnFeedback } from '../comments/learn-feedback.ts';
import type { SiteRegistry } from '../sites/site-registry.ts';
import type { IdempotencyStore } from '../store/idempotency-store.ts';
import { bodyParsers, requireFormOrJson } from '../http/body-parsers.ts';

export interface SiteApiDeps extends Omit<CheckDeps, 'thresholds'> {
  sites: SiteRegistry;
  siteRateLimiter?: RateLimiter | undefined;
  idempotency?: IdempotencyStore | undefined;
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
    const text = validateCheck(req.body);
    const facts = backendFacts(req.body, { ip: null, userAgent: null });
    const result = await checkComment(checkDeps, { ...text, siteId: site.id, ip: facts.ip, userAgent: facts.userAgent, signals: facts.context });
    res.set('Cache-Control', 'no-store').json(result);
  });

  router.post('/api/v1/feedback', ...common, idempotency(deps.idempotency), async (req, res) => {
    const { site } = requestSite(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const label = body.label;
    const labelOk = label === 'spam' || label === 'ham';
    const labelError: Record<string, string> = labelOk ? {} : { label: 'label must be "spam" or "ham"' };
    let text;
    try {
      text = validateCheck(body);
    } catch (err) {
      // Report the label together with the other fields, as every validation error does.
      if (!labelOk && err instanceof ValidationError) throw new ValidationError({ ...err.fields, ...labelError });
      throw err;
    }
    if (!labelOk) throw new ValidationError(labelError);
    const externalId = typeof body.id === 'string' && body.id.length <= 200 ? body.id : undefined;
    const changed = await learnFeedback(deps.learning, site.id, label, text, externalId);
    res.json({ siteId: site.id, label, learned: changed });
  });

  return router;
}
