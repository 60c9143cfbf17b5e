/** The widget's own checks before posting, with the server's limits, so most mistakes never cost a round trip. */
import { LIMITS } from '../../contract/limits.ts';
import { safeHttpUrl } from '../shared/safe-url.ts';

export type FieldName = 'name' | 'email' | 'website' | 'comment';
export type FormValues = Record<FieldName, string>;
export type FieldErrors = Partial<Record<string, string>>;

const EMAIL_RE = /^[^\s@"<>()[\],;:\\]+@[^\s@"<>()[\],;:\\_]+\.[^\s@"<>()[\],;:\\_]{2,}$/;

/** A bare host like `example.com/me` gets https:// so readers need not type the scheme. */
export function withScheme(website: string): string {
  return website && !/^[a-z][a-z0-9+.-]*:/i.test(website) && /^[\w-]+(\.[\w-]+)+/.test(website) ? `https://${website}` : website;
}

/** Field → message for every field that the server would reject; empty when all is well. */
export function validateFields(v: FormValues): FieldErrors {
  const f: FieldErrors = {};
  if (!v.name) f.name = 'Please enter your name.';
  else if (v.name.length > LIMITS.name) f.name = `Your name can be at most ${LIMITS.name} characters.`;
  if (!v.email) f.email = 'Please enter your email address.';
  else if (v.email.length > LIMITS.email || !EMAIL_RE.test(v.email)) f.email = 'Enter a valid email address';
  if (v.website && (v.website.length > LIMITS.website || !safeHttpUrl(v.website))) f.website = 'Enter a website starting with http:// or https://';
  if (!v.comment) f.comment = 'Please type your comment.';
  else if (v.comment.length > LIMITS.comment) f.comment = `Your comment can be at most ${LIMITS.comment.toLocaleString('en')} characters.`;
  return f;
}
