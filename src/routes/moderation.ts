/**
 * Moderator API: list and read full records, approve, mark spam, delete, erase an author, and stats.
 * Callers are MODERATOR_TOKEN, a moderator's personal token or a dashboard session; a `moderator` sees
 * only its sites, and another site's comment answers 404 as a missing one would.
 */
import express, { Router } from 'express';
import { InvalidQueryError, NotFoundError, ServiceError, ValidationError } from '../errors.ts';
import { isCommentStatus } from '../../models/comment.ts';
import { toFullView } from '../comments/comment-views.ts';
import { applyModeratorDecision, type DecisionActor, type DecisionDeps } from '../comments/moderate-decision.ts';
import { announcedDelete } from '../comments/comment-events.ts';
import { canModerateSite, type Principal } from '../../models/moderator.ts';
import { DecisionRequest } from '../contract/moderators.ts';
import type { ModelInfo } from '../spam/spam-model.ts';
import { requestPrincipal, requireAdmin, requireModerator, type ModeratorGuardDeps } from '../http/moderator-auth.ts';
import { existingSitesInScope, listInScope, visibleComment } from '../moderators/scoped-comments.ts';
import { COMMENT_STATUSES, type CommentStatus } from '../../models/comment.ts';
import { moderatorParam, orderParam, pageRequest, searchParam, sinceParam, siteIdParam } from '../http/pagination.ts';
import { withContext } from '../moderators/comment-context.ts';
import { commentMatcher } from '../moderators/comment-search.ts';
import type { SiteRegistry } from '../sites/site-registry.ts';
import { siteSpamRate } from '../spam/classifier.ts';
import type { LearningStats } from '../store/learning-store.ts';
import type { SiteStore } from '../store/site-store.ts';
import { shadowReports } from '../comments/shadow-report.ts';
import { setModerationMode } from '../sites/moderation-mode.ts';
import { ModerationModeRequest } from '../contract/moderators.ts';
import { mountClusterRoutes } from './moderation-clusters.ts';

export interface ModerationRouteDeps extends DecisionDeps, ModeratorGuardDeps {
  modelInfo: () => ModelInfo;
  /** The sites, for the site picker, thread links, the shadow report's moderation modes and checking a stats siteId. */
  sites: Pick<SiteRegistry, 'get' | 'load' | 'list' | 'mode' | 'refresh'>;
  /** Where an admin's change of a site's mode is written; without it the mode cannot be changed over HTTP. */
  siteStore?: SiteStore | undefined;
}

/** EM adaptation as the stats endpoint shows it, with the spam rate the scorer's prior follows for this site. */
function adaptationView(learned: LearningStats) {
  const a = learned.adaptation;
  const soft =
    a.windowDocuments !== null && a.windowSpamShare !== null
      ? { spamDocs: a.windowDocuments * a.windowSpamShare, hamDocs: a.windowDocuments * (1 - a.windowSpamShare) }
      : undefined;
  // The same estimate the scorer uses (the default rate until the site has decisions or a full enough window).
  const rate = a.windowDocuments === null ? undefined : siteSpamRate({ spamDocs: learned.spamDocs, hamDocs: learned.hamDocs, tokens: new Map(), ...(soft ? { unlabelled: { ...soft, tokens: new Map() } } : {}) });
  return {
    observed: a.observed,
    windowDocuments: a.windowDocuments,
    windowSpamShare: a.windowSpamShare,
    features: a.features,
    siteSpamRate: rate === undefined ? null : Math.round(rate * 1000) / 1000,
  };
}

/** Who the audit trail records: the moderator id (MODERATOR_TOKEN as `moderator`) and the name decidedBy shows. */
function actorOf(p: Principal, note: string | null | undefined): DecisionActor {
  return { id: p.via === 'bootstrap-token' ? 'moderator' : p.id, name: p.name, note: note?.trim() || null };
}

/** `moderator=` takes a moderator's id or name (or `moderator`, `classifier`, `rule:<name>`, `site-backend:<site>`). */
async function actorFilter(deps: ModerationRouteDeps, moderator: string): Promise<string> {
  if (moderator.startsWith('mod_') || !deps.moderators) return moderator;
  return (await deps.moderators.getByName(moderator))?.id ?? moderator;
}

