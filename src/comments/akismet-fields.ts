/**
 * Akismet's comment fields (user_ip, comment_author, comment_content, honeypot_field_name, …) mapped
 * onto the service's own check input, so comment-check and submit-spam/ham score and learn exactly as
 * /check and /feedback do. The fields are read with the contract's schema (src/contract/akismet.ts).
 */
import type { SubmissionContext } from '../../models/comment.ts';
import { AkismetFields } from '../contract/akismet.ts';
import { asFields, pickFields, type RawBody } from '../contract/read-fields.ts';
import { isEmailAddress, isHttpUrl, isIpAddress } from '../contract/text-fields.ts';
import type { CheckedText } from '../contract/check.ts';

export interface AkismetComment {
  text: CheckedText;
  ip: string | null;
  userAgent: string | null;
  signals: SubmissionContext;
  author: string;
  userRole: string;
  isTest: boolean;
}

/** Akismet clients send `1`, `true` or `yes` for flags. */
function flag(value: string): boolean {
  return /^(1|true|yes|on)$/i.test(value);
}

/** The first Akismet parameter in `required` that is missing or empty, if any. */
export function missingParameter(body: RawBody, required: readonly string[]): string | undefined {
  return required.find((name) => {
    const v = Object.hasOwn(body, name) ? body[name] : undefined;
    return typeof v !== 'string' || v.trim() === '';
  });
}

export function fromAkismet(body: unknown): AkismetComment {
  const raw = asFields(body);
  const f = AkismetFields.parse(pickFields(raw, Object.keys(AkismetFields.shape)));
  const signals: SubmissionContext = {};
  const commentType = f.comment_type.toLowerCase();
  if (f.referrer) signals.referrer = f.referrer;
  if (f.permalink) signals.permalink = f.permalink;
  if (commentType) signals.commentType = commentType;
  // Akismet's honeypot: the name of a hidden form field, sent along with whatever the form held in it.
  if (f.honeypot_field_name && f.honeypot_field_name !== 'honeypot_field_name') {
    const value = Object.hasOwn(raw, f.honeypot_field_name) ? raw[f.honeypot_field_name] : undefined;
    signals.honeypotFilled = typeof value === 'string' && value.trim() !== '';
  }
  return {
    text: {
      threadId: f.permalink || null,
      name: f.comment_author,
      email: f.comment_author_email && isEmailAddress(f.comment_author_email) ? f.comment_author_email : '',
      website: f.comment_author_url && isHttpUrl(f.comment_author_url) ? f.comment_author_url : null,
      comment: f.comment_content,
    },
    ip: f.user_ip && isIpAddress(f.user_ip) ? f.user_ip : null,
    userAgent: f.user_agent || null,
    signals,
    author: f.comment_author,
    userRole: f.user_role.toLowerCase(),
    isTest: flag(f.is_test),
  };
}
