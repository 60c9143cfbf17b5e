/**
 * Turns a raw reply body (JSON or form, WordPress names accepted) into a clean submission, or a 400
 * validation_failed naming every bad field. The rules are the contract's (src/contract/submission.ts).
 */
import { readFields } from '../contract/read-fields.ts';
import { CommentSubmission, SUBMISSION_ALIASES, type CleanSubmission } from '../contract/submission.ts';

export type { CleanSubmission };

export function validateSubmission(body: unknown): CleanSubmission {
  // The form token is read with the bot signals, from the raw body.
  const { formToken: _token, ...clean } = readFields(body, CommentSubmission, SUBMISSION_ALIASES);
  return clean;
}
