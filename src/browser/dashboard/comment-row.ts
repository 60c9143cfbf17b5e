/** One comment in the moderator's list: who, where, score bar, text with highlighted reasons, and its actions. */
import type { ModeratorComment } from '../shared/api-types.ts';
import { el } from '../shared/dom.ts';
import { safeHttpUrl } from '../shared/safe-url.ts';
import { reasonWords, renderHighlighted } from './reason-highlight.ts';
import { renderRecord, type RecordDeps } from './record-details.ts';

export type Verb = 'approve' | 'spam' | 'delete';

export interface RowHandlers extends RecordDeps {
  selected: boolean;
  onSelect(id: string, on: boolean): void;
  onAction(verb: Verb, ids: string[]): void;
  onCurrent(id: string): void;
}

/** A row's element plus what it was rendered from, so polling only replaces rows that changed. */
export type Row = HTMLLIElement & { signature?: string };

/** What a row shows; two records with the same signature render the same. */
export function rowSignature(c: ModeratorComment): string {
  return JSON.stringify([c.status, c.spamScore, c.reasons, c.comment, c.name, c.email, c.website, c.decidedBy, c.siteId, c.threadUrl, c.parent, c.ip, c.userAgent]);
}

/** The thread, linked to where it is read (at this comment once it is published) when the service knows. */
function threadLink(c: ModeratorComment): HTMLElement {
  const label = `thread: ${String(c.threadId || '')}`;
  const url = c.threadUrl ? safeHttpUrl(c.threadUrl) : null;
  if (!url) return el('span', { class: 'thread', title: 'Thread' }, [label]);
  const href = c.status === 'published' ? `${url.split('#')[0]}#comment-${encodeURIComponent(c.id)}` : url;
  return el('a', { class: 'thread', href, rel: 'noopener noreferrer', target: '_blank', title: 'Open the thread' }, [label]);
}

/** What the comment replies to: the parent's author and the start of its text, not a bare id. */
function parentQuote(c: ModeratorComment): HTMLElement | null {
  if (!c.parentId) return null;
  const p = c.parent;
  if (!p || p.excerpt === null) return el('p', { class: 'parent muted' }, ['Reply to a comment that was deleted']);
  return el('blockquote', { class: 'parent' }, [el('span', { class: 'parent-author' }, [`Reply to ${p.author ?? 'a comment'}:`]), ' ', p.excerpt]);
}

export function renderRow(c: ModeratorComment, h: RowHandlers): Row {
  const score = typeof c.spamScore === 'number' ? Math.max(0, Math.min(1, c.spamScore)) : null;
  const site = c.website ? safeHttpUrl(c.website) : null;
  const pick = el('input', { type: 'checkbox', class: 'pick', 'aria-label': `Select comment by ${String(c.name || '')}` });
  pick.checked = h.selected;
  pick.addEventListener('change', () => h.onSelect(c.id, pick.checked));
  const fill = el('span');
  fill.style.width = score == null ? '0%' : `${Math.round(score * 100)}%`;
  const bar = el(
    'div',
    {
      class: `bar${score == null ? '' : score >= 0.8 ? ' high' : score >= 0.4 ? ' mid' : ''}`,
      role: 'meter',
      'aria-label': 'Spam score',
      'aria-valuemin': '0',
      'aria-valuemax': '1',
      'aria-valuenow': score == null ? null : score.toFixed(2),
    },
    [fill],
  );
  const text = el('div', { class: 'text' });
  renderHighlighted(text, c.comment, reasonWords(c.reasons));
  const reasons = el('ul', { class: 'reasons', 'aria-label': 'Reasons' });
  for (const r of c.reasons ?? []) {
    const s = String(r);
    reasons.append(el('li', { class: /\s\+\d/.test(s) ? 'up' : /\s-\d/.test(s) ? 'down' : '' }, [s]));
  }
  const action = (label: string, verb: Verb, disabled: boolean): HTMLButtonElement => {
    const b = el('button', { type: 'button', class: verb, disabled }, [label]);
    b.addEventListener('click', () => h.onAction(verb, [c.id]));
    return b;
  };
  const when = c.createdAt ? new Date(c.createdAt) : null;
  const li: Row = el('li', { class: 'item', 'data-id': c.id, 'data-status': c.status, tabindex: '-1' }, [
    pick,
    el('div', { class: 'body' }, [
      el('div', { class: 'meta' }, [
        el('span', { class: 'name' }, [String(c.name || '')]),
        c.email ? el('a', { class: 'email', href: `mailto:${encodeURIComponent(String(c.email)).replace(/%40/g, '@')}` }, [String(c.email)]) : null,
        site
          ? el('a', { class: 'website', href: site, rel: 'nofollow noopener noreferrer', target: '_blank' }, [String(c.website)])
          : c.website
            ? el('span', { class: 'website' }, [String(c.website)])
            : null,
        c.siteId ? el('span', { class: 'site', title: 'Site' }, [h.siteName(c.siteId)]) : null,
        threadLink(c),
        when && !isNaN(when.getTime()) ? el('time', { datetime: String(c.createdAt) }, [when.toLocaleString()]) : null,
      ]),
      el('div', { class: 'scoreline' }, [
        bar,
        el('span', { class: 'score' }, [score == null ? 'not scored' : `score ${score.toFixed(2)}`]),
        el('span', { class: 'badge' }, [String(c.status || '')]),
        c.decidedBy ? el('span', { class: 'muted' }, [`by ${String(c.decidedBy)}`]) : null,
      ]),
      parentQuote(c),
      text,
      reasons,
      el('div', { class: 'actions' }, [
        action('Approve', 'approve', c.status === 'published'),
        action('Spam', 'spam', c.status === 'spam'),
        action('Delete', 'delete', false),
      ]),
      renderRecord(c, h),
    ]),
  ]);
  li.addEventListener('click', (ev) => {
    const target = ev.target as Element | null;
    if (target === li || !target?.closest('button,input,a')) h.onCurrent(c.id);
  });
  li.signature = rowSignature(c);
  return li;
}
