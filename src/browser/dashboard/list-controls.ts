/**
 * The list's controls: which site (the sites this moderator may see; "All sites" first), which end
 * first (newest by default), and a search by e-mail, IP address or text. They add to the list query.
 */
import { el } from '../shared/dom.ts';

export type Order = 'newest' | 'oldest';

export interface ListQuery {
  /** '' for every site the moderator may see. */
  siteId: string;
  order: Order;
  /** '' for no search. */
  q: string;
}

export interface SiteChoice {
  id: string;
  name: string;
}

/** The query parameters the controls add to GET /api/v1/moderation/comments (and siteId to /stats). */
export function listParams(q: ListQuery): string {
  return `&order=${q.order}${q.siteId ? `&siteId=${encodeURIComponent(q.siteId)}` : ''}${q.q ? `&q=${encodeURIComponent(q.q)}` : ''}`;
}

/** Fills the site picker, keeping `current` selected when it is still offered; returns the selected id. */
export function fillSitePicker(select: HTMLSelectElement, sites: readonly SiteChoice[], current: string): string {
  select.textContent = '';
  select.append(el('option', { value: '' }, [sites.length === 1 ? `All my sites` : 'All sites']));
  for (const s of sites) select.append(el('option', { value: s.id }, [s.name === s.id ? s.id : `${s.name} (${s.id})`]));
  select.value = sites.some((s) => s.id === current) ? current : '';
  return select.value;
}
