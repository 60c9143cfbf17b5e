/**
 * The ids of the comments this browser just posted through the demo page's plain form (JavaScript off). The 303 back
 * to the article must keep its documented Location, so the page learns which comment is the reader's own from this
 * short-lived cookie instead, and shows "awaiting moderation" for it while it is not published. Nothing else is in
 * it: the id alone, checked against the id format when read, and the comment is looked up in the store.
 */
import type { Request, Response } from 'express';
import { cookieValue } from './cookie-value.ts';

/** The cookie's name; its value is up to POSTED_KEEP comment ids joined by '.' (never part of an id). */
export const POSTED_COMMENTS_COOKIE = 'cm_posted';

/** A few recent posts at most: enough for a reader who posts twice, too few to be a history. */
const POSTED_KEEP = 3;

/** Long enough to read the article again after posting; the widget's own note lasts longer (localStorage). */
const POSTED_MAX_AGE_MS = 10 * 60 * 1000;

/** A comment id as newCommentId makes them: 'c' and 15 base64url characters. */
const COMMENT_ID = /^c[A-Za-z0-9_-]{15}$/;

/** The valid ids in the request's cookie, oldest first; anything malformed is ignored. */
export function postedCommentIds(req: Request): string[] {
  const value = cookieValue(req, POSTED_COMMENTS_COOKIE);
  if (!value || value.length > 8192) return [];
  const ids = value.split('.').filter((id) => COMMENT_ID.test(id));
  return [...new Set(ids)].slice(-POSTED_KEEP);
}

/** Adds `commentId` to the cookie on this response (the form post's 303), keeping the most recent few. */
export function rememberPostedComment(req: Request, res: Response, commentId: string): void {
  if (!COMMENT_ID.test(commentId)) return;
  const ids = [...postedCommentIds(req).filter((id) => id !== commentId), commentId].slice(-POSTED_KEEP);
  res.cookie(POSTED_COMMENTS_COOKIE, ids.join('.'), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: POSTED_MAX_AGE_MS,
    secure: req.secure,
  });
}
