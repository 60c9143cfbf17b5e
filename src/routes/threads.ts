/** Public thread listing: a thread's published comments, oldest first, in the public view. */
import { Router } from 'express';
import type { CommentStore } from '../store/comment-store.ts';
import { toPublicView, type PublicComment } from '../comments/comment-views.ts';
import { pageRequest } from '../http/pagination.ts';
import { requestSite, resolveSite } from '../http/site-auth.ts';
import type { SiteRegistry } from '../sites/site-registry.ts';

export function threadsRouter(deps: { store: CommentStore; sites: SiteRegistry }): Router {
  const router = Router();
  // Thread ids are the site's own article ids, so the thread is looked up within the caller's site.
  router.get('/api/v1/threads/:threadId/comments', resolveSite(deps.sites), async (req, res) => {
    const page = await deps.store.listThread(requestSite(res).site.id, String(req.params.threadId), pageRequest(req));
    const comments = page.comments.map(toPublicView).filter((c): c is PublicComment => c !== null);
    res.set('Cache-Control', 'no-store').json({ comments, nextCursor: page.nextCursor });
  });
  return router;
}
