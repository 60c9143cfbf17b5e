/**
 * The intake path: validate → store as unconfirmed intake → enqueue the id → confirm. A 202 means
 * all of it happened. If the enqueue fails the intake is discarded (or, if Redis is gone for that too,
 * the intake sweeper discards it later, and the worker never scores unconfirmed intake), so a 503
 * means "nothing kept". With an Idempotency-Key the stored comment is bound to the key when it is
 * created and the answer recorded when it is confirmed, so a retry after any crash finds this comment
 * instead of storing a second one.
 */
import type { Logger } from 'pino';
import type { Comment, SubmissionContext } from '../../models/comment.ts';
import { IdempotencySupersededError, type CommentStore, type ConfirmOptions, type CreateOptions, type IdempotencyBinding } from '../store/comment-store.ts';
import type { IdempotencyClaim } from '../store/idempotency-store.ts';
import type { ModerationQueue } from '../queue/moderation-queue.ts';
import type { FormTokens } from './form-token.ts';
import { validateSubmission } from './validate-submission.ts';
import { validationError } from '../contract/read-fields.ts';
import { DependencyUnavailableError, ServiceError } from '../errors.ts';

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
  /** The request's id, carried into the moderation job for the logs. */
  requestId?: string | undefined;
}

export interface SubmitOptions {
  /** The request's Idempotency-Key claim: the comment is bound to it. */
  idempotency?: IdempotencyClaim | undefined;
  /** The answer to record for the key together with the confirmation (JSON answers only). */
  answer?: ((commentId: string) => { status: number; body: unknown }) | undefined;
}

/** The honeypot and form-token signals; synchronous without a form token (backends never send one). */
function botSignals(body: Record<string, unknown>, formTokens: FormTokens): SubmissionContext | Promise<SubmissionContext> {
  const signals: SubmissionContext = {};
  const honeypot = body[HONEYPOT_FIELD];
  // Only a submission that carries the field can have filled it: backends never send it.
  if (typeof honeypot === 'string') signals.honeypotFilled = honeypot.trim() !== '';
  // A missing token has no elapsed time (FormTokens.elapsed): no need to ask.
  if (body.formToken === undefined) return signals;
  return formTokens.elapsed(body.formToken).then((elapsed) => {
    if (elapsed !== undefined) signals.msToSubmit = elapsed;
    return signals;
  });
}

const inProgress = () => new ServiceError('idempotency_in_progress');

export async function submitComment(deps: SubmitDeps, body: unknown, meta: SubmissionMeta, opts: SubmitOptions = {}): Promise<Comment> {
  const clean = validateSubmission(body);
  if (clean.parentId) {
    const parent = await deps.store.get(clean.parentId);
    if (!parent || parent.status !== 'published' || parent.threadId !== clean.threadId || parent.siteId !== meta.siteId) {
      throw validationError({ parentId: 'Reply to a published comment in the same thread' });
    }
  }
  const claim = opts.idempotency;
  const binding: IdempotencyBinding | undefined = claim && { scope: claim.scope, key: claim.key, owner: claim.owner, replaces: claim.boundTo };
  if (claim?.boundTo) {
    // An earlier request with this key stored a comment and died: finish that one.
    const resumed = await resume(deps, claim.boundTo, binding, opts);
    if (resumed) return resumed;
  }
  const raw = (body ?? {}) as Record<string, unknown>;
  const found = botSignals(raw, deps.formTokens);
  // The signals object is this call's own: the request's context is added to it rather than to a copy.
  const signals = Object.assign(found instanceof Promise ? await found : found, meta.context);
  let comment: Comment;
  try {
    comment = await deps.store.create(
      { ...clean, siteId: meta.siteId, ip: meta.ip, userAgent: meta.userAgent, signals },
      binding ? { intake: true, idempotency: binding } : INTAKE,
    );
  } catch (err) {
    if (err instanceof IdempotencySupersededError) throw inProgress();
    throw err;
  }
  await queueAndConfirm(deps, comment.id, confirmOptions(binding, opts, comment.id), meta.requestId);
  return comment;
}

/** How a comment without an Idempotency-Key is stored, and confirmed (shared: the stores only read them). */
const INTAKE: CreateOptions = Object.freeze({ intake: true });
const NO_CLAIM: ConfirmOptions = Object.freeze({});

function confirmOptions(binding: IdempotencyBinding | undefined, opts: SubmitOptions, id: string): ConfirmOptions {
  // The answer is recorded for the Idempotency-Key only: without one there is nothing to record it for.
  if (!binding) return NO_CLAIM;
  return { idempotency: binding, ...(opts.answer ? { answer: opts.answer(id) } : {}) };
}

/** Null when the bound comment is gone (its submission was discarded): the caller stores a new one. */
async function resume(deps: SubmitDeps, id: string, binding: IdempotencyBinding | undefined, opts: SubmitOptions): Promise<Comment | null> {
  if ((await deps.store.intakeState(id)) === 'missing') return null;
  // Queueing again is harmless (the job id is the comment id); confirming again records the answer.
  await queueAndConfirm(deps, id, confirmOptions(binding, opts, id));
  const comment = await deps.store.get(id);
  if (!comment) throw new DependencyUnavailableError();
  return comment;
}

async function queueAndConfirm(deps: SubmitDeps, id: string, opts: ConfirmOptions, requestId?: string): Promise<void> {
  try {
    await deps.queue.enqueue(id, { requestId });
  } catch (err) {
    await discard(deps, id);
    throw err instanceof DependencyUnavailableError ? err : new DependencyUnavailableError(err);
  }
  let confirmed: boolean;
  try {
    confirmed = await deps.store.confirm(id, opts);
  } catch (err) {
    // The answer was lost, not necessarily the write: find out which before answering.
    confirmed = await deps.store.intakeState(id).then(
      async (state) => state === 'confirmed' || (state === 'intake' && !(await deps.store.discard(id)) && (await deps.store.intakeState(id)) === 'confirmed'),
      () => false,
    );
    if (!confirmed) throw new DependencyUnavailableError(err);
  }
  // Not confirmed: the intake sweeper discarded it because this request took too long.
  if (!confirmed) throw new DependencyUnavailableError();
}

async function discard(deps: SubmitDeps, id: string): Promise<void> {
  // If Redis is gone for this too, the intake sweeper discards it; the worker never scores intake.
  await deps.store.discard(id).catch((err: unknown) => deps.logger.warn({ err, commentId: id }, 'could not discard unconfirmed comment; the sweeper will'));
}
