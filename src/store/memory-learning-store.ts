/**
 * LearningStore in process memory, with the Redis store's semantics: counts only, exactly-once
 * learning per document key, a label change moves the counts, and one version for all sites.
 */
import type { LearnedCounts } from '../spam/classifier.ts';
import type { Label, LearningStats, LearningStore } from './learning-store.ts';

interface SiteCounts {
  features: Record<Label, Map<string, number>>;
  docs: Record<Label, number>;
  labels: Map<string, Label>;
}

export class MemoryLearningStore implements LearningStore {
  private readonly sites = new Map<string, SiteCounts>();
  private readonly allDocs: Record<Label, number> = { spam: 0, ham: 0 };
  private version = 0;

  private site(siteId: string): SiteCounts {
    let s = this.sites.get(siteId);
    if (!s) {
      s = { features: { spam: new Map(), ham: new Map() }, docs: { spam: 0, ham: 0 }, labels: new Map() };
      this.sites.set(siteId, s);
    }
    return s;
  }

  async learn(siteId: string, label: Label, features: readonly string[], docKey = ''): Promise<boolean> {
    const s = this.site(siteId);
    const prev = docKey ? s.labels.get(docKey) : undefined;
    if (prev === label) return false;
    const apply = (lbl: Label, delta: number) => {
      const counts = s.features[lbl];
      for (const f of features) {
        const n = (counts.get(f) ?? 0) + delta;
        if (n <= 0) counts.delete(f);
        else counts.set(f, n);
      }
      s.docs[lbl] = Math.max(0, s.docs[lbl] + delta);
      this.allDocs[lbl] += delta;
    };
    if (prev) apply(prev, -1);
    apply(label, 1);
    if (docKey) s.labels.set(docKey, label);
    this.version++;
    return true;
  }

  async fetch(siteId: string, features: readonly string[]): Promise<LearnedCounts> {
    const s = this.sites.get(siteId);
    const tokens = new Map<string, { spam: number; ham: number }>();
    if (!s) return { spamDocs: 0, hamDocs: 0, tokens };
    for (const f of new Set(features)) {
      const spam = s.features.spam.get(f) ?? 0;
      const ham = s.features.ham.get(f) ?? 0;
      if (spam > 0 || ham > 0) tokens.set(f, { spam, ham });
    }
    return { spamDocs: s.docs.spam, hamDocs: s.docs.ham, tokens };
  }

  async stats(siteId?: string): Promise<LearningStats> {
    const docs = siteId ? (this.sites.get(siteId)?.docs ?? { spam: 0, ham: 0 }) : this.allDocs;
    return { spamDocs: docs.spam, hamDocs: docs.ham, version: this.version };
  }
}
