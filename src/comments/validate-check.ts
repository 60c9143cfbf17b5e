/**
 * Reads the bodies of /check and /feedback, where the backend keeps the comment: only the text is
 * required; the rules are the contract's (src/contract/check.ts).
 */
import type { Label } from '../store/learning-store.ts';
import { readFields } from '../contract/read-fields.ts';
import { CheckRequest, FeedbackRequest, type CheckedText } from '../contract/check.ts';
import type { BackendFactFields } from '../contract/backend-facts.ts';

export type { CheckedText };

export interface CheckBody {
  text: CheckedText;
  facts: BackendFactFields;
}

export interface FeedbackBody {
  text: CheckedText;
  label: Label;
  /** The backend's own comment id, when it sent a usable one. */
  externalId: string | undefined;
  /** A comment this service stores, to decide on instead of only learning from the text. */
  commentId: string | undefined;
}

export function validateCheck(body: unknown): CheckBody {
  const { comment, name, email, website, threadId, ...facts } = readFields(body, CheckRequest);
  return { text: { threadId, name, email, website, comment }, facts };
}

export function validateFeedback(body: unknown): FeedbackBody {
  const { comment, name, email, website, threadId, label, id, commentId } = readFields(body, FeedbackRequest);
  return { text: { threadId, name, email, website, comment }, label, externalId: id, commentId };
}
