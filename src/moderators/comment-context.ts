/**
 * What the moderator's list and record add to a comment's full view: the comment it replies to (an
 * excerpt and its author, instead of a bare id) and where its thread can be read.
 */
import type { Comment } from '../../models/comment.ts';
import { canModerateSite, type Principal } from '../../models/moderator.ts';
import type { Site } from '../../models/site.ts';
import { toFullView, type FullComment } from '../comments/comment-views.ts';
import type { CommentStore } from '../store/comment-store.ts';
import { safeHttpUrl as httpUrl } from '../browser/shared/safe-url.ts';

/** How much of the parent's text the list shows. */
export const EXCERPT_LENGTH = 160;

export interface ParentSummary {
  id: string;
  /** The start of the parent's text; null when it is deleted or not the moderator's to see. */
  excerpt: string | null;
  author: string | null;
}

export interface CommentContextDeps {
  store: CommentStore;
  /** Sites by id, for the origin a path-like thread id lives on; without it such threads get no URL. */
  sites?: { get(id: string): Site | undefined } | undefined;
}

/** The text's start with its white space collapsed, cut at a word when it is longer than `max`. */
export function excerpt(text: string, max = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * Where the thread is read: the permalink a site backend stated, a thread id that is itself a URL, or a
 * thread id that is a path (the widget's default) on the site's first origin. Null when none applies.
 */
export function threadUrl(c: Comment, site: Site | undefined): string | null {
  const direct = httpUrl(c.signals.permalink) ?? httpUrl(c.threadId);
  if (direct) return direct;
  const origin = site?.origins[0];
  if (origin && c.threadId.startsWith('/') && !c.threadId.startsWith('//')) return httpUrl(origin + c.threadId);
  return null;
}

/** The full views of `comments` with their parent and thread URL, parents read in one round. */
export async function withContext(deps: CommentContextDeps, principal: Principal, comments: readonly Comment[]): Promise<FullComment[]> {
  const parentIds = [...new Set(comments.map((c) => c.parentId).filter((id): id is string => !!id))];
  const parents = new Map<string, Comment | null>();
  await Promise.all(
    parentIds.map(async (id) => {
      const parent = await deps.store.get(id);
      parents.set(id, parent && canModerateSite(principal, parent.siteId) ? parent : null);
    }),
  );
  return comments.map((c) => {
    const parent = c.parentId ? (parents.get(c.parentId) ?? null) : null;
    return {
      ...toFullView(c),
      parent: c.parentId ? { id: c.parentId, excerpt: parent ? excerpt(parent.comment) : null, author: parent?.name ?? null } : null,
      threadUrl: threadUrl(c, deps.sites?.get(c.siteId)),
    };
  });
}
