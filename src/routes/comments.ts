/** Public comment routes: submit a reply, read one comment, and fetch a signed form token for the widget. */
import express, { Router, type Request, type Response, type NextFunction } from 'express';
import { AppError, notFound, toAppError } from '../errors.ts';
import { submitComment, type SubmitDeps } from '../comments/submit-comment.ts';
import { toPublicView } from '../comments/comment-views.ts';
import { rateLimit, type RateLimiter } from '../http/rate-limit.ts';
import { errorLocation, isBrowserFormPost, redirectTarget, successLocation } from '../http/form-redirect.ts';

export interface CommentsRouteDeps extends SubmitDeps {
  rateLimiter?: RateLimiter | undefined;
  corsOrigins: '*' | string[];
}

export const BODY_LIMIT = '32kb';

/** 415 unless the body is JSON or a urlencoded form, checked before any parsing. */
function requireFormOrJson(req: Request, _res: Response, next: NextFunction) {
  if (req.is(['application/json', 'application/x-www-form-urlencoded'])) return next();
  next(new AppError(415, 'unsupported_media_type', 'Send application/json or application/x-www-form-urlencoded'));
}

export function commentsRouter(deps: CommentsRouteDeps): Router {
  const router = Router();
  const parsers = [
    express.json({ limit: BODY_LIMIT, strict: false }),
    express.urlencoded({ limit: BODY_LIMIT, extended: false, parameterLimit: 100 }),
  ];

  router.post(
    '/api/v1/comments',
    requireFormOrJson,
    rateLimit(deps.rateLimiter, (req) => `ip:${req.ip}`),
    ...parsers,
    async (req, res) => {
      const browser = isBrowserFormPost(req) ? redirectTarget(req, deps.corsOrigins) : null;
      try {
        const comment = await submitComment(deps, req.body, {
          siteId: 'default',
          ip: req.ip ?? null,
          userAgent: req.get('user-agent')?.slice(0, 500) ?? null,
        });
        if (browser) return res.redirect(303, successLocation(browser, comment.id));
        res.status(202).json({ id: comment.id, status: 'pending' });
      } catch (err) {
        if (!browser) throw err;
        const e = toAppError(err);
        const fields = Object.keys((e.details.fields as Record<string, string> | undefined) ?? {});
        res.redirect(303, errorLocation(browser, e.code, fields));
      }
    },
  );

  router.get('/api/v1/comments/:id', async (req, res) => {
    const comment = await deps.store.get(req.params.id);
    const view = comment ? toPublicView(comment) : null;
    if (!view) throw notFound();
    res.set('Cache-Control', 'no-store').json(view);
  });

  router.get('/api/v1/form-token', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ token: deps.formTokens.issue() });
  });

  return router;
}
