/**
 * Follows the author's own pending comments after posting: polls GET /api/v1/comments/:id with a growing delay
 * for a bounded time and reports each one that becomes published. Most comments are decided by the worker
 * within a second, so the first checks come quickly.
 *
 * A held comment answers `pending` and a spam one 404; the follower treats both the same, so the author's view
 * never tells them apart.
 */
import type { PublicComment } from '../shared/api-types.ts';

export interface FollowSchedule {
  firstDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** Give up this long after the last comment was added; a reload checks again. */
  forMs: number;
}

export const FOLLOW_SCHEDULE: FollowSchedule = { firstDelayMs: 300, factor: 1.5, maxDelayMs: 15_000, forMs: 3 * 60_000 };

/** The comment when it is published, otherwise (pending, unknown, unreachable) null. */
export type FetchPublished = (id: string) => Promise<PublicComment | null>;

export class PendingFollower {
  private readonly ids = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private delay = 0;
  private until = 0;

  constructor(
    private readonly fetchPublished: FetchPublished,
    private readonly onPublished: (c: PublicComment) => void,
    private readonly schedule: FollowSchedule = FOLLOW_SCHEDULE,
  ) {}

  /** Starts (or restarts, from the shortest delay) following these ids. */
  follow(ids: readonly string[]): void {
    for (const id of ids) this.ids.add(id);
    if (!this.ids.size) return;
    this.delay = this.schedule.firstDelayMs;
    this.until = Date.now() + this.schedule.forMs;
    this.arm();
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), this.delay);
  }

  private async check(): Promise<void> {
    const results = await Promise.all([...this.ids].map((id) => this.fetchPublished(id).catch(() => null)));
    for (const c of results) {
      if (c && this.ids.delete(c.id)) this.onPublished(c);
    }
    if (!this.ids.size || Date.now() >= this.until) return;
    this.delay = Math.min(this.delay * this.schedule.factor, this.schedule.maxDelayMs);
    this.arm();
  }
}
