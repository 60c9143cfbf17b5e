/**
 * LearningStore on Redis: counts only, never texts. Each update is one Lua script of O(features)
 * (src/store/lua/learn-6.lua, adapt-observe-4.lua), so every worker sees a decision on its next read,
 * within milliseconds. Scoring reads a comment's counts with one read-only script (learn-fetch-6.lua). The worker's
 * store (`batch`) sends the fetches and the adaptation steps of one turn together (learn-fetch-many-1.lua,
 * adapt-observe-many-1.lua), each comment's part the same code as its one-comment script.
 *
 * Key layout (all under the `{P.learn}` hash tag, see redis-keys.ts, because one script updates a
 * site's counts and the global totals together):
 *   {P.learn}:site:<siteId>:spam         HASH feature -> count in spam documents
 *   {P.learn}:site:<siteId>:ham          HASH feature -> count in ham documents
 *   {P.learn}:site:<siteId>:docs         HASH spam|ham -> documents learned, phrases -> site phrase keys held (bounded)
 *   {P.learn}:site:<siteId>:labels       HASH docKey (comment id) -> label it was learned as
 *   {P.learn}:site:<siteId>:adapt:spam   HASH feature -> soft spam count from unlabelled comments (EM, float)
 *   {P.learn}:site:<siteId>:adapt:ham    HASH feature -> soft ham count from unlabelled comments (EM, float)
 *   {P.learn}:site:<siteId>:adapt:docs   HASH spam|ham -> soft documents in the window (float), observed -> comments ever fed
 *   {P.learn}:version                    STRING bumped on every change, all sites
 *   {P.learn}:docs                       HASH spam|ham -> documents learned, all sites
 *   {P.learn}:adapt:observed             STRING comments fed to adaptation, all sites
 *
 * The adapt hashes are bounded: when the window passes its document or feature limit, one script call decays
 * every soft count and drops the smallest (see src/spam/site-adaptation.ts), so a site's keys stay O(limit).
 */
import { loadScript, type RedisScript, type RedisClient } from './redis-client.ts';
import { redisKeys } from './redis-keys.ts';
import type { LearnedCounts } from '../spam/classifier.ts';
import type { AdaptationStats, Label, LearningStats, LearningStore } from './learning-store.ts';
import { DEFAULT_ADAPTATION_OPTIONS, softLabel, type AdaptationOptions } from '../spam/site-adaptation.ts';
import { turnBatcher } from './turn-batcher.ts';

export interface RedisLearningStoreOptions {
  /**
   * Gather the count fetches, and the adaptation steps, asked for in one turn of the event loop into one command
   * each (see turn-batcher.ts): the worker's jobs in flight score and decide together. Each comment gets exactly the
   * counts its own fetch would have read, and each step is taken on its own, in order.
   */
  batch?: boolean;
}

/**
 * A comment's features as one argument of the batched scripts (includes/feature-list.lua), or null when they cannot
 * travel that way: a feature that is empty or holds a line break, which features never do.
 */
function joinedFeatures(features: readonly string[]): string | null {
  for (const f of features) if (f === '' || f.includes('\n')) return null;
  return features.join('\n');
}

