/**
 * The dashboard's shadow report: for each site trying a moderation mode, a badge in the header ("Shadow mode:
 * every comment is published") and a table of what the filter would have done against what moderators later
 * decided, from the `shadow` part of GET /api/v1/moderation/stats.
 */
import { clear, el } from '../shared/dom.ts';

type Verdict = 'publish' | 'flag' | 'spam';
type Later = 'published' | 'spam' | 'unreviewed';

/** One site's report, as the stats endpoint returns it. */
export interface ShadowReportView {
  siteId: string;
  mode: 'normal' | 'shadow' | 'hold-all';
  wouldHave: Record<Verdict, Record<Later, number>>;
  reviewed: number;
  unreviewed: number;
  agreed: number;
  missedSpam: number;
  wronglySpam: number;
}

const VERDICTS: [Verdict, string][] = [
  ['publish', 'Would have published'],
  ['flag', 'Would have held'],
  ['spam', 'Would have sent to spam'],
];
const LATER: [Later, string][] = [
  ['published', 'Moderators approved'],
  ['spam', 'Moderators marked spam'],
  ['unreviewed', 'Not reviewed yet'],
];

const MODE_TEXT: Record<'shadow' | 'hold-all', string> = {
  shadow: 'Shadow mode: every comment is published; the filter only records what it would have done',
  'hold-all': 'Hold-all mode: every comment waits for a moderator; the filter only records what it would have done',
};

const n = (x: number, one: string, many: string) => `${x.toLocaleString()} ${x === 1 ? one : many}`;

function badge(r: ShadowReportView): HTMLElement | null {
  if (r.mode === 'normal') return null;
  return el('span', { class: `mode-badge ${r.mode}`, 'data-site': r.siteId, title: MODE_TEXT[r.mode] }, [
    `${r.mode === 'shadow' ? 'Shadow mode' : 'Hold-all mode'} · ${r.siteId}`,
  ]);
}

function table(r: ShadowReportView): HTMLElement {
  const head = el('tr', null, [el('th', { scope: 'col' }, ['Filter']), ...LATER.map(([, label]) => el('th', { scope: 'col' }, [label]))]);
  const rows = VERDICTS.map(([v, label]) =>
    el('tr', { 'data-verdict': v }, [
      el('th', { scope: 'row' }, [label]),
      ...LATER.map(([later]) => {
        const agree = (v === 'publish' && later === 'published') || (v === 'spam' && later === 'spam');
        const disagree = (v === 'publish' && later === 'spam') || (v === 'spam' && later === 'published');
        return el('td', { 'data-later': later, class: agree ? 'agree' : disagree ? 'disagree' : null }, [String(r.wouldHave[v][later])]);
      }),
    ]),
  );
  return el('table', { class: 'shadow-table' }, [el('thead', null, [head]), el('tbody', null, rows)]);
}

function summary(r: ShadowReportView): string {
  const parts = [n(r.reviewed, 'comment reviewed', 'comments reviewed'), `${r.unreviewed.toLocaleString()} not reviewed yet`];
  if (r.reviewed > 0) {
    parts.push(`the filter agreed on ${r.agreed.toLocaleString()}`);
    parts.push(`would have published ${n(r.missedSpam, 'spam comment', 'spam comments')}`);
    parts.push(`would have sent ${n(r.wronglySpam, 'approved comment', 'approved comments')} to spam`);
  }
  return parts.join(' · ');
}

/**
 * Renders the reports into #shadow-report and their badges into #mode-badges (both in dashboard.html);
 * hides the section when no site is trying a mode.
 */
export function renderShadowReport(reports: ShadowReportView[] | undefined): void {
  const section = document.getElementById('shadow-report');
  const badges = document.getElementById('mode-badges');
  const list = Array.isArray(reports) ? reports : [];
  if (badges) {
    clear(badges);
    for (const r of list) {
      const b = badge(r);
      if (b) badges.append(b);
    }
  }
  if (!section) return;
  clear(section);
  section.hidden = list.length === 0;
  if (!list.length) return;
  section.append(el('h2', null, ['What the filter would have done']));
  for (const r of list) {
    section.append(
      el('div', { class: 'shadow-site', 'data-site': r.siteId }, [
        el('h3', null, [`${r.siteId} — ${r.mode === 'normal' ? 'the filter decides again' : r.mode === 'shadow' ? 'shadow mode' : 'hold-all mode'}`]),
        table(r),
        el('p', { class: 'muted' }, [summary(r)]),
      ]),
    );
  }
}
