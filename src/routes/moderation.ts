/** Moderator API (bearer token): list and read full records, approve, mark spam, delete, erase an author, and stats. */
import { Router } from 'express';
import { InvalidQueryError, NotFoundError, ServiceError } from '../errors.ts';
import { isCommentStatus } from '../../models/comment.ts';
import { toFullView } from '../comments/comment-views.ts';
import { applyModeratorDecision, type DecisionDeps } from '../comments/moderate-decision.ts';
import { announcedDelete } from '../comments/comment-events.ts';
import type { ModelInfo } from '../spam/spam-model.ts';
import { requireModerator } from '../http/moderator-auth.ts';
import type { FailureLimiter } from '../http/rate-limit.ts';
import { pageRequest, siteIdParam } from '../http/pagination.ts';
import { siteSpamRate } from '../spam/classifier.ts';
import type { LearningStats } from '../store/learning-store.ts';

export interface ModerationRouteDeps extends DecisionDeps {
  moderatorToken: string;
  /** Slows clients that keep sending wrong tokens; undefined switches that off. */
  authFailures?: FailureLimiter | undefined;
  modelInfo: () => ModelInfo;
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

export function moderationRouter(deps: ModerationRouteDeps): Router {
  const router = Router();
  router.use('/api/v1/moderation', requireModerator(deps.moderatorToken, deps.authFailures));

  router.get('/api/v1/moderation/comments', async (req, res) => {
    const status = req.query.status ?? 'flagged';
    if (!isCommentStatus(status)) {
      throw new InvalidQueryError('status must be one of flagged, pending, published, spam');
    }
    const page = await deps.store.listByStatus(status, pageRequest(req), siteIdParam(req));
    res.set('Cache-Control', 'no-store').json({ comments: page.comments.map(toFullView), nextCursor: page.nextCursor });
  });

  router.get('/api/v1/moderation/comments/:id', async (req, res) => {
    const comment = await deps.store.get(req.params.id);
    if (!comment) throw new NotFoundError();
    res.set('Cache-Control', 'no-store').json(toFullView(comment));
  });

  router.post('/api/v1/moderation/comments/:id/approve', async (req, res) => {
    res.json(toFullView(await applyModeratorDecision(deps, req.params.id, 'approve')));
  });

  router.post('/api/v1/moderation/comments/:id/spam', async (req, res) => {
    res.json(toFullView(await applyModeratorDecision(deps, req.params.id, 'spam')));
  });

  router.delete('/api/v1/moderation/comments/:id', async (req, res) => {
    // Deleting twice is not an error: the comment is gone either way.
    await announcedDelete(deps, req.params.id);
    res.status(204).end();
  });

  // Erasure request: every comment sent with this email and every trace of its author, on every site.
  router.delete('/api/v1/moderation/authors/:email', async (req, res) => {
    const email = req.params.email.trim();
    if (email.length === 0 || email.length > 254 || !email.includes('@')) {
      throw new ServiceError('validation_failed', 'Give the email address to erase', { details: { fields: { email: 'An email address' } } });
    }
    const deletedComments = await deps.store.eraseAuthor(email);
    res.set('Cache-Control', 'no-store').json({ deletedComments });
  });

  router.get('/api/v1/moderation/stats', async (req, res) => {
    const siteId = siteIdParam(req);
    const [counts, learned] = await Promise.all([deps.store.countByStatus(siteId), deps.learning.stats(siteId)]);
    const model = deps.modelInfo();
    res.set('Cache-Control', 'no-store').json({
      counts,
      model: {
        version: `${model.version}+learned.${learned.version}`,
        baseVersion: model.version,
        baseDocuments: model.documents,
        learnedVersion: learned.version,
      },
      learned: { documents: learned.spamDocs + learned.hamDocs, spam: learned.spamDocs, ham: learned.hamDocs },
      adaptation: adaptationView(learned),
    });
  });

  return router;
}