export class RedisLearningStore implements LearningStore {
  private readonly p: string;
  private readonly learnScript: RedisScript<number>;
  private readonly observeScript: RedisScript<number>;
  private readonly fetchScript: RedisScript<string>;
  /** One site's key start and a comment's features per entry, when the store batches. */
  private readonly fetchBatched?: (item: { site: string; features: string }) => Promise<string>;
  private readonly observeBatched?: (item: { site: string; p: number; features: string }) => Promise<void>;
  /**
   * A comment's distinct features and their joined form, from its fetch to its adaptation step, so that a list
   * fetched and then observed (the same array) is built once per job. Only a comment without site phrases (fewer than
   * three words) is fetched and observed with the same array: with phrases the worker fetches its features and
   * phrases and observes its features alone, two arrays, each built once.
   */
  private readonly distinct = new WeakMap<readonly string[], { unique: readonly string[]; joined: string | null }>();

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    private readonly adaptation: Readonly<AdaptationOptions> = DEFAULT_ADAPTATION_OPTIONS,
    opts: RedisLearningStoreOptions = {},
  ) {
    this.p = redisKeys(prefix).learn;
    this.learnScript = loadScript(redis, 'learn', 6);
    this.observeScript = loadScript(redis, 'adapt-observe', 4);
    this.fetchScript = loadScript(redis, 'learn-fetch', 6);
    if (opts.batch) {
      const fetchMany = loadScript<string[]>(redis, 'learn-fetch-many', 1);
      const observeMany = loadScript<number>(redis, 'adapt-observe-many', 1);
      this.fetchBatched = turnBatcher((items: Array<{ site: string; features: string }>) => {
        const args: string[] = [String(items.length)];
        for (const { site, features } of items) args.push(site, features);
        return fetchMany(`${this.p}version`, ...args);
      });
      this.observeBatched = turnBatcher(async (items: Array<{ site: string; p: number; features: string }>) => {
        const o = this.adaptation;
        const args: string[] = [String(o.windowDocs), String(o.maxFeatures), String(o.decay), String(o.minCount), String(items.length)];
        for (const { site, p, features } of items) args.push(site, String(p), features);
        await observeMany(`${this.p}adapt:observed`, ...args);
        return items.map(() => undefined);
      });
    }
  }

  private keys(siteId: string) {
    const base = `${this.p}site:${siteId}:`;
    const adapt = `${this.p}site:${siteId}:adapt:`;
    return {
      spam: `${base}spam`,
      ham: `${base}ham`,
      docs: `${base}docs`,
      labels: `${base}labels`,
      adaptSpam: `${adapt}spam`,
      adaptHam: `${adapt}ham`,
      adaptDocs: `${adapt}docs`,
    };
  }

  /**
   * The distinct features in order, and (when the store batches) their joined form; see `distinct`. `known`: the
   * caller says they are distinct already (the scorer's), so no Set of them is built to find no duplicate.
   */
  private distinctOf(features: readonly string[], known = false): { unique: readonly string[]; joined: string | null } {
    let d = this.distinct.get(features);
    if (!d) {
      const unique = known ? features : [...new Set(features)];
      d = { unique, joined: this.fetchBatched ? joinedFeatures(unique) : null };
      this.distinct.set(features, d);
    }
    return d;
  }

  async observe(siteId: string, features: readonly string[], posterior: number): Promise<void> {
    const o = this.adaptation;
    const { unique, joined } = this.distinctOf(features);
    if (this.observeBatched && joined !== null) return this.observeBatched({ site: `${this.p}site:${siteId}:`, p: softLabel(posterior, o), features: joined });
    const k = this.keys(siteId);
    await this.observeScript(k.adaptSpam, k.adaptHam, k.adaptDocs, `${this.p}adapt:observed`, softLabel(posterior, o), o.windowDocs, o.maxFeatures, o.decay, o.minCount, ...unique);
  }

  async learn(siteId: string, label: Label, features: readonly string[], docKey = ''): Promise<boolean> {
    const k = this.keys(siteId);
    const changed = await this.learnScript(
      k.spam,
      k.ham,
      k.docs,
      k.labels,
      `${this.p}version`,
      `${this.p}docs`,
      label,
      docKey,
      ...features,
    );
    return changed === 1;
  }

  async fetch(siteId: string, features: readonly string[], distinct = false): Promise<LearnedCounts> {
    const { unique, joined } = this.distinctOf(features, distinct);
    // One command and one flat reply: per job this replaced six HMGETs, each its own write and reply.
    let reply: string;
    if (this.fetchBatched && joined !== null) {
      reply = await this.fetchBatched({ site: `${this.p}site:${siteId}:`, features: joined });
    } else {
      const k = this.keys(siteId);
      reply = await this.fetchScript(k.docs, k.adaptDocs, k.spam, k.ham, k.adaptSpam, k.adaptHam, ...unique);
    }
    const flat = reply.split(',');
    const at = (i: number) => Number(flat[i] || 0);
    // The reply ends after the six totals when the site has no count hashes: no feature has a count.
    const n = flat.length > 6 ? unique.length : 0;
    const counts = (spamAt: number, hamAt: number) => {
      const tokens = new Map<string, { spam: number; ham: number }>();
      for (let i = 0; i < n; i++) {
        const s = at(spamAt + i);
        const h = at(hamAt + i);
        if (s > 0 || h > 0) tokens.set(unique[i]!, { spam: s, ham: h });
      }
      return tokens;
    };
    const learned: LearnedCounts = { spamDocs: at(0), hamDocs: at(1), tokens: counts(6, 6 + n) };
    if (at(5) > 0) learned.unobservedDocs = at(5);
    const softSpam = at(2);
    const softHam = at(3);
    if (softSpam + softHam > 0) learned.unlabelled = { spamDocs: softSpam, hamDocs: softHam, tokens: counts(6 + 2 * n, 6 + 3 * n), observed: at(4) };
    return learned;
  }

  async stats(siteId?: string): Promise<LearningStats> {
    const docsKey = siteId ? this.keys(siteId).docs : `${this.p}docs`;
    const [docs, version, adaptation] = await Promise.all([
      this.redis.hmget(docsKey, 'spam', 'ham', 'phrases'),
      this.redis.get(`${this.p}version`),
      this.adaptationStats(siteId),
    ]);
    return { spamDocs: Number(docs[0] ?? 0), hamDocs: Number(docs[1] ?? 0), version: Number(version ?? 0), phraseKeys: siteId ? Number(docs[2] ?? 0) : null, adaptation };
  }

  private async adaptationStats(siteId?: string): Promise<AdaptationStats> {
    if (!siteId) {
      const observed = Number((await this.redis.get(`${this.p}adapt:observed`)) ?? 0);
      return { observed, windowDocuments: null, windowSpamShare: null, features: null };
    }
    const k = this.keys(siteId);
    const [docs, features] = await Promise.all([this.redis.hmget(k.adaptDocs, 'spam', 'ham', 'observed'), this.redis.hlen(k.adaptSpam)]);
    const s = Number(docs[0] ?? 0);
    const h = Number(docs[1] ?? 0);
    const round = (x: number) => Math.round(x * 1000) / 1000;
    return { observed: Number(docs[2] ?? 0), windowDocuments: round(s + h), windowSpamShare: s + h > 0 ? round(s / (s + h)) : null, features };
  }
}
