/**
 * GET /metrics while Redis is down: a queue whose counts never arrive (BullMQ waits for Redis to come back) is left
 * out after the timeout, and the scrape answers with every other series instead of hanging.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMetrics, type QueueCounts } from '../../src/observability/metrics.ts';

test('a scrape while a queue cannot count answers within the timeout, without that queue and with the other series', async () => {
  const metrics = createMetrics({ processMetrics: false, queueCountsTimeoutMs: 100 });
  metrics.watchQueue('moderate', () => new Promise<QueueCounts>(() => {}));
  metrics.watchQueue('webhook', async () => ({ waiting: 3, active: 1, delayed: 0, failed: 2 }));
  metrics.commentsAccepted.inc({ site: 'default' });

  const started = Date.now();
  const text = await metrics.registry.metrics();
  const elapsed = Date.now() - started;

  assert.ok(elapsed < 1000, `the scrape took ${elapsed} ms`);
  assert.doesNotMatch(text, /queue_jobs\{queue="moderate"/);
  assert.match(text, /queue_jobs\{queue="webhook",state="waiting"\} 3/);
  assert.match(text, /comments_accepted_total\{site="default"\} 1/);
});

test('a queue that answers in time is reported in every state', async () => {
  const metrics = createMetrics({ processMetrics: false, queueCountsTimeoutMs: 100 });
  metrics.watchQueue('moderate', async () => ({ waiting: 5, active: 2, delayed: 1, failed: 0 }));
  const text = await metrics.registry.metrics();
  for (const [state, n] of [['waiting', 5], ['active', 2], ['delayed', 1], ['failed', 0]] as const) {
    assert.match(text, new RegExp(`queue_jobs\\{queue="moderate",state="${state}"\\} ${n}`));
  }
});
