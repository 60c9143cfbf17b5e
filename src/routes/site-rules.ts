/**
 * A site's rules over HTTP: GET /api/v1/sites/:id/rules for admins and the site's moderators, PUT (the
 * whole rule set) for admins only. A moderator gets 404 for a site that is not theirs, as for a missing
 * one, and 403 for a write to one that is.
 */
import { Router } from 'express';
import { NotFoundError, ServiceError, ValidationError } from '../errors.ts';
import { canModerateSite } from '../../models/moderator.ts';
import { emptySiteRules, type StoredSiteRules } from '../../models/site-rules.ts';
import { parseSiteRules } from '../contract/site-rules.ts';
import { requestPrincipal, requireModerator, type ModeratorGuardDeps } from '../http/moderator-auth.ts';
import { jsonOnly, RULES_BODY_LIMIT } from '../http/body-parsers.ts';
import type { SiteRegistry } from '../sites/site-registry.ts';
import { replaceSiteRules, type SiteRulesAdminDeps } from '../sites/manage-site-rules.ts';

export interface SiteRulesRouteDeps extends ModeratorGuardDeps, SiteRulesAdminDeps {
  sites: SiteRegistry;
}

/** What GET and PUT answer. */
export function siteRulesView(siteId: string, stored: StoredSiteRules | null) {
  return {
    siteId,
    rules: stored?.rules ?? emptySiteRules(),
    revision: stored?.revision ?? 0,
    updatedAt: stored?.updatedAt ?? null,
  };
}

export function siteRulesRouter(deps: SiteRulesRouteDeps): Router {
  const router = Router();
  const path = '/api/v1/sites/:id/rules';
  // Guarded per route, not by path prefix: other /api/v1/sites routes may authenticate differently.
  const guard = requireModerator(deps);

  /** The site id, once the site exists and the caller may see it; 404 otherwise. */
  const visibleSite = async (id: string, principal: ReturnType<typeof requestPrincipal>) => {
    if (!canModerateSite(principal, id) || !(await deps.sites.load(id))) throw new NotFoundError('Site');
    return id;
  };

  router.get(path, guard, async (req, res) => {
    const id = await visibleSite(String(req.params.id), requestPrincipal(res));
    res.set('Cache-Control', 'no-store').json(siteRulesView(id, await deps.rulesStore.get(id)));
  });

  router.put(path, guard, ...jsonOnly(RULES_BODY_LIMIT), async (req, res) => {
    const principal = requestPrincipal(res);
    const id = await visibleSite(String(req.params.id), principal);
    if (principal.role !== 'admin') throw new ServiceError('forbidden', 'Only an admin may change site rules');
    const parsed = parseSiteRules(req.body);
    if ('fields' in parsed) throw new ValidationError(parsed.fields);
    res.set('Cache-Control', 'no-store').json(siteRulesView(id, await replaceSiteRules(deps, id, parsed.rules)));
  });

  return router;
}
