/** Reads `limit` and `cursor` query parameters the same way on every list endpoint. */
import type { Request } from 'express';
import { AppError } from '../errors.ts';
import type { PageRequest } from '../store/comment-store.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;

export function pageRequest(req: Request): PageRequest {
  const rawLimit = req.query.limit;
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== undefined) {
    limit = Number(rawLimit);
    if (typeof rawLimit !== 'string' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new AppError(400, 'invalid_query', `limit must be an integer from 1 to ${MAX_LIMIT}`);
    }
  }
  const cursor = req.query.cursor;
  if (cursor !== undefined && (typeof cursor !== 'string' || cursor.length > 100)) {
    throw new AppError(400, 'invalid_query', 'Invalid cursor');
  }
  return { limit, cursor: cursor || undefined };
}
