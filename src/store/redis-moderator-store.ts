/**
 * ModeratorStore on Redis. Moderators are never deleted (disabled instead), so their hashes can be
 * patched field by field without a read-modify-write; names are claimed with SET NX.
 *
 * Key layout (M = `{<REDIS_PREFIX>.mods}:`, one hash tag, so every MULTI stays in one Cluster slot):
 *   M ids                     ZSET    moderator ids by creation time (ms)
 *   M m:<id>                  HASH    id, name, role, sites (JSON array), disabled ('1'/'0'), createdAt, passwordHash ('' = none)
 *   M name:<lower-case name>  STRING  moderator id
 *   M token:<sha256>          STRING  moderator id of a personal API token
 *   M m:<id>:tokens           SET     sha256 of that moderator's tokens (for revocation)
 *   M m:<id>:token-meta       HASH    sha256 → {prefix, label, createdAt} as JSON (absent for tokens issued before it was kept)
 *   M session:<sha256>        STRING  the Session as JSON, with a TTL = its expiry
 *   M m:<id>:sessions         SET     sha256 of that moderator's sessions (for sign-out everywhere)
 *   M changes                 ZSET    the log of account changes: AccountChangeEntry JSON by order score (ms * 1000 + a counter)
 *   M m:<id>:changes          ZSET    the same, one account's
 * A change's log entry is added in the same MULTI as the change.
 */
import { randomBytes } from 'node:crypto';
import type { ChainableCommander } from 'ioredis';
import type { Moderator, ModeratorRole } from '../../models/moderator.ts';
import type { RedisClient } from './redis-client.ts';
import { redisKeys } from './redis-keys.ts';
import { decodeCursor, encodeCursor, orderScore } from './comment-records.ts';
import {
  ModeratorNameTakenError,
  TOKEN_ID_LENGTH,
  tokenIdOf,
  type AccountChange,
  type AccountChangeEntry,
  type AccountChangePage,
  type ApiTokenInfo,
  type ModeratorPatch,
  type ModeratorStore,
  type NewModerator,
  type Session,
  type TokenMeta,
} from './moderator-store.ts';

function fromHash(h: Record<string, string>): Moderator | null {
  if (!h.id || !h.name) return null;
  return {
    id: h.id,
    name: h.name,
    role: (h.role ?? 'moderator') as ModeratorRole,
    sites: h.sites ? (JSON.parse(h.sites) as string[]) : [],
    disabled: h.disabled === '1',
    createdAt: h.createdAt ?? '',
    passwordHash: h.passwordHash ? h.passwordHash : null,
  };
}

function execOk(results: [Error | null, unknown][] | null): [Error | null, unknown][] {
  if (!results) throw new Error('Redis transaction was aborted');
  for (const [err] of results) if (err) throw err;
  return results;
}

/** Orders the log entries one process writes within a millisecond. */
let changeSeq = 0;

