/**
 * Validation for /check and /feedback, where the backend keeps the comment: only the text is
 * required; name, email, website and threadId are checked by the submission rules when present.
 */
import validator from 'validator';
import { cleanText, isHttpUrl, LIMITS, validationError } from './validate-submission.ts';

export interface CheckedText {
  threadId: string | null;
  name: string;
  email: string;
  website: string | null;
  comment: string;
}

function str(raw: Record<string, unknown>, field: string, fields: Record<string, string>): string {
  const v = raw[field];
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' && field === 'threadId') return String(v);
  if (typeof v !== 'string') {
    fields[field] = `${field} must be text`;
    return '';
  }
  return cleanText(v);
}

export function validateCheck(body: unknown): CheckedText {
  const raw = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const fields: Record<string, string> = {};
  const comment = str(raw, 'comment', fields);
  if (!fields.comment && !comment) fields.comment = 'Enter a comment';
  else if (comment.length > LIMITS.comment) fields.comment = `Comment must be at most ${LIMITS.comment} characters`;
  const name = str(raw, 'name', fields);
  if (name.length > LIMITS.name) fields.name = `Name must be at most ${LIMITS.name} characters`;
  const email = str(raw, 'email', fields);
  if (email && (email.length > LIMITS.email || !validator.isEmail(email))) fields.email = 'Enter a valid email address';
  const website = str(raw, 'website', fields);
  if (website && (website.length > LIMITS.website || !isHttpUrl(website))) {
    fields.website = 'Enter a valid http or https URL';
  }
  const threadId = str(raw, 'threadId', fields);
  if (threadId.length > LIMITS.threadId) fields.threadId = `threadId must be at most ${LIMITS.threadId} characters`;
  if (Object.keys(fields).length > 0) throw validationError(fields);
  return { threadId: threadId || null, name, email, website: website || null, comment };
}
