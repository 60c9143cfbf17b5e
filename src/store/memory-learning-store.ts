/**
 * LearningStore in process memory, with the Redis store's semantics: counts only, exactly-once
 * learning per document key, a label change moves the counts, and one version for all sites.
 */
import type { LearnedCounts } from '../spam/classifier.ts';
import { DEFAULT_ADAPTATION_OPTIONS, emptySoftCounts, observeSoft, type AdaptationOptions, type SoftCounts } from '../spam/site-adaptation.ts';
import { MAX_SITE_PHRASE_KEYS, isPhraseFeature } from '../spam/site-phrases.ts';
import type { AdaptationStats, Label, LearningStats, LearningStore } from './learning-store.ts';

interface SiteCounts {
  features: Record<Label, Map<string, number>>;
  docs: Record<Label, number>;
  /** Of docs, those never observed (feedback), as the Redis docs hash's 'unobserved' field. */
  unobserved: number;
  labels: Map<string, Label>;
  /** Phrase keys in both classes' counts, bounded by MAX_SITE_PHRASE_KEYS as the Redis docs hash's 'phrases' field. */
  phrases: number;
  /** Soft counts from unlabelled comments (EM), bounded like the Redis store's. */
  soft: SoftCounts;
  observed: number;
}

export class MemoryLearningStore implements LearningStore {
  private readonly sites = new Map<string, SiteCounts>();
  private readonly allDocs: Record<Label, number> = { spam: 0, ham: 0 };
  private version = 0;
  private observedAll = 0;

  constructor(private readonly adaptation: Readonly<AdaptationOptions> = DEFAULT_ADAPTATION_OPTIONS) {}

  private site(siteId: string): SiteCounts {
    let s = this.sites.get(siteId);
    if (!s) {
      s = { features: { spam: new Map(), ham: new Map() }, docs: { spam: 0, ham: 0 }, unobserved: 0, labels: new Map(), phrases: 0, soft: emptySoftCounts(), observed: 0 };
      this.sites.set(siteId, s);
    }
    return s;
  }

  async learn(siteId: string, label: Label, features: readonly string[], docKey = ''): Promise<boolean> {
    const s = this.site(siteId);
    const prev = docKey ? s.labels.get(docKey) : undefined;
    if (prev === label) return false;
    // As learn-6.lua: feedback ('fb:' keys) and keyless documents were never observed by the worker.
    const unobserved = docKey === '' || docKey.startsWith('fb:');
    const apply = (lbl: Label, delta: number) => {
      const counts = s.features[lbl];
      for (const f of features) {
        const had = counts.get(f);
        const phrase = isPhraseFeature(f);
        // As learn-6.lua: a site at its bound of phrase keys adds no new one.
        if (phrase && delta > 0 && had === undefined && s.phrases >= MAX_SITE_PHRASE_KEYS) continue;
        const n = (had ?? 0) + delta;
        if (n <= 0) counts.delete(f);
        else counts.set(f, n);
        if (phrase && delta > 0 && n === 1) s.phrases++;
        else if (phrase && delta < 0 && n === 0) s.phrases = Math.max(0, s.phrases - 1);
      }
      s.docs[lbl] = Math.max(0, s.docs[lbl] + delta);
      if (unobserved) s.unobserved = Math.max(0, s.unobserved + delta);
      this.allDocs[lbl] += delta;
    };
    if (prev) apply(prev, -1);
    apply(label, 1);
    if (docKey) s.labels.set(docKey, label);
    this.version++;
    return true;
  }

  async observe(siteId: string, features: readonly string[], posterior: number): Promise<void> {
    const s = this.site(siteId);
    observeSoft(s.soft, [...new Set(features)], posterior, this.adaptation);
    s.observed++;
    this.observedAll++;
  }

  async fetch(siteId: string, features: readonly string[]): Promise<LearnedCounts> {
    const s = this.sites.get(siteId);
    const tokens = new Map<string, { spam: number; ham: number }>();
    if (!s) return { spamDocs: 0, hamDocs: 0, tokens };
    const unique = new Set(features);
    for (const f of unique) {
      const spam = s.features.spam.get(f) ?? 0;
      const ham = s.features.ham.get(f) ?? 0;
      if (spam > 0 || ham > 0) tokens.set(f, { spam, ham });
    }
    const learned: LearnedCounts = { spamDocs: s.docs.spam, hamDocs: s.docs.ham, tokens };
    if (s.unobserved > 0) learned.unobservedDocs = s.unobserved;
    if (s.soft.spamDocs + s.soft.hamDocs > 0) {
      const soft = new Map<string, { spam: number; ham: number }>();
      for (const f of unique) {
        const c = s.soft.tokens.get(f);
        if (c && (c.spam > 0 || c.ham > 0)) soft.set(f, { spam: c.spam, ham: c.ham });
      }
      learned.unlabelled = { spamDocs: s.soft.spamDocs, hamDocs: s.soft.hamDocs, tokens: soft, observed: s.observed };
    }
    return learned;
  }

  async stats(siteId?: string): Promise<LearningStats> {
    const docs = siteId ? (this.sites.get(siteId)?.docs ?? { spam: 0, ham: 0 }) : this.allDocs;
    const phraseKeys = siteId ? (this.sites.get(siteId)?.phrases ?? 0) : null;
    return { spamDocs: docs.spam, hamDocs: docs.ham, version: this.version, phraseKeys, adaptation: this.adaptationStats(siteId) };
  }

  private adaptationStats(siteId?: string): AdaptationStats {
    if (!siteId) return { observed: this.observedAll, windowDocuments: null, windowSpamShare: null, features: null };
    const s = this.sites.get(siteId);
    if (!s) return { observed: 0, windowDocuments: 0, windowSpamShare: null, features: 0 };
    const total = s.soft.spamDocs + s.soft.hamDocs;
    const round = (x: number) => Math.round(x * 1000) / 1000;
    return { observed: s.observed, windowDocuments: round(total), windowSpamShare: total > 0 ? round(s.soft.spamDocs / total) : null, features: s.soft.tokens.size };
  }
}