async function sumCounts(deps: DecisionDeps, sites: string[]): Promise<Record<CommentStatus, number>> {
  const total = Object.fromEntries(COMMENT_STATUSES.map((s) => [s, 0])) as Record<CommentStatus, number>;
  for (const counts of await Promise.all(sites.map((s) => deps.store.countByStatus(s)))) {
    for (const s of COMMENT_STATUSES) total[s] += counts[s];
  }
  return total;
}

export function moderationRouter(deps: ModerationRouteDeps): Router {
  const router = Router();
  router.use('/api/v1/moderation', requireModerator(deps));

  router.get('/api/v1/moderation/comments', async (req, res) => {
    const status = req.query.status ?? 'flagged';
    if (!isCommentStatus(status)) {
      throw new InvalidQueryError('status must be one of flagged, pending, published, spam');
    }
    const sites = await existingSitesInScope(requestPrincipal(res), siteIdParam(req), deps.sites);
    if (sites === null) throw new NotFoundError('Site');
    // `order` defaults to oldest first, as this list always was; `q` searches a bounded stretch of it.
    const q = searchParam(req);
    const page = await listInScope(deps.store, status, { ...pageRequest(req), order: orderParam(req) }, sites, q ? commentMatcher(q) : undefined);
    const comments = await withContext(deps, requestPrincipal(res), page.comments);
    res.set('Cache-Control', 'no-store').json({ comments, nextCursor: page.nextCursor });
  });

  router.get('/api/v1/moderation/comments/:id', async (req, res) => {
    const principal = requestPrincipal(res);
    const comment = await visibleComment(deps.store, principal, req.params.id);
    if (!comment) throw new NotFoundError();
    res.set('Cache-Control', 'no-store').json((await withContext(deps, principal, [comment]))[0]);
  });

  // The sites this moderator may see (an admin: every site), for the dashboard's site picker.
  router.get('/api/v1/moderation/sites', (_req, res) => {
    const principal = requestPrincipal(res);
    const known = deps.sites?.list() ?? [];
    const names = new Map(known.map((s) => [s.id, s.name]));
    const ids = principal.sites === 'all' ? known.map((s) => s.id) : [...principal.sites].sort();
    res.set('Cache-Control', 'no-store').json({ sites: ids.map((id) => ({ id, name: names.get(id) ?? id })) });
  });

  for (const decision of ['approve', 'spam'] as const) {
    router.post(`/api/v1/moderation/comments/:id/${decision}`, express.json({ limit: '4kb' }), async (req, res) => {
      const principal = requestPrincipal(res);
      const id = String(req.params.id);
      const body = DecisionRequest.safeParse(req.body ?? {});
      if (!body.success) throw new ValidationError({ note: 'At most 500 characters' });
      if (!(await visibleComment(deps.store, principal, id))) throw new NotFoundError();
      res.json(toFullView(await applyModeratorDecision(deps, id, decision, actorOf(principal, body.data.note))));
    });
  }

  mountClusterRoutes(router, deps, actorOf);

  router.get('/api/v1/moderation/comments/:id/history', async (req, res) => {
    const principal = requestPrincipal(res);
    const entries = (await deps.audit?.history(req.params.id)) ?? [];
    // A deleted comment keeps its history; its site is the one its entries name.
    const siteId = (await deps.store.get(req.params.id))?.siteId ?? entries[0]?.siteId;
    if (siteId === undefined || !canModerateSite(principal, siteId)) throw new NotFoundError();
    res.set('Cache-Control', 'no-store').json({ commentId: req.params.id, entries });
  });

  router.get('/api/v1/moderation/audit', requireAdmin, async (req, res) => {
    const sinceMs = sinceParam(req);
    const moderator = moderatorParam(req);
    const site = req.query.site ?? req.query.siteId;
    if (site !== undefined && (typeof site !== 'string' || !/^[A-Za-z0-9_-]{0,64}$/.test(site))) throw new InvalidQueryError('Invalid site');
    const actor = moderator ? await actorFilter(deps, moderator) : undefined;
    const page = deps.audit
      ? await deps.audit.list({ actor, siteId: site || undefined, sinceMs }, pageRequest(req))
      : { entries: [], nextCursor: null };
    res.set('Cache-Control', 'no-store').json(page);
  });

  router.delete('/api/v1/moderation/comments/:id', async (req, res) => {
    const principal = requestPrincipal(res);
    const visible = await visibleComment(deps.store, principal, req.params.id);
    if (!visible) {
      // Deleting twice is not an error: the comment is gone either way. A moderator limited to some
      // sites gets 404 instead, the same for a missing comment as for another site's.
      if (principal.sites !== 'all') throw new NotFoundError();
      res.status(204).end();
      return;
    }
    const actor = actorOf(principal, null);
    // The audit entry is recorded with the delete itself (without an audit trail, none is).
    await announcedDelete(deps, req.params.id, deps.audit ? { actor: actor.id, actorName: actor.name, reasons: [], note: null } : undefined);
    res.status(204).end();
  });

  // Erasure request: every comment sent with this email and every trace of its author, on every site.
  router.delete('/api/v1/moderation/authors/:email', requireAdmin, async (req, res) => {
    const email = String((req.params as { email?: string }).email ?? '').trim();
    if (email.length === 0 || email.length > 254 || !email.includes('@')) {
      throw new ServiceError('validation_failed', 'Give the email address to erase', { details: { fields: { email: 'An email address' } } });
    }
    // The audit trail goes too: its reasons are drawn from the author's words.
    const ids = deps.audit ? await deps.store.authorCommentIds(email) : [];
    const deletedComments = await deps.store.eraseAuthor(email);
    await deps.audit?.forget(ids);
    res.set('Cache-Control', 'no-store').json({ deletedComments });
  });

  router.get('/api/v1/moderation/stats', async (req, res) => {
    const principal = requestPrincipal(res);
    const asked = siteIdParam(req);
    const sites = await existingSitesInScope(principal, asked, deps.sites);
    if (sites === null) throw new NotFoundError('Site');
    // A moderator of one site sees that site's figures; of several, their comments summed.
    const siteId = asked ?? (sites !== 'all' && sites.length === 1 ? sites[0] : undefined);
    const [counts, learned, shadow] = await Promise.all([
      sites === 'all' || siteId !== undefined ? deps.store.countByStatus(siteId) : sumCounts(deps, sites),
      deps.learning.stats(siteId),
      shadowReports({ store: deps.store, mode: (id) => deps.sites.mode(id), siteIds: () => deps.sites.list().map((s) => s.id) }, sites, siteId),
    ]);
    const model = deps.modelInfo();
    res.set('Cache-Control', 'no-store').json({
      counts,
      model: {
        version: `${model.version}+learned.${learned.version}`,
        baseVersion: model.version,
        baseDocuments: model.documents,
        learnedVersion: learned.version,
      },
      learned: { documents: learned.spamDocs + learned.hamDocs, spam: learned.spamDocs, ham: learned.hamDocs, phrases: learned.phraseKeys },
      adaptation: adaptationView(learned),
      shadow,
    });
  });

  // An admin tries the filter on a live site (shadow, hold-all) or trusts it again (normal).
  router.put('/api/v1/moderation/sites/:siteId/mode', requireAdmin, express.json({ limit: '1kb' }), async (req, res) => {
    const body = ModerationModeRequest.safeParse(req.body ?? {});
    if (!body.success) throw new ValidationError({ mode: 'One of normal, shadow, hold-all' });
    const site = deps.siteStore ? await setModerationMode(deps.siteStore, String(req.params.siteId), body.data.mode) : null;
    if (!site) throw new NotFoundError('Site');
    // This process decides with the new mode at once; others within SITE_REFRESH_MS.
    await deps.sites.refresh();
    res.json({ siteId: site.id, mode: site.moderationMode ?? 'normal' });
  });

  return router;
}
