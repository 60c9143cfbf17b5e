/** A comment's history in the dashboard: who moved it from which state to which, when and why, oldest first. */
import type { HistoryEntry } from '../shared/api-types.ts';
import { clear, el } from '../shared/dom.ts';

/** Who an entry names, in words: a moderator's name, "the spam filter", "rule …", "site backend …". */
export function actorLabel(e: Pick<HistoryEntry, 'actor' | 'actorName'>): string {
  if (e.actor === 'classifier') return 'the spam filter';
  if (e.actor.startsWith('rule:')) return `rule ${e.actor.slice(5)}`;
  if (e.actor.startsWith('site-backend:')) return `site backend ${e.actor.slice(13)}`;
  if (e.actor === 'moderator') return 'the moderator token';
  return e.actorName ?? e.actor;
}

function when(at: string): string {
  const d = new Date(at);
  return isNaN(d.getTime()) ? at : d.toLocaleString();
}

/** Renders `entries` into `panel` (replacing what it showed). */
export function renderHistory(panel: HTMLElement, entries: readonly HistoryEntry[]): void {
  clear(panel);
  if (!entries.length) {
    panel.append(el('p', { class: 'muted' }, ['No recorded changes yet.']));
    return;
  }
  const list = el('ol', { class: 'history-list' });
  for (const e of entries) {
    const why = [e.note ? `“${e.note}”` : null, e.reasons.length ? e.reasons.join(', ') : null].filter(Boolean).join(' · ');
    list.append(
      el('li', { class: 'history-entry' }, [
        el('time', { datetime: e.at }, [when(e.at)]),
        ' ',
        el('strong', null, [actorLabel(e)]),
        `: ${e.from ?? 'new'} → ${e.to}`,
        why ? el('span', { class: 'why' }, [` (${why})`]) : null,
      ]),
    );
  }
  panel.append(list);
}

/** Loads and shows the history once `load` answers; a failure says so in the panel. */
export async function showHistory(panel: HTMLElement, load: () => Promise<{ entries?: HistoryEntry[] } | null>): Promise<void> {
  clear(panel);
  panel.append(el('p', { class: 'muted' }, ['Loading history…']));
  try {
    const body = await load();
    renderHistory(panel, Array.isArray(body?.entries) ? body.entries : []);
  } catch {
    clear(panel);
    panel.append(el('p', { class: 'error' }, ['Could not load the history.']));
  }
}
