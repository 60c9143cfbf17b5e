/**
 * LearningStore on Redis: counts only, never texts. Each update is one Lua script of O(features)
 * (src/store/lua/learn-6.lua), so every worker sees a decision on its next HMGET, within milliseconds.
 *
 * Key layout (all under the `{P.learn}` hash tag, see redis-keys.ts, because one script updates a
 * site's counts and the global totals together):
 *   {P.learn}:site:<siteId>:spam     HASH feature -> count in spam documents
 *   {P.learn}:site:<siteId>:ham      HASH feature -> count in ham documents
 *   {P.learn}:site:<siteId>:docs     HASH spam|ham -> documents learned
 *   {P.learn}:site:<siteId>:labels   HASH docKey (comment id) -> label it was learned as
 *   {P.learn}:version                STRING bumped on every change, all sites
 *   {P.learn}:docs                   HASH spam|ham -> documents learned, all sites
 */
import type { Redis } from 'ioredis';
import { loadScript, type RedisScript } from './redis-client.ts';
import { redisKeys } from './redis-keys.ts';
import type { LearnedCounts } from '../spam/classifier.ts';
import type { Label, LearningStats, LearningStore } from './learning-store.ts';

export class RedisLearningStore implements LearningStore {
  private readonly p: string;
  private readonly learnScript: RedisScript<number>;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.p = redisKeys(prefix).learn;
    this.learnScript = loadScript(redis, 'learn', 6);
  }

  private keys(siteId: string) {
    const base = `${this.p}site:${siteId}:`;
    return { spam: `${base}spam`, ham: `${base}ham`, docs: `${base}docs`, labels: `${base}labels` };
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

  async fetch(siteId: string, features: readonly string[]): Promise<LearnedCounts> {
    const k = this.keys(siteId);
    const unique = [...new Set(features)];
    const pipeline = this.redis.pipeline().hmget(k.docs, 'spam', 'ham');
    if (unique.length > 0) pipeline.hmget(k.spam, ...unique).hmget(k.ham, ...unique);
    const res = (await pipeline.exec()) ?? [];
    for (const [err] of res) if (err) throw err;
    const docs = (res[0]?.[1] as (string | null)[]) ?? [];
    const spam = (res[1]?.[1] as (string | null)[] | undefined) ?? [];
    const ham = (res[2]?.[1] as (string | null)[] | undefined) ?? [];
    const tokens = new Map<string, { spam: number; ham: number }>();
    unique.forEach((f, i) => {
      const s = Number(spam[i] ?? 0);
      const h = Number(ham[i] ?? 0);
      if (s > 0 || h > 0) tokens.set(f, { spam: s, ham: h });
    });
    return { spamDocs: Number(docs[0] ?? 0), hamDocs: Number(docs[1] ?? 0), tokens };
  }

  async stats(siteId?: string): Promise<LearningStats> {
    const docsKey = siteId ? this.keys(siteId).docs : `${this.p}docs`;
    const [docs, version] = await Promise.all([
      this.redis.hmget(docsKey, 'spam', 'ham'),
      this.redis.get(`${this.p}version`),
    ]);
    return { spamDocs: Number(docs[0] ?? 0), hamDocs: Number(docs[1] ?? 0), version: Number(version ?? 0) };
  }
}
