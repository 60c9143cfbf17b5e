/**
 * The request facts a site backend may state for its reader (userIp, userAgent, referrer, permalink,
 * commentType), which replace what the service sees on the connection. Only keyed calls may set them;
 * the same fields feed /check, /feedback and the Akismet adapter.
 */
import validator from 'validator';
import type { SubmissionContext } from '../../models/comment.ts';
import { validationError } from './validate-submission.ts';

export interface BackendFacts {
  ip: string | null;
  userAgent: string | null;
  context: SubmissionContext;
}

const COMMENT_TYPE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

function text(raw: Record<string, unknown>, field: string, max: number, fields: Record<string, string>): string | undefined {
  const v = raw[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') {
    fields[field] = `${field} must be text`;
    return undefined;
  }
  const t = v.trim();
  if (t.length > max) fields[field] = `${field} must be at most ${max} characters`;
  return t || undefined;
}

/**
 * Reads the backend facts from a body; anything absent falls back to `connection`. Throws a 400
 * validation_failed naming each bad field.
 */
export function backendFacts(body: unknown, connection: { ip: string | null; userAgent: string | null }): BackendFacts {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const fields: Record<string, string> = {};
  const userIp = text(raw, 'userIp', 45, fields);
  if (userIp && !fields.userIp && !validator.isIP(userIp)) fields.userIp = 'userIp must be an IPv4 or IPv6 address';
  const userAgent = text(raw, 'userAgent', 500, fields);
  const referrer = text(raw, 'referrer', 2000, fields);
  const permalink = text(raw, 'permalink', 2000, fields);
  const commentType = text(raw, 'commentType', 40, fields)?.toLowerCase();
  if (commentType && !fields.commentType && !COMMENT_TYPE.test(commentType)) {
    fields.commentType = 'commentType: letters, digits, - and _ (e.g. comment, reply, forum-post, contact-form)';
  }
  if (Object.keys(fields).length > 0) throw validationError(fields);
  const context: SubmissionContext = {};
  if (referrer) context.referrer = referrer;
  if (permalink) context.permalink = permalink;
  if (commentType) context.commentType = commentType;
  return { ip: userIp ?? connection.ip, userAgent: userAgent ?? connection.userAgent, context };
}
