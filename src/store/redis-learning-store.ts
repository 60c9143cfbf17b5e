/**
 * LearningStore on Redis: counts only, never texts. Each update is one Lua script of O(features),
 * so every worker sees a decision on its next HMGET, within milliseconds.
 *
 * Key layout (P = `<REDIS_PREFIX>:`):
 *   P site:<siteId>:learn:spam     HASH feature -> count in spam documents
 *   P site:<siteId>:learn:ham      HASH feature -> count in ham documents
 *   P site:<siteId>:learn:docs     HASH spam|ham -> documents learned
 *   P site:<siteId>:learn:labels   HASH docKey (comment id) -> label it was learned as
 *   P site:<siteId>:adapt:spam     HASH feature -> soft spam count from unlabelled comments (EM, float)
 *   P site:<siteId>:adapt:ham      HASH feature -> soft ham count from unlabelled comments (EM, float)
 *   P site:<siteId>:adapt:docs     HASH spam|ham -> soft documents in the window (float), observed -> comments ever fed
 *   P learn:version                STRING bumped on every change, all sites
 *   P learn:docs                   HASH spam|ham -> documents learned, all sites
 *   P learn:adapt:observed         STRING comments fed to adaptation, all sites
 *
 * The adapt hashes are bounded: when the window passes its document or feature limit, one script call decays
 * every soft count and drops the smallest (see src/spam/site-adaptation.ts), so a site's keys stay O(limit).
 */
import type { Redis } from 'ioredis';
import { defineScript, type RedisScript } from './redis-client.ts';
import type { LearnedCounts } from '../spam/classifier.ts';
import type { AdaptationStats, Label, LearningStats, LearningStore } from './learning-store.ts';
import { DEFAULT_ADAPTATION_OPTIONS, softLabel, type AdaptationOptions } from '../spam/site-adaptation.ts';

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

/**
 * One EM step (M-step of one comment): features += p spam / (1 - p) ham, then decay when a bound is hit.
 * The decay walks the site's soft vocabulary once (bounded by maxFeatures) and halves the totals, so it runs
 * at most once per windowDocs/2 comments.
 */
const OBSERVE_LUA = `
local sk, hk, dk = KEYS[1], KEYS[2], KEYS[3]
local p = tonumber(ARGV[1])
local q = 1 - p
local window, maxFeatures, decay, minCount = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
for i = 6, #ARGV do
  redis.call('HINCRBYFLOAT', sk, ARGV[i], p)
  redis.call('HINCRBYFLOAT', hk, ARGV[i], q)
end
local s = tonumber(redis.call('HINCRBYFLOAT', dk, 'spam', p))
local h = tonumber(redis.call('HINCRBYFLOAT', dk, 'ham', q))
redis.call('HINCRBY', dk, 'observed', 1)
if s + h <= window and redis.call('HLEN', sk) <= maxFeatures then return 0 end
local spam = redis.call('HGETALL', sk)
local ham = {}
local hamList = redis.call('HGETALL', hk)
for i = 1, #hamList, 2 do ham[hamList[i]] = tonumber(hamList[i + 1]) end
for i = 1, #spam, 2 do
  local f = spam[i]
  local ns = tonumber(spam[i + 1]) * decay
  local nh = (ham[f] or 0) * decay
  if ns + nh < minCount then
    redis.call('HDEL', sk, f)
    redis.call('HDEL', hk, f)
  else
    redis.call('HSET', sk, f, ns)
    redis.call('HSET', hk, f, nh)
  end
end
redis.call('HSET', dk, 'spam', s * decay, 'ham', h * decay)
return 1
`;

export class RedisLearningStore implements LearningStore {
  private readonly p: string;
  private readonly learnScript: RedisScript<number>;
  private readonly observeScript: RedisScript<number>;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly adaptation: Readonly<AdaptationOptions> = DEFAULT_ADAPTATION_OPTIONS,
  ) {
    this.p = `${prefix}:`;
    this.learnScript = defineScript(redis, 'cmLearn', 6, LEARN_LUA);
    this.observeScript = defineScript(redis, 'cmAdaptObserve', 3, OBSERVE_LUA);
  }

  private keys(siteId: string) {
    const base = `${this.p}site:${siteId}:learn:`;
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

  async observe(siteId: string, features: readonly string[], posterior: number): Promise<void> {
    const k = this.keys(siteId);
    const o = this.adaptation;
    const unique = [...new Set(features)];
    await this.observeScript(k.adaptSpam, k.adaptHam, k.adaptDocs, softLabel(posterior, o), o.windowDocs, o.maxFeatures, o.decay, o.minCount, ...unique);
    await this.redis.incr(`${this.p}learn:adapt:observed`);
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
    const pipeline = this.redis.pipeline().hmget(k.docs, 'spam', 'ham').hmget(k.adaptDocs, 'spam', 'ham');
    if (unique.length > 0) pipeline.hmget(k.spam, ...unique).hmget(k.ham, ...unique).hmget(k.adaptSpam, ...unique).hmget(k.adaptHam, ...unique);
    const res = (await pipeline.exec()) ?? [];
    for (const [err] of res) if (err) throw err;
    const list = (i: number) => (res[i]?.[1] as (string | null)[] | undefined) ?? [];
    const counts = (spam: (string | null)[], ham: (string | null)[]) => {
      const tokens = new Map<string, { spam: number; ham: number }>();
      unique.forEach((f, i) => {
        const s = Number(spam[i] ?? 0);
        const h = Number(ham[i] ?? 0);
        if (s > 0 || h > 0) tokens.set(f, { spam: s, ham: h });
      });
      return tokens;
    };
    const docs = list(0);
    const adaptDocs = list(1);
    const learned: LearnedCounts = { spamDocs: Number(docs[0] ?? 0), hamDocs: Number(docs[1] ?? 0), tokens: counts(list(2), list(3)) };
    const softSpam = Number(adaptDocs[0] ?? 0);
    const softHam = Number(adaptDocs[1] ?? 0);
    if (softSpam + softHam > 0) learned.unlabelled = { spamDocs: softSpam, hamDocs: softHam, tokens: counts(list(4), list(5)) };
    return learned;
  }

  async stats(siteId?: string): Promise<LearningStats> {
    const docsKey = siteId ? this.keys(siteId).docs : `${this.p}learn:docs`;
    const [docs, version, adaptation] = await Promise.all([
      this.redis.hmget(docsKey, 'spam', 'ham'),
      this.redis.get(`${this.p}learn:version`),
      this.adaptationStats(siteId),
    ]);
    return { spamDocs: Number(docs[0] ?? 0), hamDocs: Number(docs[1] ?? 0), version: Number(version ?? 0), adaptation };
  }

  private async adaptationStats(siteId?: string): Promise<AdaptationStats> {
    if (!siteId) {
      const observed = Number((await this.redis.get(`${this.p}learn:adapt:observed`)) ?? 0);
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