export class RedisModeratorStore implements ModeratorStore {
  private readonly p: string;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.p = redisKeys(prefix).moderators;
  }

  private key(id: string) {
    return `${this.p}m:${id}`;
  }

  /** Queues the log entry of `change` on a MULTI that makes the change. */
  private logChange(m: ChainableCommander, moderatorId: string, change: AccountChange | undefined): ChainableCommander {
    if (!change) return m;
    const now = Date.now();
    const entry: AccountChangeEntry = { id: `${now.toString(36)}-${randomBytes(4).toString('hex')}`, at: new Date(now).toISOString(), moderatorId, ...change };
    const json = JSON.stringify(entry);
    const score = String(orderScore(now, changeSeq++));
    return m.zadd(`${this.p}changes`, score, json).zadd(`${this.key(moderatorId)}:changes`, score, json);
  }

  async create(input: NewModerator, change?: AccountChange): Promise<Moderator> {
    const id = `mod_${randomBytes(8).toString('hex')}`;
    const claimed = await this.redis.set(`${this.p}name:${input.name.toLowerCase()}`, id, 'NX');
    if (claimed !== 'OK') throw new ModeratorNameTakenError(input.name);
    const now = Date.now();
    const m: Moderator = { id, name: input.name, role: input.role, sites: [...input.sites], disabled: false, createdAt: new Date(now).toISOString(), passwordHash: input.passwordHash };
    const multi = this.redis
      .multi()
      .hset(this.key(id), { id, name: m.name, role: m.role, sites: JSON.stringify(m.sites), disabled: '0', createdAt: m.createdAt, passwordHash: m.passwordHash ?? '' })
      .zadd(`${this.p}ids`, String(now), id);
    execOk(await this.logChange(multi, id, change).exec());
    return m;
  }

  async get(id: string): Promise<Moderator | null> {
    return fromHash(await this.redis.hgetall(this.key(id)));
  }

  async getByName(name: string): Promise<Moderator | null> {
    const id = await this.redis.get(`${this.p}name:${name.toLowerCase()}`);
    return id ? this.get(id) : null;
  }

  async list(): Promise<Moderator[]> {
    const ids = await this.redis.zrange(`${this.p}ids`, '0', '-1');
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.key(id));
    return execOk(await pipeline.exec())
      .map(([, h]) => fromHash(h as Record<string, string>))
      .filter((m): m is Moderator => m !== null);
  }

  async update(id: string, patch: ModeratorPatch, change?: AccountChange): Promise<Moderator | null> {
    if (!(await this.redis.exists(this.key(id)))) return null;
    const fields: Record<string, string> = {};
    if (patch.role !== undefined) fields.role = patch.role;
    if (patch.sites !== undefined) fields.sites = JSON.stringify(patch.sites);
    if (patch.passwordHash !== undefined) fields.passwordHash = patch.passwordHash ?? '';
    if (patch.disabled !== undefined) fields.disabled = patch.disabled ? '1' : '0';
    const multi = this.redis.multi();
    if (Object.keys(fields).length > 0) multi.hset(this.key(id), fields);
    if (Object.keys(fields).length > 0 || change) execOk(await this.logChange(multi, id, change).exec());
    return this.get(id);
  }

  async addToken(moderatorId: string, tokenHash: string, meta?: TokenMeta, change?: AccountChange): Promise<boolean> {
    if (!(await this.redis.exists(this.key(moderatorId)))) return false;
    const multi = this.redis.multi().set(`${this.p}token:${tokenHash}`, moderatorId).sadd(`${this.key(moderatorId)}:tokens`, tokenHash);
    if (meta) multi.hset(`${this.key(moderatorId)}:token-meta`, tokenHash, JSON.stringify(meta));
    execOk(await this.logChange(multi, moderatorId, change).exec());
    return true;
  }

  async listTokens(moderatorId: string): Promise<ApiTokenInfo[]> {
    const hashes = await this.redis.smembers(`${this.key(moderatorId)}:tokens`);
    if (hashes.length === 0) return [];
    const metas = await this.redis.hmget(`${this.key(moderatorId)}:token-meta`, ...hashes);
    return hashes
      .map((h, i) => {
        const meta = metas[i] ? (JSON.parse(metas[i]) as Partial<TokenMeta>) : {};
        return { id: tokenIdOf(h), prefix: meta.prefix ?? null, label: meta.label ?? null, createdAt: meta.createdAt ?? null };
      })
      .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.id.localeCompare(b.id));
  }

  async revokeToken(moderatorId: string, tokenId: string, change?: AccountChange): Promise<boolean> {
    if (tokenId.length !== TOKEN_ID_LENGTH) return false;
    const setKey = `${this.key(moderatorId)}:tokens`;
    const hash = (await this.redis.smembers(setKey)).find((h) => tokenIdOf(h) === tokenId);
    if (!hash) return false;
    const multi = this.redis.multi().del(`${this.p}token:${hash}`).srem(setKey, hash).hdel(`${this.key(moderatorId)}:token-meta`, hash);
    execOk(await this.logChange(multi, moderatorId, change).exec());
    return true;
  }

  moderatorIdForToken(tokenHash: string): Promise<string | null> {
    return this.redis.get(`${this.p}token:${tokenHash}`);
  }

  async revokeTokens(moderatorId: string, change?: AccountChange): Promise<number> {
    const setKey = `${this.key(moderatorId)}:tokens`;
    const hashes = await this.redis.smembers(setKey);
    if (hashes.length === 0) return 0;
    const multi = this.redis
      .multi()
      .del(...hashes.map((h) => `${this.p}token:${h}`))
      .srem(setKey, ...hashes)
      .hdel(`${this.key(moderatorId)}:token-meta`, ...hashes);
    execOk(await this.logChange(multi, moderatorId, change && { ...change, detail: { ...change.detail, count: hashes.length } }).exec());
    return hashes.length;
  }

  async listChanges(filter: { moderatorId?: string | undefined; sinceMs?: number | undefined }, page: { limit: number; cursor?: string | undefined }): Promise<AccountChangePage> {
    const index = filter.moderatorId === undefined ? `${this.p}changes` : `${this.key(filter.moderatorId)}:changes`;
    const max = page.cursor ? `(${decodeCursor(page.cursor)}` : '+inf';
    const min = filter.sinceMs === undefined ? '-inf' : String(filter.sinceMs * 1000);
    // One more than asked for tells whether there is another page.
    const raw = await this.redis.zrevrangebyscore(index, max, min, 'WITHSCORES', 'LIMIT', 0, page.limit + 1);
    const entries: AccountChangeEntry[] = [];
    let last = 0;
    for (let i = 0; i + 1 < raw.length && entries.length < page.limit; i += 2) {
      entries.push(JSON.parse(raw[i]!) as AccountChangeEntry);
      last = Number(raw[i + 1]);
    }
    return { entries, nextCursor: raw.length / 2 > page.limit ? encodeCursor(last) : null };
  }

  async createSession(sessionHash: string, session: Session, ttlSeconds: number): Promise<void> {
    const setKey = `${this.key(session.moderatorId)}:sessions`;
    execOk(
      await this.redis
        .multi()
        .set(`${this.p}session:${sessionHash}`, JSON.stringify(session), 'EX', ttlSeconds)
        .sadd(setKey, sessionHash)
        // The index outlives no session by more than one session lifetime.
        .expire(setKey, ttlSeconds)
        .exec(),
    );
  }

  async getSession(sessionHash: string): Promise<Session | null> {
    const raw = await this.redis.get(`${this.p}session:${sessionHash}`);
    return raw ? (JSON.parse(raw) as Session) : null;
  }

  async deleteSession(sessionHash: string): Promise<void> {
    const session = await this.getSession(sessionHash);
    const m = this.redis.multi().del(`${this.p}session:${sessionHash}`);
    if (session) m.srem(`${this.key(session.moderatorId)}:sessions`, sessionHash);
    execOk(await m.exec());
  }

  async deleteSessions(moderatorId: string): Promise<number> {
    const setKey = `${this.key(moderatorId)}:sessions`;
    const hashes = await this.redis.smembers(setKey);
    if (hashes.length === 0) return 0;
    const res = execOk(await this.redis.multi().del(...hashes.map((h) => `${this.p}session:${h}`)).del(setKey).exec());
    return Number(res[0]?.[1] ?? 0);
  }
}
