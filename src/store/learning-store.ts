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
}

export interface LearningStore {
  /**
   * Adds one document's features under `label`. With a `docKey` (the comment id) the update is
   * exactly-once: learning the same label again is a no-op, and learning the other label first
   * removes the earlier counts. Returns true if counts changed.
   */
  learn(siteId: string, label: Label, features: readonly string[], docKey?: string): Promise<boolean>;
  /** Counts for just these features, O(features). */
  fetch(siteId: string, features: readonly string[]): Promise<LearnedCounts>;
  stats(siteId?: string): Promise<LearningStats>;
}
