/** Public comment routes: submit a reply, read one comment, and fetch a signed form token for the widget. */
import { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { DependencyUnavailableError, NotFoundError } from '../errors.ts';
import { toErrorAnswer } from '../http/error-handler.ts';
import { bodyParsers, requireFormOrJson } from '../http/body-parsers.ts';
import { requestIdOf } from '../http/request-id.ts';
import { submitComment, type SubmitDeps } from '../comments/submit-comment.ts';
import { toPublicView } from '../comments/comment-views.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import { errorLocation, isBrowserFormPost, isOwnOrigin, redirectTarget, successLocation } from '../http/form-redirect.ts';
import { rememberPostedComment } from '../http/posted-comments-cookie.ts';
import { requestSite, resolveSite, type RequestSite } from '../http/site-auth.ts';
import { rateLimitByCaller } from '../http/caller-rate-limit.ts';
import { idempotency, idempotencyClaim } from '../http/idempotency.ts';
import { backendFacts } from '../comments/backend-context.ts';
import { clientIp } from '../http/client-address.ts';
import type { SiteRegistry } from '../sites/site-registry.ts';
import type { IdempotencyStore } from '../store/idempotency-store.ts';
import { FACT_LIMITS } from '../contract/limits.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Site } from '../../models/site.ts';

export interface CommentsRouteDeps extends SubmitDeps {
  /** Per client IP, for anonymous (widget) submissions. */
  rateLimiter?: RateLimiter | undefined;
  /** Per site key, for keyed (backend) submissions. */
  siteRateLimiter?: RateLimiter | undefined;
  corsOrigins: '*' | string[];
  sites: SiteRegistry;
  idempotency?: IdempotencyStore | undefined;
  metrics?: Metrics | undefined;
  /** The demo article is served (GET /): its own form posts then get the posted-comments cookie. */
  demoPage?: boolean | undefined;
}

const accepted = (id: string) => ({ id, status: 'pending' as const });

/** Where replies are submitted. */
export const SUBMISSION_PATH = '/api/v1/comments';

/** How a JSON answer is sent: Express's `res.json` unless a caller has a cheaper writer with the same result. */
export type JsonSender = (req: Request, res: Response, status: number, body: unknown) => void;

const expressJson: JsonSender = (_req, res, status, body) => {
  res.status(status).json(body);
};

/**
 * The last step of POST /api/v1/comments, after site-auth, the rate limit, body parsing and the idempotency
 * claim: store and enqueue the reply, then answer 202 (or 303 back to the page for a browser form post).
 */
export function submissionHandler(deps: CommentsRouteDeps, sendJson: JsonSender = expressJson): RequestHandler {
  return async (req, res) => {
    const { site, keyed } = requestSite(res);
    const browser = formPostTarget(req, deps.corsOrigins, site);
    try {
      const connection = { ip: clientIp(req), userAgent: req.get('user-agent')?.slice(0, FACT_LIMITS.userAgent) ?? null };
      // Only a site's backend may speak for its reader; anonymous callers get what the connection shows.
      const facts = keyed ? backendFacts(req.body, connection) : { ...connection, context: {} };
      const comment = await submitComment(
        deps,
        req.body,
        { siteId: site.id, ip: facts.ip, userAgent: facts.userAgent, context: facts.context, requestId: requestIdOf(res) },
        // The JSON answer is recorded for the Idempotency-Key in the same step that confirms the comment.
        { idempotency: idempotencyClaim(res), answer: browser ? undefined : (id) => ({ status: 202, body: accepted(id) }) },
      );
      deps.metrics?.commentsAccepted.inc({ site: site.id });
      if (browser) {
        // The demo page shows its reader's own comment as awaiting moderation; the Location itself stays as documented.
        if (deps.demoPage && isOwnOrigin(req, browser)) rememberPostedComment(req, res, comment.id);
        return res.redirect(303, successLocation(browser, comment.id));
      }
      sendJson(req, res, 202, accepted(comment.id));
    } catch (err) {
      if (!browser) throw err;
      const e = toErrorAnswer(err);
      const fields = Object.keys((e.details.fields as Record<string, string> | undefined) ?? {});
      res.redirect(303, errorLocation(browser, e.code, fields));
    }
  };
}

/** Where a browser form post goes back to (null for an API call, or a page it may not be sent back to). */
function formPostTarget(req: Request, corsOrigins: '*' | string[], site: Site | undefined): URL | null {
  // Only a browser form post is redirected, so only it needs the origins it may be sent back to.
  if (!isBrowserFormPost(req)) return null;
  return redirectTarget(req, corsOrigins === '*' ? '*' : [...corsOrigins, ...(site?.origins ?? [])]);
}

/**
 * A browser form post refused before the handler (rate limit, body too large or malformed) goes back to its page
 * with the error, as one the handler refuses does, rather than leaving the reader on a JSON document.
 */
function formPostErrorRedirect(deps: Pick<CommentsRouteDeps, 'corsOrigins'>): ErrorRequestHandler {
  return (err, req, res, next) => {
    const browser = res.headersSent ? null : formPostTarget(req, deps.corsOrigins, (res.locals.site as RequestSite | undefined)?.site);
    const e = toErrorAnswer(err);
    // A bug stays a logged 500; a dependency being down is a page the reader can be told about.
    if (!browser || (e.status >= 500 && e.code !== 'unavailable')) return next(err);
    if (e.headers['Retry-After']) res.set('Retry-After', e.headers['Retry-After']);
    res.redirect(303, errorLocation(browser, e.code));
  };
}

/**
 * The route's steps after the media-type check: site-auth, the rate limit, then `parseBody` (after them, so rejected
 * calls are not parsed), the Idempotency-Key claim, and the handler answering through `sendJson`.
 */
export function submissionSteps(deps: CommentsRouteDeps, parseBody: RequestHandler[], sendJson?: JsonSender): RequestHandler[] {
  return [
    resolveSite(deps.sites),
    rateLimitByCaller(deps.rateLimiter, deps.siteRateLimiter),
    ...parseBody,
    idempotency(deps.idempotency),
    submissionHandler(deps, sendJson),
  ];
}

export function commentsRouter(deps: CommentsRouteDeps): Router {
  const router = Router();

  router.post(SUBMISSION_PATH, requireFormOrJson, ...submissionSteps(deps, bodyParsers()), formPostErrorRedirect(deps));

  router.get('/api/v1/comments/:id', async (req, res) => {
    const comment = await deps.store.get(req.params.id);
    const view = comment ? toPublicView(comment) : null;
    if (!view) throw new NotFoundError();
    res.set('Cache-Control', 'no-store').json(view);
  });

  router.get('/api/v1/form-token', async (_req, res) => {
    const token = await deps.formTokens.issue().catch((err: unknown) => {
      throw new DependencyUnavailableError(err);
    });
    res.set('Cache-Control', 'no-store').json({ token });
  });

  return router;
}
