/**
 * WebhookQueue in process memory, for the fast test layer: first deliveries are queued once per
 * event, redeliveries always add a job. Jobs only wait here; tests read them with jobs().
 */
import type { JobCounts } from './moderation-queue.ts';
import type { WebhookQueue } from './webhook-queue.ts';

export class MemoryWebhookQueue implements WebhookQueue {
  private readonly queued: { jobId: string; eventId: string }[] = [];
  private redeliveries = 0;

  async enqueue(eventId: string): Promise<void> {
    const jobId = `wh-${eventId}`;
    if (!this.queued.some((j) => j.jobId === jobId)) this.queued.push({ jobId, eventId });
  }

  async redeliver(eventId: string): Promise<void> {
    this.queued.push({ jobId: `wh-${eventId}-r${++this.redeliveries}`, eventId });
  }

  async ensure(eventId: string): Promise<void> {
    await this.enqueue(eventId);
  }

  async counts(): Promise<JobCounts> {
    return { waiting: this.queued.length, active: 0, delayed: 0, failed: 0 };
  }

  async close(): Promise<void> {}

  /** Event ids of the queued jobs, in order. */
  jobs(): string[] {
    return this.queued.map((j) => j.eventId);
  }
}
