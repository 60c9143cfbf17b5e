/**
 * What a principal may see: admins every site, a `moderator` only the sites it is given. A comment on
 * another site reads exactly like a missing one (404), so a moderator can't learn which ids exist.
 */
import { canModerateSite, type Principal } from '../../models/moderator.ts';
import type { Comment, CommentStatus } from '../../models/comment.ts';
import type { CommentStore, Page, PageRequest } from '../store/comment-store.ts';
import type { SiteRegistry } from '../sites/site-registry.ts';

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

/**
 * sitesInScope for a request that may name a site (a list, the clusters, the stats): null also when the named site
 * does not exist (`default` always does), so a mistyped id answers 404 rather than an empty list or figures of zero
 * that look like a quiet site. `load` reads the store when the registry's cache is behind (a site added a moment ago).
 */
export async function existingSitesInScope(
  principal: Principal,
  siteId: string | undefined,
  sites: Pick<SiteRegistry, 'load'>,
): Promise<'all' | string[] | null> {
  const scope = sitesInScope(principal, siteId);
  if (scope === null || siteId === undefined) return scope;
  return (await sites.load(siteId)) ? scope : null;
}

/** Pages of a list scanned for a moderator of several sites before a (short) page is returned. */
const MAX_SCAN_BATCHES = 20;
/** Pages scanned for a search: at most this many times `limit` comments are read per request. */
const MAX_SEARCH_BATCHES = 40;

/**
 * A page of comments in `status` (oldest first unless `page.order` says newest), limited to `sites`
 * and, when given, to comments `match` accepts. When filtering is needed the list is scanned in
 * batches no larger than what is still missing, so a page never overshoots and its cursor is the
 * store's own; a page may come back short with a cursor when matches are sparse (the scan is bounded).
 */
export async function listInScope(
  store: CommentStore,
  status: CommentStatus,
  page: PageRequest,
  sites: 'all' | string[],
  match?: (c: Comment) => boolean,
): Promise<Page> {
  if (sites !== 'all' && sites.length === 0) return { comments: [], nextCursor: null };
  // One site (or all) has its own list in the store; several sites share the all-sites list.
  const listSite = sites === 'all' ? undefined : sites.length === 1 ? sites[0] : null;
  if (listSite !== null && !match) return store.listByStatus(status, page, listSite);
  const allowed = listSite === null && sites !== 'all' ? new Set(sites) : null;
  const keep = (c: Comment) => (!allowed || allowed.has(c.siteId)) && (!match || match(c));
  const comments: Comment[] = [];
  let cursor = page.cursor;
  const batches = match ? MAX_SEARCH_BATCHES : MAX_SCAN_BATCHES;
  for (let batch = 0; batch < batches; batch++) {
    const next = await store.listByStatus(status, { limit: page.limit - comments.length, cursor, order: page.order }, listSite ?? undefined);
    comments.push(...next.comments.filter(keep));
    if (next.nextCursor === null) return { comments, nextCursor: null };
    cursor = next.nextCursor;
    if (comments.length >= page.limit) break;
  }
  return { comments, nextCursor: cursor ?? null };
}
