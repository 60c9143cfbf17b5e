/** ModeratorStore in process memory, for the fast test layer; same semantics as the Redis store, records copied in and out. */
import { randomBytes } from 'node:crypto';
import type { Moderator } from '../../models/moderator.ts';
import { ModeratorNameTakenError, type ModeratorPatch, type ModeratorStore, type NewModerator, type Session } from './moderator-store.ts';

const copy = <T>(v: T): T => structuredClone(v);

export class MemoryModeratorStore implements ModeratorStore {
  private readonly moderators = new Map<string, Moderator>();
  private readonly tokens = new Map<string, string>();
  private readonly sessions = new Map<string, { session: Session; expiresMs: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async create(input: NewModerator): Promise<Moderator> {
    if (await this.getByName(input.name)) throw new ModeratorNameTakenError(input.name);
    const m: Moderator = {
      id: `mod_${randomBytes(8).toString('hex')}`,
      name: input.name,
      role: input.role,
      sites: [...input.sites],
      disabled: false,
      createdAt: new Date(this.now()).toISOString(),
      passwordHash: input.passwordHash,
    };
    this.moderators.set(m.id, m);
    return copy(m);
  }

  async get(id: string): Promise<Moderator | null> {
    const m = this.moderators.get(id);
    return m ? copy(m) : null;
  }

  async getByName(name: string): Promise<Moderator | null> {
    const lower = name.toLowerCase();
    for (const m of this.moderators.values()) if (m.name.toLowerCase() === lower) return copy(m);
    return null;
  }

  async list(): Promise<Moderator[]> {
    return [...this.moderators.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(copy);
  }

  async update(id: string, patch: ModeratorPatch): Promise<Moderator | null> {
    const m = this.moderators.get(id);
    if (!m) return null;
    const next: Moderator = { ...m, ...patch, sites: patch.sites ? [...patch.sites] : m.sites };
    this.moderators.set(id, next);
    return copy(next);
  }

  async addToken(moderatorId: string, tokenHash: string): Promise<boolean> {
    if (!this.moderators.has(moderatorId)) return false;
    this.tokens.set(tokenHash, moderatorId);
    return true;
  }

  async moderatorIdForToken(tokenHash: string): Promise<string | null> {
    return this.tokens.get(tokenHash) ?? null;
  }

  async revokeTokens(moderatorId: string): Promise<number> {
    let n = 0;
    for (const [hash, id] of this.tokens) {
      if (id === moderatorId) {
        this.tokens.delete(hash);
        n++;
      }
    }
    return n;
  }

  async createSession(sessionHash: string, session: Session, ttlSeconds: number): Promise<void> {
    this.sessions.set(sessionHash, { session: copy(session), expiresMs: this.now() + ttlSeconds * 1000 });
  }

  async getSession(sessionHash: string): Promise<Session | null> {
    const s = this.sessions.get(sessionHash);
    if (!s) return null;
    if (s.expiresMs <= this.now()) {
      this.sessions.delete(sessionHash);
      return null;
    }
    return copy(s.session);
  }

  async deleteSession(sessionHash: string): Promise<void> {
    this.sessions.delete(sessionHash);
  }

  async deleteSessions(moderatorId: string): Promise<number> {
    let n = 0;
    for (const [hash, s] of this.sessions) {
      if (s.session.moderatorId === moderatorId) {
        this.sessions.delete(hash);
        if (s.expiresMs > this.now()) n++;
      }
    }
    return n;
  }
}
