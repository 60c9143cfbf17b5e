/**
 * Deleting with a way back: a deletion is held in the page for a few seconds (10 by default) with an
 * Undo button before the DELETE calls are made. Held comments are hidden from the list meanwhile.
 * Signing out or leaving the page carries held deletions out at once.
 */

export interface DelayedDeleteOptions {
  /** How long a deletion can be undone, ms. */
  delayMs: number;
  /** Carries a deletion out; `leaving` when the page is going away (the calls must outlive it). */
  run(ids: string[], leaving: boolean): Promise<void>;
  /** A deletion was held (show the undo offer), undone, or carried out: the list should be redrawn. */
  changed(): void;
}

interface Held {
  ids: string[];
  timer: ReturnType<typeof setTimeout>;
  /** The DELETE calls are under way: too late to undo, still hidden from the list. */
  running: boolean;
}

export class DelayedDeletes {
  private held: Held[] = [];

  constructor(private readonly opts: DelayedDeleteOptions) {}

  /** Ids waiting to be deleted, to leave out of the list. */
  isHeld(id: string): boolean {
    return this.held.some((h) => h.ids.includes(id));
  }

  private latest(): Held | undefined {
    return this.held.filter((h) => !h.running).pop();
  }

  /** The size of the latest deletion that can still be undone, or 0. */
  get latestCount(): number {
    return this.latest()?.ids.length ?? 0;
  }

  hold(ids: string[]): void {
    if (!ids.length) return;
    const h: Held = { ids: ids.slice(), timer: setTimeout(() => void this.carryOut(h, false), this.opts.delayMs), running: false };
    this.held.push(h);
    this.opts.changed();
  }

  /** Takes back the latest held deletion; false when there was none. */
  undoLatest(): boolean {
    const h = this.latest();
    if (!h) return false;
    clearTimeout(h.timer);
    this.held.splice(this.held.indexOf(h), 1);
    this.opts.changed();
    return true;
  }

  /** Carries out every held deletion now. */
  flush(leaving: boolean): Promise<void> {
    return Promise.all(this.held.filter((h) => !h.running).map((h) => this.carryOut(h, leaving))).then(() => undefined);
  }

  private async carryOut(h: Held, leaving: boolean): Promise<void> {
    clearTimeout(h.timer);
    if (h.running || !this.held.includes(h)) return;
    h.running = true;
    this.opts.changed();
    try {
      await this.opts.run(h.ids, leaving);
    } finally {
      this.held.splice(this.held.indexOf(h), 1);
      this.opts.changed();
    }
  }
}
