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
 *   M session:<sha256>        STRING  the Session as JSON, with a TTL = its expiry
 *   M m:<id>:sessions         SET     sha256 of that moderator's sessions (for sign-out everywhere)
 */
import { randomBytes } from 'node:crypto';
import type { Moderator, ModeratorRole } from '../../models/moderator.ts';
import type { RedisClient } from './redis-client.ts';
import { redisKeys } from './redis-keys.ts';
import { ModeratorNameTakenError, type ModeratorPatch, type ModeratorStore, type NewModerator, type Session } from './moderator-store.ts';

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

  async create(input: NewModerator): Promise<Moderator> {
    const id = `mod_${randomBytes(8).toString('hex')}`;
    const claimed = await this.redis.set(`${this.p}name:${input.name.toLowerCase()}`, id, 'NX');
    if (claimed !== 'OK') throw new ModeratorNameTakenError(input.name);
    const now = Date.now();
    const m: Moderator = { id, name: input.name, role: input.role, sites: [...input.sites], disabled: false, createdAt: new Date(now).toISOString(), passwordHash: input.passwordHash };
    execOk(
      await this.redis
        .multi()
        .hset(this.key(id), { id, name: m.name, role: m.role, sites: JSON.stringify(m.sites), disabled: '0', createdAt: m.createdAt, passwordHash: m.passwordHash ?? '' })
        .zadd(`${this.p}ids`, String(now), id)
        .exec(),
    );
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

  async update(id: string, patch: ModeratorPatch): Promise<Moderator | null> {
    if (!(await this.redis.exists(this.key(id)))) return null;
    const fields: Record<string, string> = {};
    if (patch.role !== undefined) fields.role = patch.role;
    if (patch.sites !== undefined) fields.sites = JSON.stringify(patch.sites);
    if (patch.passwordHash !== undefined) fields.passwordHash = patch.passwordHash ?? '';
    if (patch.disabled !== undefined) fields.disabled = patch.disabled ? '1' : '0';
    if (Object.keys(fields).length > 0) await this.redis.hset(this.key(id), fields);
    return this.get(id);
  }

  async addToken(moderatorId: string, tokenHash: string): Promise<boolean> {
    if (!(await this.redis.exists(this.key(moderatorId)))) return false;
    execOk(await this.redis.multi().set(`${this.p}token:${tokenHash}`, moderatorId).sadd(`${this.key(moderatorId)}:tokens`, tokenHash).exec());
    return true;
  }

  moderatorIdForToken(tokenHash: string): Promise<string | null> {
    return this.redis.get(`${this.p}token:${tokenHash}`);
  }

  async revokeTokens(moderatorId: string): Promise<number> {
    const setKey = `${this.key(moderatorId)}:tokens`;
    const hashes = await this.redis.smembers(setKey);
    if (hashes.length === 0) return 0;
    execOk(await this.redis.multi().del(...hashes.map((h) => `${this.p}token:${h}`)).srem(setKey, ...hashes).exec());
    return hashes.length;
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
