/**
 * The intake path: validate → store as pending → enqueue the id. A 202 means both writes happened;
 * if the enqueue fails the stored comment is removed again, so the client's 503 means "nothing kept".
 */
import type { Logger } from 'pino';
import type { Comment, SubmissionContext } from '../../models/comment.ts';
import type { CommentStore } from '../store/comment-store.ts';
import type { ModerationQueue } from '../queue/moderation-queue.ts';
import type { FormTokens } from './form-token.ts';
import { validateSubmission, validationError } from './validate-submission.ts';
import { DependencyUnavailableError } from '../errors.ts';

/** The widget's hidden field; people never see it, naive bots fill it. */
export const HONEYPOT_FIELD = 'contact_me_by_fax_only';

export interface SubmitDeps {
  store: CommentStore;
  queue: ModerationQueue;
  formTokens: FormTokens;
  logger: Logger;
}

/** Facts about the request rather than the form. */
export interface SubmissionMeta {
  siteId: string;
  ip: string | null;
  userAgent: string | null;
  context?: SubmissionContext;
}

async function botSignals(body: Record<string, unknown>, formTokens: FormTokens): Promise<SubmissionContext> {
  const signals: SubmissionContext = {};
  const honeypot = body[HONEYPOT_FIELD];
  // Only a submission that carries the field can have filled it: backends never send it.
  if (typeof honeypot === 'string') signals.honeypotFilled = honeypot.trim() !== '';
  const elapsed = await formTokens.elapsed(body.formToken);
  if (elapsed !== undefined) signals.msToSubmit = elapsed;
  return signals;
}

export async function submitComment(deps: SubmitDeps, body: unknown, meta: SubmissionMeta): Promise<Comment> {
  const clean = validateSubmission(body);
  if (clean.parentId) {
    const parent = await deps.store.get(clean.parentId);
    if (!parent || parent.status !== 'published' || parent.threadId !== clean.threadId || parent.siteId !== meta.siteId) {
      throw validationError({ parentId: 'Reply to a published comment in the same thread' });
    }
  }
  const raw = (body ?? {}) as Record<string, unknown>;
  const comment = await deps.store.create({
    ...clean,
    siteId: meta.siteId,
    ip: meta.ip,
    userAgent: meta.userAgent,
    signals: { ...(await botSignals(raw, deps.formTokens)), ...meta.context },
  });
  try {
    await deps.queue.enqueue(comment.id);
  } catch (err) {
    // Undo the store write so the client's 503 is true. If Redis is gone for this too, the
    // pending sweeper will still queue the comment: it is processed rather than lost.
    await deps.store.delete(comment.id).catch((e: unknown) => deps.logger.warn({ err: e, commentId: comment.id }, 'could not undo comment after enqueue failure'));
    throw new DependencyUnavailableError(err);
  }
  return comment;
}
