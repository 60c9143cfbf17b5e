/** Reads `limit`, `cursor`, `siteId`, `order`, `q` and `since` query parameters the same way on every list endpoint. */
import type { Request } from 'express';
import { InvalidQueryError } from '../errors.ts';
import type { ListOrder, PageRequest } from '../store/comment-store.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;

/** `limit`: an integer from 1 to MAX_LIMIT, DEFAULT_LIMIT when absent. */
export function limitParam(req: Request): number {
  const rawLimit = req.query.limit;
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== undefined) {
    limit = Number(rawLimit);
    if (typeof rawLimit !== 'string' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidQueryError(`limit must be an integer from 1 to ${MAX_LIMIT}`);
    }
  }
  return limit;
}

/** Optional `siteId` filter; undefined when absent or empty. */
export function siteIdParam(req: Request): string | undefined {
  const value = req.query.siteId;
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
    throw new InvalidQueryError('Invalid siteId');
  }
  return value;
}

export function pageRequest(req: Request): PageRequest {
  const limit = limitParam(req);
  const cursor = req.query.cursor;
  if (cursor !== undefined && (typeof cursor !== 'string' || cursor.length > 100)) {
    throw new InvalidQueryError('Invalid cursor');
  }
  return { limit, cursor: cursor || undefined };
}

/** `order`: `oldest` (the default, as lists have always been) or `newest` first. */
export function orderParam(req: Request): ListOrder {
  const value = req.query.order;
  if (value === undefined || value === '' || value === 'oldest') return 'oldest';
  if (value === 'newest') return 'newest';
  throw new InvalidQueryError('order must be newest or oldest');
}

/** At most this many characters of search text (`q`). */
export const MAX_SEARCH_LENGTH = 200;

/** Optional search text `q`, trimmed; undefined when absent or blank. */
export function searchParam(req: Request): string | undefined {
  const value = req.query.q;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > MAX_SEARCH_LENGTH) {
    throw new InvalidQueryError(`q must be a text of at most ${MAX_SEARCH_LENGTH} characters`);
  }
  return value.trim() || undefined;
}

/** `moderator=`: a moderator's id or name (or another actor), at most 64 characters. */
export function moderatorParam(req: Request): string | undefined {
  const moderator = req.query.moderator;
  if (moderator !== undefined && (typeof moderator !== 'string' || moderator.length > 64)) throw new InvalidQueryError('Invalid moderator');
  return moderator || undefined;
}

/** `since`: an ISO 8601 time or milliseconds since the epoch; undefined when absent. */
export function sinceParam(req: Request): number | undefined {
  const since = req.query.since;
  if (since === undefined || since === '') return undefined;
  const ms = typeof since === 'string' ? (/^\d+$/.test(since) ? Number(since) : Date.parse(since)) : NaN;
  if (!Number.isFinite(ms)) throw new InvalidQueryError('since: an ISO 8601 time or milliseconds since the epoch');
  return ms;
}
