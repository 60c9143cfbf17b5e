/** AuditStore in process memory, for the fast test layer; same ordering, filters and cursors as the Redis store. */
import { decodeCursor, encodeCursor, orderScore } from './comment-records.ts';
import type { AuditEntry, AuditFilter, AuditPage, AuditStore, NewAuditEntry } from './audit-store.ts';

export class MemoryAuditStore implements AuditStore {
  private readonly entries: { entry: AuditEntry; order: number }[] = [];
  private seq = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async append(input: NewAuditEntry): Promise<AuditEntry> {
    const at = this.now();
    const seq = ++this.seq;
    const entry: AuditEntry = { ...structuredClone(input), id: String(seq), at: new Date(at).toISOString() };
    this.entries.push({ entry, order: orderScore(at, seq) });
    return structuredClone(entry);
  }

  async history(commentId: string): Promise<AuditEntry[]> {
    return this.entries.filter((e) => e.entry.commentId === commentId).map((e) => structuredClone(e.entry));
  }

  async forget(commentIds: readonly string[]): Promise<number> {
    const ids = new Set(commentIds);
    let n = 0;
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (ids.has(this.entries[i]!.entry.commentId)) {
        this.entries.splice(i, 1);
        n++;
      }
    }
    return n;
  }

  async list(filter: AuditFilter, page: { limit: number; cursor?: string | undefined }): Promise<AuditPage> {
    const before = page.cursor ? decodeCursor(page.cursor) : Infinity;
    const min = filter.sinceMs === undefined ? -Infinity : filter.sinceMs * 1000;
    const matching = this.entries
      .filter((e) => e.order < before && e.order >= min)
      .filter((e) => (filter.actor === undefined || e.entry.actor === filter.actor) && (filter.siteId === undefined || e.entry.siteId === filter.siteId))
      .sort((a, b) => b.order - a.order);
    const shown = matching.slice(0, page.limit);
    return {
      entries: shown.map((e) => structuredClone(e.entry)),
      nextCursor: matching.length > page.limit ? encodeCursor(shown[shown.length - 1]!.order) : null,
    };
  }
}
