/**
 * Turns a raw reply-form body into a clean submission or a list of per-field errors.
 * Accepts WordPress comment-form names as aliases, so an existing theme's form can post here.
 */
import validator from 'validator';
import { ValidationError } from '../errors.ts';

export interface CleanSubmission {
  threadId: string;
  name: string;
  email: string;
  comment: string;
  website: string | null;
  parentId: string | null;
}

export const LIMITS = { threadId: 200, name: 100, email: 254, comment: 10_000, website: 200 } as const;

/** WordPress's comment form field → our field. Our own name wins when both are sent. */
const ALIASES: Record<string, keyof CleanSubmission> = {
  author: 'name',
  url: 'website',
  comment_post_ID: 'threadId',
  comment_parent: 'parentId',
};

// C0 and C1 control characters except tab (\x09) and newline (\x0A): matching them is the point.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Trims, NFC-normalises and strips control characters other than newline and tab. */
export function cleanText(value: string): string {
  return value.normalize('NFC').replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();
}

/** The website rule: an http or https URL with its scheme; no TLD needed (so `http://localhost` passes). */
export function isHttpUrl(value: string): boolean {
  return validator.isURL(value, { protocols: ['http', 'https'], require_protocol: true, require_tld: false });
}

type Raw = Record<string, unknown>;

function pick(body: Raw, field: keyof CleanSubmission): unknown {
  if (body[field] !== undefined) return body[field];
  for (const [alias, target] of Object.entries(ALIASES)) {
    if (target === field && body[alias] !== undefined) return body[alias];
  }
  return undefined;
}

/** Strings pass; numbers are accepted for ids (WordPress posts numeric ids); anything else is "not text". */
function asText(value: unknown, allowNumber: boolean): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return cleanText(value);
  if (allowNumber && typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

const chars = (n: number) => n.toLocaleString('en-US');

/** Validates every field and reports all failures at once, as one ValidationError. */
export function validateSubmission(body: unknown): CleanSubmission {
  const raw: Raw = body && typeof body === 'object' && !Array.isArray(body) ? (body as Raw) : {};
  const fields: Record<string, string> = {};

  const text = (field: keyof CleanSubmission, allowNumber = false) => {
    const v = asText(pick(raw, field), allowNumber);
    if (v === null) fields[field] = `${field} must be text`;
    return v ?? '';
  };

  const threadId = text('threadId', true);
  if (!fields.threadId) {
    if (!threadId) fields.threadId = 'threadId is required';
    else if (threadId.length > LIMITS.threadId) fields.threadId = `threadId must be at most ${LIMITS.threadId} characters`;
  }

  const name = text('name');
  if (!fields.name) {
    if (!name) fields.name = 'Enter your name';
    else if (name.length > LIMITS.name) fields.name = `Name must be at most ${LIMITS.name} characters`;
  }

  const email = text('email');
  if (!fields.email) {
    if (!email) fields.email = 'Enter your email address';
    else if (email.length > LIMITS.email || !validator.isEmail(email)) fields.email = 'Enter a valid email address';
  }

  const comment = text('comment');
  if (!fields.comment) {
    if (!comment) fields.comment = 'Enter a comment';
    else if (comment.length > LIMITS.comment) fields.comment = `Comment must be at most ${chars(LIMITS.comment)} characters`;
  }

  const website = text('website');
  if (!fields.website && website) {
    if (website.length > LIMITS.website) fields.website = `Website must be at most ${LIMITS.website} characters`;
    else if (!isHttpUrl(website)) fields.website = 'Enter a valid http or https URL';
  }

  let parentId: string | null = text('parentId', true);
  if (!fields.parentId) {
    if (parentId === '' || parentId === '0') parentId = null;
    else if (parentId.length > 64) fields.parentId = 'Reply to a published comment in the same thread';
  }

  if (Object.keys(fields).length > 0) throw validationError(fields);
  return { threadId, name, email, comment, website: website || null, parentId };
}

export function validationError(fields: Record<string, string>): ValidationError {
  return new ValidationError(fields);
}
