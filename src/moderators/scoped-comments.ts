/**
 * What a principal may see: admins every site, a `moderator` only the sites it is given. A comment on
 * another site reads exactly like a missing one (404), so a moderator can't learn which ids exist.
 */
import { canModerateSite, type Principal } from '../../models/moderator.ts';
import type { Comment, CommentStatus } from '../../models/comment.ts';
import type { CommentStore, Page, PageRequest } from '../store/comment-store.ts';

/** The comment, or null when it is missing or outside the principal's sites. */
export async function visibleComment(store: CommentStore, principal: Principal, id: string): Promise<Comment | null> {
  const comment = await store.get(id);
  return comment && canModerateSite(principal, comment.siteId) ? comment : null;
}

/** Which sites a list or count covers: every site, or these. Null when the asked-for site is not the principal's. */
export function sitesInScope(principal: Principal, siteId: string | undefined): 'all' | string[] | null {
  if (siteId !== undefined) return canModerateSite(principal, siteId) ? [siteId] : null;
  return principal.sites === 'all' ? 'all' : [...principal.sites];
}

/** Pages of the all-sites list scanned for a moderator of several sites before a (short) page is returned. */
const MAX_SCAN_BATCHES = 20;

/**
 * A page of comments in `status`, oldest first, limited to `sites`. For several sites the all-sites
 * list is scanned in batches no larger than what is still missing, so a page never overshoots and
 * its cursor is the store's own; a page may come back short with a cursor when matches are sparse.
 */
export async function listInScope(store: CommentStore, status: CommentStatus, page: PageRequest, sites: 'all' | string[]): Promise<Page> {
  if (sites === 'all') return store.listByStatus(status, page);
  if (sites.length === 0) return { comments: [], nextCursor: null };
  if (sites.length === 1) return store.listByStatus(status, page, sites[0]);
  const allowed = new Set(sites);
  const comments: Comment[] = [];
  let cursor = page.cursor;
  for (let batch = 0; batch < MAX_SCAN_BATCHES; batch++) {
    const next = await store.listByStatus(status, { limit: page.limit - comments.length, cursor });
    comments.push(...next.comments.filter((c) => allowed.has(c.siteId)));
    if (next.nextCursor === null) return { comments, nextCursor: null };
    cursor = next.nextCursor;
    if (comments.length >= page.limit) break;
  }
  return { comments, nextCursor: cursor ?? null };
}
