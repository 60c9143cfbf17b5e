/**
 * LearningStore on Redis: counts only, never texts. Each update is one Lua script of O(features),
 * so every worker sees a decision on its next HMGET, within milliseconds.
 *
 * Key layout (P = `<REDIS_PREFIX>:`):
 *   P site:<siteId>:learn:spam     HASH feature -> count in spam documents
 *   P site:<siteId>:learn:ham      HASH feature -> count in ham documents
 *   P site:<siteId>:learn:docs     HASH spam|ham -> documents learned
 *   P site:<siteId>:learn:labels   HASH docKey (comment id) -> label it was learned as
 *   P learn:version                STRING bumped on every change, all sites
 *   P learn:docs                   HASH spam|ham -> documents learned, all sites
 */
import type { Redis } from 'ioredis';
import { defineScript, type RedisScript } from './redis-client.ts';
import type { LearnedCounts } from '../spam/classifier.ts';
import type { Label, LearningStats, LearningStore } from './learning-store.ts';

const LEARN_LUA = `
local spamKey, hamKey, docsKey, labelsKey, versionKey, allDocsKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local label, docKey = ARGV[1], ARGV[2]
local prev = false
if docKey ~= '' then prev = redis.call('HGET', labelsKey, docKey) end
if prev == label then return 0 end
local function apply(lbl, delta)
  local h = (lbl == 'spam') and spamKey or hamKey
  for i = 3, #ARGV do
    local n = redis.call('HINCRBY', h, ARGV[i], delta)
    if n <= 0 then redis.call('HDEL', h, ARGV[i]) end
  end
  local d = redis.call('HINCRBY', docsKey, lbl, delta)
  if d < 0 then redis.call('HSET', docsKey, lbl, 0) end
  redis.call('HINCRBY', allDocsKey, lbl, delta)
end
if prev then apply(prev, -1) end
apply(label, 1)
if docKey ~= '' then redis.call('HSET', labelsKey, docKey, label) end
redis.call('INCR', versionKey)
return 1
`;

export class RedisLearningStore implements LearningStore {
  private readonly p: string;
  private readonly learnScript: RedisScript<number>;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.p = `${prefix}:`;
    this.learnScript = defineScript(redis, 'cmLearn', 6, LEARN_LUA);
  }

  private keys(siteId: string) {
    const base = `${this.p}site:${siteId}:learn:`;
    return { spam: `${base}spam`, ham: `${base}ham`, docs: `${base}docs`, labels: `${base}labels` };
  }

  async learn(siteId: string, label: Label, features: readonly string[], docKey = ''): Promise<boolean> {
    const k = this.keys(siteId);
    const changed = await this.learnScript(
      k.spam,
      k.ham,
      k.docs,
      k.labels,
      `${this.p}learn:version`,
      `${this.p}learn:docs`,
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
    const docsKey = siteId ? this.keys(siteId).docs : `${this.p}learn:docs`;
    const [docs, version] = await Promise.all([
      this.redis.hmget(docsKey, 'spam', 'ham'),
      this.redis.get(`${this.p}learn:version`),
    ]);
    return { spamDocs: Number(docs[0] ?? 0), hamDocs: Number(docs[1] ?? 0), version: Number(version ?? 0) };
  }
}
