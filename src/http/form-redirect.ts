/**
 * Plain HTML form posts (JavaScript off, or an existing WordPress theme's form) get a 303 back to
 * the page they came from. The target must be an allowed origin, so this is never an open redirect.
 */
import type { Request } from 'express';

/** A browser form post: urlencoded and not asking for JSON. API clients keep getting JSON. */
export function isBrowserFormPost(req: Request): boolean {
  // Checked on every submission: a Content-Type without the form's name (JSON) needs no media-type parsing.
  if (!/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) return false;
  return Boolean(req.is('application/x-www-form-urlencoded')) && !/application\/json/i.test(req.get('accept') ?? '');
}

function parseHttpUrl(value: unknown): URL | null {
  if (typeof value !== 'string' || value.length > 2000) return null;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/** The service's own origin, as the request reached it. */
function ownOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host')}`;
}

/** Whether `target` is a page of the service itself (the demo article), not a page embedding the widget. */
export function isOwnOrigin(req: Request, target: URL): boolean {
  return target.origin === ownOrigin(req);
}

/**
 * Where to send the browser back: `redirect_to` or else the Referer, if its origin is the service's
 * own, one of `allowedOrigins`, or (when any origin may embed) the origin of the page that posted.
 */
export function redirectTarget(req: Request, allowedOrigins: '*' | readonly string[]): URL | null {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const referer = parseHttpUrl(req.get('referer'));
  const target = parseHttpUrl(body.redirect_to) ?? referer;
  if (!target) return null;
  if (isOwnOrigin(req, target)) return target;
  if (allowedOrigins === '*') return referer && referer.origin === target.origin ? target : null;
  return allowedOrigins.includes(target.origin) ? target : null;
}

export function successLocation(target: URL, commentId: string): string {
  const u = new URL(target);
  u.searchParams.delete('comment_error');
  u.searchParams.delete('comment_fields');
  u.hash = `comment-${commentId}`;
  return u.toString();
}

export function errorLocation(target: URL, code: string, fields: string[] = []): string {
  const u = new URL(target);
  u.searchParams.set('comment_error', code);
  if (fields.length) u.searchParams.set('comment_fields', fields.join(','));
  else u.searchParams.delete('comment_fields');
  u.hash = 'respond';
  return u.toString();
}
