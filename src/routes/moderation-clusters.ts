/**
 * Bulk moderation routes, mounted inside the moderation router (behind its moderator check): the clusters
 * of the flagged or pending queue, a decision on a whole cluster, and a decision on a list of comment ids.
 * A moderator sees and decides only its sites' comments; another site answers 404 as elsewhere.
 */
import express, { type Request, type Router } from 'express';
import type { ZodError } from 'zod';
import { InvalidQueryError, NotFoundError, ValidationError } from '../errors.ts';
import type { Principal } from '../../models/moderator.ts';
import type { DecisionActor, DecisionDeps } from '../comments/moderate-decision.ts';
import { BulkDecisionRequest, ClusterDecisionRequest, QUEUE_STATUSES, type QueueStatus } from '../contract/clusters.ts';
import { bulkDecision, clusterMembers, listClusters } from '../moderators/queue-clusters.ts';
import { existingSitesInScope } from '../moderators/scoped-comments.ts';
import type { SiteRegistry } from '../sites/site-registry.ts';
import { requestPrincipal } from '../http/moderator-auth.ts';

const SITE = /^[A-Za-z0-9_-]{1,64}$/;

/** `status=` flagged (default) or pending. */
function queueParam(value: unknown): QueueStatus {
  const status = value ?? 'flagged';
  if (!(QUEUE_STATUSES as readonly unknown[]).includes(status)) throw new InvalidQueryError('status must be flagged or pending');
  return status as QueueStatus;
}

/** `site=` (or `siteId=`, as the comment list takes it): one site, or every site the caller moderates. */
function siteParam(req: Request): string | undefined {
  const value = req.query.site ?? req.query.siteId;
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !SITE.test(value)) throw new InvalidQueryError('Invalid site');
  return value;
}

/** The sites a request covers; 404 for a site outside the caller's, or one that names no site. */
async function scope(principal: Principal, site: string | undefined, sites: ClusterRouteDeps['sites']): Promise<'all' | string[]> {
  const covered = await existingSitesInScope(principal, site, sites);
  if (covered === null) throw new NotFoundError('Site');
  return covered;
}

/** The failing fields of a body, as ValidationError names them. */
function fieldsOf(error: ZodError): Record<string, string> {
  return Object.fromEntries(error.issues.map((i) => [String(i.path[0] ?? 'body'), i.message]));
}

/** The decisions, and the sites to check a `site` against. */
export type ClusterRouteDeps = DecisionDeps & { sites: Pick<SiteRegistry, 'load'> };

export function mountClusterRoutes(router: Router, deps: ClusterRouteDeps, actorOf: (p: Principal, note: string | undefined) => DecisionActor): void {
  router.get('/api/v1/moderation/clusters', async (req, res) => {
    const status = queueParam(req.query.status);
    const sites = await scope(requestPrincipal(res), siteParam(req), deps.sites);
    res.set('Cache-Control', 'no-store').json(await listClusters(deps.store, status, sites));
  });

  router.post('/api/v1/moderation/clusters/:id/decision', express.json({ limit: '4kb' }), async (req, res) => {
    const principal = requestPrincipal(res);
    const body = ClusterDecisionRequest.safeParse(req.body ?? {});
    if (!body.success) throw new ValidationError(fieldsOf(body.error));
    const sites = await scope(principal, body.data.site, deps.sites);
    const ids = await clusterMembers(deps.store, body.data.status ?? 'flagged', sites, String(req.params.id));
    if (!ids) throw new NotFoundError('Cluster');
    res.json(await bulkDecision(deps, principal, ids, body.data.decision, actorOf(principal, body.data.note)));
  });

  router.post('/api/v1/moderation/comments/bulk-decision', express.json({ limit: '256kb' }), async (req, res) => {
    const principal = requestPrincipal(res);
    const body = BulkDecisionRequest.safeParse(req.body ?? {});
    if (!body.success) throw new ValidationError(fieldsOf(body.error));
    res.json(await bulkDecision(deps, principal, body.data.ids, body.data.decision, actorOf(principal, body.data.note)));
  });
}
