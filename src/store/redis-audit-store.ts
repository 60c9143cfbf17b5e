/**
 * AuditStore on Redis: each entry is written once with its indexes, and never changed. Entries for comment
 * moves and deletes are written by the comment store's Lua scripts in the same script as the change
 * (includes/audit.lua), so a crash can never keep a change and lose its entry; append() writes the others
 * (and serves callers without such a store) in one MULTI.
 *
 * Why the audit trail lives in the comment slot: a Lua script may only touch keys of one Cluster slot, and
 * the change is made in the comment slot. The alternative, an outbox in the comment slot drained into a slot
 * of its own by a sweeper, would leave the trail a sweep behind the change and add a moving part; the comments
 * already share one slot, so the trail joining them gives up no spread it had.
 *
 * Key layout (A = `{<REDIS_PREFIX>}:audit:`, the comments' hash tag, so each script, MULTI and MGET stays in one slot):
 *   A seq                 INCR    entry ids
 *   A e:<id>              STRING  the AuditEntry as JSON
 *   A all                 ZSET    entry ids by order score (at in ms * 1000 + id mod 1000, as for comments)
 *   A actor:<actor>       ZSET    the same, one actor's entries (moderator id, `moderator`, `classifier`, `rule:<name>`…)
 *   A site:<siteId>       ZSET    the same, one site's entries
 *   A c:<commentId>       ZSET    the same, one comment's entries (its history)
 */
import type { RedisClient } from './redis-client.ts';
import { redisKeys } from './redis-keys.ts';
import { decodeCursor, encodeCursor, orderScore } from './comment-records.ts';
import type { AuditEntry, AuditFilter, AuditPage, AuditStore, NewAuditEntry } from './audit-store.ts';

/**
 * An audit entry as the comment scripts take it (4 ARGV values, see includes/audit.lua): its JSON with every
 * field but `id` and `from` (the script adds those) and without the first `{`, the actor, the time, the site. `at`: the
 * time as ISO text, when the caller has it already.
 */
export function auditArgs(entry: Omit<NewAuditEntry, 'from'>, atMs: number, at = new Date(atMs).toISOString(), json?: AuditJson): string[] {
  const { commentId, siteId, actor, actorName, to, reasons, note, wouldHave } = entry;
  // The same text JSON.stringify gives the whole entry (a unit test compares them), with the reasons and would-have
  // the caller serialised for the move already, instead of serialising them again. A field left undefined, which
  // JSON.stringify would leave out, takes the general path.
  if (json && actorName !== undefined && note !== undefined && (wouldHave === undefined) === (json.wouldHave === undefined)) {
    const q = JSON.stringify;
    const tail =
      `"commentId":${q(commentId)},"siteId":${q(siteId)},"actor":${q(actor)},"actorName":${q(actorName)},"to":${q(to)},` +
      `"reasons":${json.reasons},"note":${q(note)}${wouldHave ? `,"wouldHave":${json.wouldHave!}` : ''},"at":${q(at)}}`;
    return [tail, actor, String(atMs), siteId];
  }
  const whole = JSON.stringify(
    wouldHave ? { commentId, siteId, actor, actorName, to, reasons, note, wouldHave, at } : { commentId, siteId, actor, actorName, to, reasons, note, at },
  );
  return [whole.slice(1), actor, String(atMs), siteId];
}

/** An audit entry's reasons, and its would-have when it has one, as JSON.stringify writes them. */
export interface AuditJson {
  reasons: string;
  wouldHave?: string | undefined;
}

/** No audit entry. */
export const NO_AUDIT_ARGS: readonly string[] = ['', '', '', ''];

/** Index batches a two-filter query reads before it returns a (short) page with a cursor. */
const MAX_SCAN_BATCHES = 20;

export class RedisAuditStore implements AuditStore {
  private readonly p: string;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.p = redisKeys(prefix).audit;
  }

  async append(input: NewAuditEntry): Promise<AuditEntry> {
    const seq = await this.redis.incr(`${this.p}seq`);
    const now = Date.now();
    const entry: AuditEntry = { ...input, id: String(seq), at: new Date(now).toISOString() };
    const score = String(orderScore(now, seq));
    const res = await this.redis
      .multi()
      .set(`${this.p}e:${entry.id}`, JSON.stringify(entry))
      .zadd(`${this.p}all`, score, entry.id)
      .zadd(`${this.p}actor:${entry.actor}`, score, entry.id)
      .zadd(`${this.p}site:${entry.siteId}`, score, entry.id)
      .zadd(`${this.p}c:${entry.commentId}`, score, entry.id)
      .exec();
    if (!res) throw new Error('Redis transaction was aborted');
    for (const [err] of res) if (err) throw err;
    return entry;
  }

  private async load(ids: string[]): Promise<AuditEntry[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(...ids.map((id) => `${this.p}e:${id}`));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as AuditEntry);
  }

  async history(commentId: string): Promise<AuditEntry[]> {
    return this.load(await this.redis.zrange(`${this.p}c:${commentId}`, '0', '-1'));
  }

  async forget(commentIds: readonly string[]): Promise<number> {
    let n = 0;
    for (const commentId of commentIds) {
      const entries = await this.history(commentId);
      const m = this.redis.multi().del(`${this.p}c:${commentId}`);
      for (const e of entries) {
        m.del(`${this.p}e:${e.id}`).zrem(`${this.p}all`, e.id).zrem(`${this.p}actor:${e.actor}`, e.id).zrem(`${this.p}site:${e.siteId}`, e.id);
      }
      const res = await m.exec();
      if (!res) throw new Error('Redis transaction was aborted');
      for (const [err] of res) if (err) throw err;
      n += entries.length;
    }
    return n;
  }

  async list(filter: AuditFilter, page: { limit: number; cursor?: string | undefined }): Promise<AuditPage> {
    // The most selective index: the actor's, else the site's, else all; the other filter is applied while reading.
    const index = filter.actor !== undefined ? `actor:${filter.actor}` : filter.siteId !== undefined ? `site:${filter.siteId}` : 'all';
    const residualSite = filter.actor !== undefined ? filter.siteId : undefined;
    const min = filter.sinceMs === undefined ? '-inf' : String(filter.sinceMs * 1000);
    let max = page.cursor ? `(${decodeCursor(page.cursor)}` : '+inf';
    const entries: AuditEntry[] = [];
    for (let batch = 0; batch < MAX_SCAN_BATCHES; batch++) {
      const want = page.limit - entries.length;
      // One more than wanted tells whether anything is left.
      const raw = await this.redis.zrevrangebyscore(`${this.p}${index}`, max, min, 'WITHSCORES', 'LIMIT', 0, want + 1);
      const ids: string[] = [];
      const scores: number[] = [];
      for (let i = 0; i + 1 < raw.length; i += 2) {
        ids.push(raw[i]!);
        scores.push(Number(raw[i + 1]));
      }
      const taken = ids.slice(0, want);
      const loaded = await this.load(taken);
      entries.push(...loaded.filter((e) => residualSite === undefined || e.siteId === residualSite));
      if (ids.length <= want) return { entries, nextCursor: null };
      max = `(${scores[want - 1]}`;
      if (entries.length >= page.limit) break;
    }
    return { entries, nextCursor: encodeCursor(Number(max.slice(1))) };
  }
}
