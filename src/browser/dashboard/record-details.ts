/**
 * The full record of a comment, folded under each row: ids, site, thread, times, IP address and user
 * agent ("erased" once retention has removed them), and its history, loaded when the record is opened.
 */
import type { HistoryEntry, ModeratorComment } from '../shared/api-types.ts';
import { el, type Child } from '../shared/dom.ts';
import { showHistory } from './history-panel.ts';

export interface RecordDeps {
  /** The site's name for its id. */
  siteName(id: string): string;
  /** GET …/comments/:id/history. */
  history(id: string): Promise<{ entries?: HistoryEntry[] } | null>;
}

function time(iso: string | null | undefined): Child {
  if (!iso) return '—';
  const d = new Date(iso);
  return isNaN(d.getTime()) ? iso : el('time', { datetime: iso }, [d.toLocaleString()]);
}

export function renderRecord(c: ModeratorComment, deps: RecordDeps): HTMLDetailsElement {
  const erased = (v: string | null | undefined): Child => (v ? v : el('span', { class: 'erased' }, ['erased']));
  const rows: [string, Child][] = [
    ['ID', c.id],
    ['Site', c.siteId ? `${deps.siteName(c.siteId)} (${c.siteId})` : '—'],
    ['Thread', c.threadId],
    ['Reply to', c.parentId ?? '—'],
    ['Received', time(c.createdAt)],
    ['Decided', c.decidedAt ? el('span', null, [time(c.decidedAt), c.decidedBy ? ` by ${c.decidedBy}` : '']) : '—'],
    ['IP address', erased(c.ip)],
    ['User agent', erased(c.userAgent)],
  ];
  const list = el('dl', { class: 'record-fields' });
  for (const [k, v] of rows) list.append(el('dt', null, [k]), el('dd', null, [v]));
  const history = el('div', { class: 'history', 'aria-live': 'polite' });
  const details = el('details', { class: 'record' }, [el('summary', null, ['Full record and history']), list, el('h3', { class: 'history-title' }, ['History']), history]);
  details.addEventListener('toggle', () => {
    if (details.open) void showHistory(history, () => deps.history(c.id));
  });
  return details;
}
