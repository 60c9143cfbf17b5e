/**
 * ModerationQueue in process memory, for the fast test layer: the BullMQ queue's semantics (one job
 * per comment id, enqueueing again is harmless, requeue only once the job finished) without Redis.
 * Nothing runs by itself: drain() hands waiting jobs to the processor, so tests decide when scoring happens.
 */
import type { JobCounts, ModerationQueue } from './moderation-queue.ts';

type JobState = 'waiting' | 'active' | 'completed' | 'failed';

export type MemoryModerateProcessor = (commentId: string) => Promise<unknown>;

export class MemoryModerationQueue implements ModerationQueue {
  /** Insertion order is queue order. */
  private readonly jobs = new Map<string, JobState>();
  private closed = false;

  constructor(private processor?: MemoryModerateProcessor) {}

  /** The processor drain() uses; set after construction when it needs the stores this queue is wired with. */
  process(processor: MemoryModerateProcessor): void {
    this.processor = processor;
  }

  private guard(): void {
    if (this.closed) throw new Error('queue is closed');
  }

  async enqueue(commentId: string): Promise<void> {
    this.guard();
    if (!this.jobs.has(commentId)) this.jobs.set(commentId, 'waiting');
  }

  async requeue(commentId: string): Promise<void> {
    this.guard();
    const state = this.jobs.get(commentId);
    if (state === 'waiting' || state === 'active') return;
    this.jobs.delete(commentId);
    this.jobs.set(commentId, 'waiting');
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Jobs by state, as the BullMQ queue reports them for metrics. */
  async counts(): Promise<JobCounts> {
    const states = [...this.jobs.values()];
    const count = (s: JobState) => states.filter((x) => x === s).length;
    return { waiting: count('waiting'), active: count('active'), delayed: 0, failed: count('failed') };
  }

  /** Comment ids waiting to be scored, oldest first. */
  waiting(): string[] {
    return [...this.jobs].filter(([, s]) => s === 'waiting').map(([id]) => id);
  }

  /** Forgets a job, as a crash or a Redis restart can lose one. */
  lose(commentId: string): void {
    this.jobs.delete(commentId);
  }

  /** Runs every waiting job (and jobs they enqueue) once, in order; a job that throws is failed. Returns the ids run. */
  async drain(): Promise<string[]> {
    const processor = this.processor;
    if (!processor) throw new Error('MemoryModerationQueue.drain: no processor');
    const ran: string[] = [];
    for (let next = this.waiting()[0]; next !== undefined; next = this.waiting()[0]) {
      this.jobs.set(next, 'active');
      ran.push(next);
      try {
        await processor(next);
        this.jobs.set(next, 'completed');
      } catch {
        this.jobs.set(next, 'failed');
      }
    }
    return ran;
  }
}
