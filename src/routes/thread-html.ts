/**
 * A thread's published comments as HTML, for pages read without JavaScript (the demo article). Same markup
 * and rules as the widget: replies nested under their parents, every user string escaped, URLs in the text as
 * nofollow links and author websites only when they are http(s); the reader's own comments that are not published
 * yet are listed too, marked as awaiting moderation, and not counted.
 */
import type { PublicComment } from '../comments/comment-views.ts';
import { linkRuns, paragraphs, UGC_REL } from '../browser/shared/comment-text.ts';
import { safeHttpUrl } from '../browser/shared/safe-url.ts';
import { AWAITING_MODERATION } from '../browser/shared/awaiting-moderation.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Replies deeper than this are shown at this depth, as the widget does. */
const MAX_DEPTH = 40;

function dateText(iso: string): string {
  const d = new Date(iso);
  if (isNaN(d.getTime())) return '';
  return `${d.toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
}

function textHtml(text: string): string {
  return paragraphs(text)
    .map(
      (lines) =>
        `<p>${lines
          .map((line) =>
            linkRuns(line)
              .map((r) => (r.href ? `<a href="${escapeHtml(r.href)}" rel="${UGC_REL}">${escapeHtml(r.text)}</a>` : escapeHtml(r.text)))
              .join(''),
          )
          .join('<br>')}</p>`,
    )
    .join('');
}

function commentHtml(c: PublicComment, mine: boolean): string {
  const id = escapeHtml(c.id);
  const site = safeHttpUrl(c.website);
  const name = escapeHtml(c.name);
  const author = site ? `<a class="author url" href="${escapeHtml(site)}" rel="${UGC_REL}">${name}</a>` : `<span class="author">${name}</span>`;
  return (
    `<article id="div-comment-${id}" class="comment-body${mine ? ' pending' : ''}" data-comment-id="${id}">` +
    `<footer class="meta">${author} <a class="permalink" href="#comment-${id}"><time datetime="${escapeHtml(c.createdAt)}">${escapeHtml(dateText(c.createdAt))}</time></a></footer>` +
    (mine ? `<em class="awaiting">${escapeHtml(AWAITING_MODERATION)}</em>` : '') +
    `<div class="text">${textHtml(c.comment)}</div></article>`
  );
}

/**
 * The count heading and the nested list (oldest first), WordPress-like: li#comment-<id> > article + ol.children.
 * `own` are the reader's own comments that are not published (their status is not read): shown marked, not counted.
 */
export function threadHtml(comments: readonly PublicComment[], own: readonly PublicComment[] = []): string {
  const published = comments.filter((c) => c.status === 'published').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const known = new Set(published.map((c) => c.id));
  const unpublished = own.filter((c) => !known.has(c.id));
  const mine = new Set(unpublished.map((c) => c.id));
  for (const id of mine) known.add(id);
  const all = [...published, ...unpublished];
  const byParent = new Map<string, PublicComment[]>();
  for (const c of all) {
    const key = c.parentId && known.has(c.parentId) && c.parentId !== c.id ? c.parentId : '';
    byParent.set(key, [...(byParent.get(key) ?? []), c]);
  }
  const seen = new Set<string>();
  const list = (parent: string, depth: number): string =>
    (byParent.get(parent) ?? [])
      .filter((c) => !seen.has(c.id) && seen.add(c.id))
      .map((c) => {
        const children = byParent.has(c.id) && depth < MAX_DEPTH ? `<ol class="children">${list(c.id, depth + 1)}</ol>` : '';
        const pending = mine.has(c.id);
        return `<li id="comment-${escapeHtml(c.id)}" class="comment${pending ? ' pending' : ''}">${commentHtml(c, pending)}${children}</li>`;
      })
      .join('');
  const n = published.length;
  const items = list('', 0);
  return (
    `<h2 class="comments-title">${n === 1 ? '1 Comment' : `${n} Comments`}</h2>` +
    `<ol class="comment-list">${items || '<li class="empty">Be the first to comment.</li>'}</ol>`
  );
}
