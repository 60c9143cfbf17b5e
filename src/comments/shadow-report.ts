/**
 * The shadow report: per site, the filter's would-have verdicts (kept while a shadow or hold-all mode
 * decided) against what moderators later did, read from counters the store keeps with every move.
 */
import type { ModerationMode } from '../../models/site.ts';
import type { CommentStore, WouldHaveTally } from '../store/comment-store.ts';

export interface ShadowReport {
  siteId: string;
  mode: ModerationMode;
  wouldHave: WouldHaveTally;
  reviewed: number;
  unreviewed: number;
  /** Would have published what a moderator approved, or sent to spam what a moderator marked spam. */
  agreed: number;
  /** Would have published what a moderator marked spam. */
  missedSpam: number;
  /** Would have sent to spam what a moderator approved. */
  wronglySpam: number;
}

export interface ShadowReportDeps {
  store: Pick<CommentStore, 'wouldHaveTally' | 'wouldHaveSites'>;
  /** The site's current mode. */
  mode: (siteId: string) => ModerationMode;
  /** Ids of every configured site. */
  siteIds: () => string[];
}

export function summarise(siteId: string, mode: ModerationMode, t: WouldHaveTally): ShadowReport {
  let reviewed = 0;
  let unreviewed = 0;
  for (const row of Object.values(t)) {
    reviewed += row.published + row.spam;
    unreviewed += row.unreviewed;
  }
  return {
    siteId,
    mode,
    wouldHave: t,
    reviewed,
    unreviewed,
    agreed: t.publish.published + t.spam.spam,
    missedSpam: t.publish.spam,
    wronglySpam: t.spam.published,
  };
}

/**
 * Reports for the sites in `scope` ('all' or a list of ids): the one asked for always; otherwise each site
 * that is in a shadow or hold-all mode now or has comments one decided.
 */
export async function shadowReports(deps: ShadowReportDeps, scope: 'all' | string[], asked?: string): Promise<ShadowReport[]> {
  let ids: string[];
  if (asked !== undefined) ids = [asked];
  else {
    const candidates = new Set([...(await deps.store.wouldHaveSites()), ...deps.siteIds().filter((id) => deps.mode(id) !== 'normal')]);
    ids = [...candidates].filter((id) => scope === 'all' || scope.includes(id)).sort();
  }
  const reports = await Promise.all(ids.map(async (id) => summarise(id, deps.mode(id), await deps.store.wouldHaveTally(id))));
  return asked !== undefined ? reports : reports.filter((r) => r.mode !== 'normal' || r.reviewed + r.unreviewed > 0);
}
