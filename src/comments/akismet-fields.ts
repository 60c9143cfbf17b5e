/**
 * Akismet's comment fields (user_ip, comment_author, comment_content, honeypot_field_name, …) mapped
 * onto the service's own check input, so comment-check and submit-spam/ham score and learn exactly as
 * /check and /feedback do.
 */
import validator from 'validator';
import type { SubmissionContext } from '../../models/comment.ts';
import { cleanText, isHttpUrl, LIMITS } from './validate-submission.ts';
import type { CheckedText } from './validate-check.ts';

export interface AkismetComment {
  text: CheckedText;
  ip: string | null;
  userAgent: string | null;
  signals: SubmissionContext;
  author: string;
  userRole: string;
  isTest: boolean;
}

function field(body: Record<string, unknown>, name: string, max: number): string {
  const v = body[name];
  return typeof v === 'string' ? cleanText(v).slice(0, max) : '';
}

/** Akismet clients send `1`, `true` or `yes` for flags. */
function flag(value: unknown): boolean {
  return typeof value === 'string' && /^(1|true|yes|on)$/i.test(value.trim());
}

/** The first Akismet parameter in `required` that is missing or empty, if any. */
export function missingParameter(body: Record<string, unknown>, required: readonly string[]): string | undefined {
  return required.find((name) => typeof body[name] !== 'string' || body[name].trim() === '');
}

export function fromAkismet(body: Record<string, unknown>): AkismetComment {
  const email = field(body, 'comment_author_email', LIMITS.email);
  const url = field(body, 'comment_author_url', LIMITS.website);
  const ip = field(body, 'user_ip', 45);
  const signals: SubmissionContext = {};
  const referrer = field(body, 'referrer', 2000);
  const permalink = field(body, 'permalink', 2000);
  const commentType = field(body, 'comment_type', 40).toLowerCase();
  if (referrer) signals.referrer = referrer;
  if (permalink) signals.permalink = permalink;
  if (commentType) signals.commentType = commentType;
  // Akismet's honeypot: the name of a hidden form field, sent along with whatever the form held in it.
  const honeypotName = field(body, 'honeypot_field_name', 100);
  if (honeypotName && honeypotName !== 'honeypot_field_name') {
    const value = body[honeypotName];
    signals.honeypotFilled = typeof value === 'string' && value.trim() !== '';
  }
  const author = field(body, 'comment_author', LIMITS.name);
  return {
    text: {
      threadId: permalink || null,
      name: author,
      email: email && validator.isEmail(email) ? email : '',
      website: url && isHttpUrl(url) ? url : null,
      comment: field(body, 'comment_content', LIMITS.comment),
    },
    ip: ip && validator.isIP(ip) ? ip : null,
    userAgent: field(body, 'user_agent', 500) || null,
    signals,
    author,
    userRole: field(body, 'user_role', 40).toLowerCase(),
    isTest: flag(body.is_test),
  };
}
