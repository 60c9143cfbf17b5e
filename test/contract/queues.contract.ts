/**
 * What the moderation and webhook queues must do, on BullMQ or in memory: one job per comment (or
 * event), payloads that carry the id only, requeue only after a job finished, redelivery as a new job.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModerationQueue } from '../../src/queue/moderation-queue.ts';
import type { WebhookQueue } from '../../src/queue/webhook-queue.ts';

export interface ModerationQueueHarness {
  queue: ModerationQueue;
  /** Comment ids of jobs waiting to run. */
  waiting(): Promise<string[]>;
  /** The payload of the comment's job, as a worker receives it. */
  payload(commentId: string): Promise<unknown>;
  /** Runs every waiting job to completion; returns the comment ids the processor saw. */
  runAll(): Promise<string[]>;
  close(): Promise<void>;
}

export interface WebhookQueueHarness {
  queue: WebhookQueue;
  /** Event ids of the jobs queued, one entry per job. */
  jobs(): Promise<string[]>;
  close(): Promise<void>;
}

export function moderationQueueContract(impl: string, fresh: () => Promise<ModerationQueueHarness>): void {
  describe(`ModerationQueue contract: ${impl}`, () => {
    test('enqueue twice → one waiting job whose payload is the comment id only', async () => {
      const h = await fresh();
      try {
        await h.queue.enqueue('cOne000000000000');
        await h.queue.enqueue('cOne000000000000');
        assert.deepEqual(await h.waiting(), ['cOne000000000000']);
        assert.deepEqual(await h.payload('cOne000000000000'), { commentId: 'cOne000000000000' });
      } finally {
        await h.close();
      }
    });

    test('requeue of a job still waiting changes nothing; after it ran, requeue runs it again and enqueue does not', async () => {
      const h = await fresh();
      try {
        await h.queue.enqueue('cTwo000000000000');
        await h.queue.requeue('cTwo000000000000');
        assert.deepEqual(await h.waiting(), ['cTwo000000000000']);
        assert.deepEqual(await h.runAll(), ['cTwo000000000000']);
        assert.deepEqual(await h.waiting(), []);
        await h.queue.enqueue('cTwo000000000000');
        assert.deepEqual(await h.waiting(), [], 'a finished job is not added again by enqueue');
        await h.queue.requeue('cTwo000000000000');
        assert.deepEqual(await h.waiting(), ['cTwo000000000000']);
        assert.deepEqual(await h.runAll(), ['cTwo000000000000']);
      } finally {
        await h.close();
      }
    });

    test('requeue of a comment that never had a job enqueues it', async () => {
      const h = await fresh();
      try {
        await h.queue.requeue('cLost00000000000');
        assert.deepEqual(await h.waiting(), ['cLost00000000000']);
      } finally {
        await h.close();
      }
    });

    test('jobs run in the order they were queued', async () => {
      const h = await fresh();
      try {
        for (const id of ['cA00000000000000', 'cB00000000000000', 'cC00000000000000']) await h.queue.enqueue(id);
        assert.deepEqual(await h.waiting(), ['cA00000000000000', 'cB00000000000000', 'cC00000000000000']);
        assert.deepEqual(await h.runAll(), ['cA00000000000000', 'cB00000000000000', 'cC00000000000000']);
      } finally {
        await h.close();
      }
    });
  });
}

export function webhookQueueContract(impl: string, fresh: () => Promise<WebhookQueueHarness>): void {
  describe(`WebhookQueue contract: ${impl}`, () => {
    test('enqueue twice → one job; each redelivery is a job of its own', async () => {
      const h = await fresh();
      try {
        await h.queue.enqueue('evt_a');
        await h.queue.enqueue('evt_a');
        assert.deepEqual(await h.jobs(), ['evt_a']);
        await h.queue.redeliver('evt_a');
        await h.queue.redeliver('evt_a');
        assert.deepEqual(await h.jobs(), ['evt_a', 'evt_a', 'evt_a']);
        assert.deepEqual(await h.queue.counts(), { waiting: 3, active: 0, delayed: 0, failed: 0 });
      } finally {
        await h.close();
      }
    });
  });
}
