/**
 * The building blocks of every request schema: how client text is cleaned, and the zod field types for
 * free text, ids, e-mail addresses and URLs, with the messages clients see. Cleaning runs before the
 * length checks, so limits count the characters that are stored.
 */
import { z } from 'zod';
import validator from 'validator';
import { documented } from './registry.ts';

// C0 and C1 control characters except tab (\x09) and newline (\x0A): matching them is the point.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Trims, NFC-normalises and strips control characters other than newline and tab. */
export function cleanText(value: string): string {
  return value.normalize('NFC').replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();
}

// In a `u` regex a surrogate class matches only unpaired halves: a pair is one code point.
const LONE_SURROGATE = /\p{Surrogate}/u;

/** False when the string holds a lone UTF-16 surrogate (String#isWellFormed, for ES2022 targets). */
export function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

// validator's checks throw on lone surrogates (URIError), so every check is guarded here as well as
// by the reader's well-formedness pass.

/** The website rule: an http or https URL with its scheme; no TLD needed (so `http://localhost` passes). */
export function isHttpUrl(value: string): boolean {
  return isWellFormed(value) && validator.isURL(value, { protocols: ['http', 'https'], require_protocol: true, require_tld: false });
}

export function isEmailAddress(value: string): boolean {
  return isWellFormed(value) && validator.isEmail(value);
}

export function isIpAddress(value: string): boolean {
  return isWellFormed(value) && validator.isIP(value);
}

/** `field must be text` for a wrong type; `required` (when given) for a missing value. */
function typeError(field: string, required?: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined && required ? required : `${field} must be text`) };
}

/** Free text from a form: must be a string, cleaned (see cleanText) before the checks that follow. */
export function cleanedText(field: string, required?: string) {
  return z.string(typeError(field, required)).overwrite(cleanText);
}

/** Cleaned text that must not be blank. The document says so with `pattern`, as cleaning happens first. */
export function requiredText(field: string, message: string) {
  return documented(cleanedText(field, message).min(1, message), { pattern: '\\S' });
}

/**
 * An id a form may send as a number (WordPress posts numeric ids): a string checked by `text`, or a
 * finite number, either way a string afterwards.
 */
export function idText(field: string, text: z.ZodString, required?: string) {
  return z.union([text, z.number()], typeError(field, required)).transform((v) => (typeof v === 'number' ? String(v) : v));
}

/** Cleaned, then at most `max` characters and an address validator accepts; without `required`, '' means none. */
export function emailText(max: number, required?: string) {
  const invalid = 'Enter a valid email address';
  const base = required ? requiredText('email', required) : cleanedText('email');
  const schema = base.max(max, { message: invalid, abort: true }).refine((v) => v === '' || isEmailAddress(v), invalid);
  return documented(schema, required ? { format: 'email' } : { anyOf: [{ const: '' }, { format: 'email' }] });
}

/** Cleaned, optional: '' means none (null); otherwise at most `max` characters of http(s) URL. */
export function websiteText(max: number) {
  const schema = cleanedText('website')
    .max(max, { message: `Website must be at most ${max} characters`, abort: true })
    .refine((v) => v === '' || isHttpUrl(v), 'Enter a valid http or https URL');
  return documented(schema, { anyOf: [{ const: '' }, { format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' }] });
}

/** Trimmed (not otherwise cleaned: these are machine facts), at most `max`; blank means absent. */
export function factText(field: string, max: number) {
  return z.string(typeError(field)).trim().max(max, { message: `${field} must be at most ${max} characters`, abort: true });
}

/**
 * A whole number with thousands separators, as messages show limits ("5,000", what `toLocaleString('en-US')` gives).
 * Not `toLocaleString`: its first call loads ICU's number-formatting data, about 7 MB of RSS for one message built at start.
 */
export const chars = (n: number) => String(Math.trunc(n)).replace(/\B(?=(\d{3})+$)/g, ',');
