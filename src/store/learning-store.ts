/**
 * The learning boundary: per-site counts learned from moderator decisions and site feedback,
 * layered over the shared model file at scoring time.
 */
import type { LearnedCounts } from '../spam/classifier.ts';

export type Label = 'spam' | 'ham';

export interface LearningStats {
  spamDocs: number;
  hamDocs: number;
  /** Bumped by every learned or reversed decision. */
  version: number;
  /** Site phrase keys the site's decisions hold, both classes (bounded, src/spam/site-phrases.ts); null for all sites. */
  phraseKeys: number | null;
  adaptation: AdaptationStats;
}

/** What EM over the site's unlabelled comments has taken in (see src/spam/site-adaptation.ts). */
export interface AdaptationStats {
  /** Comments ever fed to adaptation (all sites when no site is given). */
  observed: number;
  /** Soft documents in the current window (spam + ham, after decay); null for the all-sites view. */
  windowDocuments: number | null;
  /** Expected spam share of the window (mean posterior); null when empty or for the all-sites view. */
  windowSpamShare: number | null;
  /** Distinct features with soft counts; null for the all-sites view. */
  features: number | null;
}

export interface LearningStore {
  /**
   * Adds one document's features under `label`. With a `docKey` (the comment id) the update is
   * exactly-once: learning the same label again is a no-op, and learning the other label first
   * removes the earlier counts. Returns true if counts changed.
   */
  learn(siteId: string, label: Label, features: readonly string[], docKey?: string): Promise<boolean>;
  /**
   * EM step for one unlabelled comment the site received: its features join the site's soft counts with
   * `posterior` (the spam probability it was scored with) as a fractional label. O(features), bounded per site.
   */
  observe(siteId: string, features: readonly string[], posterior: number): Promise<void>;
  /**
   * Labelled and soft counts for just these features, O(features). `distinct`: the caller knows each feature is listed
   * once (extractFeatures' list with the default options), so the store need not look for duplicates; a later
   * observe() of the same array needs none either.
   */
  fetch(siteId: string, features: readonly string[], distinct?: boolean): Promise<LearnedCounts>;
  stats(siteId?: string): Promise<LearningStats>;
}
