/** ModeratorStore in process memory, for the fast test layer; same semantics as the Redis store, records copied in and out. */
import { randomBytes } from 'node:crypto';
import type { Moderator } from '../../models/moderator.ts';
import { decodeCursor, encodeCursor, orderScore } from './comment-records.ts';
import {
  ModeratorNameTakenError,
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

const copy = <T>(v: T): T => structuredClone(v);

export class MemoryModeratorStore implements ModeratorStore {
  private readonly moderators = new Map<string, Moderator>();
  private readonly tokens = new Map<string, string>();
  private readonly tokenMeta = new Map<string, TokenMeta>();
  private readonly changes: { entry: AccountChangeEntry; order: number }[] = [];
  private changeSeq = 0;
  private readonly sessions = new Map<string, { session: Session; expiresMs: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  private logChange(moderatorId: string, change: AccountChange | undefined): void {
    if (!change) return;
    const now = this.now();
    const seq = ++this.changeSeq;
    this.changes.push({ entry: { id: `${now.toString(36)}-${seq}`, at: new Date(now).toISOString(), moderatorId, ...copy(change) }, order: orderScore(now, seq) });
  }

  async create(input: NewModerator, change?: AccountChange): Promise<Moderator> {
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
    this.logChange(m.id, change);
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

  async update(id: string, patch: ModeratorPatch, change?: AccountChange): Promise<Moderator | null> {
    const m = this.moderators.get(id);
    if (!m) return null;
    const next: Moderator = { ...m, ...patch, sites: patch.sites ? [...patch.sites] : m.sites };
    this.moderators.set(id, next);
    this.logChange(id, change);
    return copy(next);
  }

  async addToken(moderatorId: string, tokenHash: string, meta?: TokenMeta, change?: AccountChange): Promise<boolean> {
    if (!this.moderators.has(moderatorId)) return false;
    this.tokens.set(tokenHash, moderatorId);
    if (meta) this.tokenMeta.set(tokenHash, copy(meta));
    this.logChange(moderatorId, change);
    return true;
  }

  async listTokens(moderatorId: string): Promise<ApiTokenInfo[]> {
    return [...this.tokens]
      .filter(([, id]) => id === moderatorId)
      .map(([hash]) => {
        const meta = this.tokenMeta.get(hash);
        return { id: tokenIdOf(hash), prefix: meta?.prefix ?? null, label: meta?.label ?? null, createdAt: meta?.createdAt ?? null };
      })
      .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.id.localeCompare(b.id));
  }

  async revokeToken(moderatorId: string, tokenId: string, change?: AccountChange): Promise<boolean> {
    for (const [hash, id] of this.tokens) {
      if (id === moderatorId && tokenIdOf(hash) === tokenId) {
        this.tokens.delete(hash);
        this.tokenMeta.delete(hash);
        this.logChange(moderatorId, change);
        return true;
      }
    }
    return false;
  }

  async listChanges(filter: { moderatorId?: string | undefined; sinceMs?: number | undefined }, page: { limit: number; cursor?: string | undefined }): Promise<AccountChangePage> {
    const before = page.cursor ? decodeCursor(page.cursor) : Infinity;
    const min = filter.sinceMs === undefined ? -Infinity : filter.sinceMs * 1000;
    const matching = this.changes
      .filter((c) => c.order < before && c.order >= min && (filter.moderatorId === undefined || c.entry.moderatorId === filter.moderatorId))
      .sort((a, b) => b.order - a.order);
    const shown = matching.slice(0, page.limit);
    return { entries: shown.map((c) => copy(c.entry)), nextCursor: matching.length > page.limit ? encodeCursor(shown[shown.length - 1]!.order) : null };
  }

  async moderatorIdForToken(tokenHash: string): Promise<string | null> {
    return this.tokens.get(tokenHash) ?? null;
  }

  async revokeTokens(moderatorId: string, change?: AccountChange): Promise<number> {
    let n = 0;
    for (const [hash, id] of this.tokens) {
      if (id === moderatorId) {
        this.tokens.delete(hash);
        this.tokenMeta.delete(hash);
        n++;
      }
    }
    if (n > 0) this.logChange(moderatorId, change && { ...change, detail: { ...change.detail, count: n } });
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
