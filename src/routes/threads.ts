/** Public thread listing: a thread's published comments, oldest first, in the public view. */
import { Router } from 'express';
import type { CommentStore } from '../store/comment-store.ts';
import { toPublicView, type PublicComment } from '../comments/comment-views.ts';
import { pageRequest } from '../http/pagination.ts';

export function threadsRouter(deps: { store: CommentStore }): Router {
  const router = Router();
  router.get('/api/v1/threads/:threadId/comments', async (req, res) => {
    const page = await deps.store.listThread('default', req.params.threadId, pageRequest(req));
    const comments = page.comments.map(toPublicView).filter((c): c is PublicComment => c !== null);
    res.set('Cache-Control', 'no-store').json({ comments, nextCursor: page.nextCursor });
  });
  return router;
}
