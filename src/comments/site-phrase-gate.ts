/**
 * Which sites have approved no comment yet, so that the scorer can leave out their site phrases. A phrase only ever
 * lowers a score, and only through the site's approvals of comments with it (site-phrases.ts, classifier.ts), so on
 * a site without an approval hashing a comment's word triples and asking the learning store for them changes no
 * score: it only costs the worker CPU and the store a longer fetch, on every job of every site nobody has taught.
 *
 * Learnt from each fetch's totals. After a site's first approval its next comment in each process is still scored
 * without phrases (the gate opens on that comment's fetch); that comment scores exactly as it did before phrases
 * existed. Once open, a site's gate stays open: with jobs of one site run concurrently, a fetch begun before the
 * approval may answer after one that shows it, and must not close the gate again (a site whose approvals are all
 * reversed later only pays for phrases it cannot use). Bounded: past `maxSites` remembered sites of either kind the
 * gate forgets them all and learns them again.
 */
import type { LearnedCounts } from '../spam/classifier.ts';

export class SitePhraseGate {
  private readonly withoutApprovals = new Set<string>();
  private readonly withApprovals = new Set<string>();

  constructor(private readonly maxSites = 10_000) {}

  /** Whether a comment on this site should be scored with its site phrases. */
  wants(siteId: string): boolean {
    return !this.withoutApprovals.has(siteId);
  }

  /** Takes in the site's totals from a fetch of its learned counts. */
  saw(siteId: string, learned: Pick<LearnedCounts, 'hamDocs'>): void {
    const approved = learned.hamDocs > 0;
    if (this.withApprovals.has(siteId) || (!approved && this.withoutApprovals.has(siteId))) return;
    if (this.withoutApprovals.size + this.withApprovals.size >= this.maxSites) {
      this.withoutApprovals.clear();
      this.withApprovals.clear();
    }
    if (approved) {
      this.withoutApprovals.delete(siteId);
      this.withApprovals.add(siteId);
    } else {
      this.withoutApprovals.add(siteId);
    }
  }
}
