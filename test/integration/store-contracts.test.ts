/**
 * The store and queue contracts against the Redis and BullMQ implementations, each store under a key
 * prefix of its own that is deleted afterwards (the in-memory run is in test/unit).
 */
import { Redis } from 'ioredis';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { commentStoreContract } from '../contract/comment-store.contract.ts';
import { learningStoreContract } from '../contract/learning-store.contract.ts';
import { siteStoreContract } from '../contract/site-store.contract.ts';
import { idempotencyStoreContract } from '../contract/idempotency-store.contract.ts';
import { webhookStoreContract } from '../contract/webhook-store.contract.ts';
import { moderatorStoreContract } from '../contract/moderator-store.contract.ts';
import { auditStoreContract } from '../contract/audit-store.contract.ts';
import { auditedChangesContract } from '../contract/audited-changes.contract.ts';
import { siteRulesStoreContract } from '../contract/site-rules-store.contract.ts';
import { RedisSiteRulesStore } from '../../src/store/redis-site-rules-store.ts';
import { RedisAuditStore } from '../../src/store/redis-audit-store.ts';
import { RedisModeratorStore } from '../../src/store/redis-moderator-store.ts';
import { moderationQueueContract, webhookQueueContract } from '../contract/queues.contract.ts';
import { RedisCommentStore } from '../../src/store/redis-comment-store.ts';
import { RedisLearningStore } from '../../src/store/redis-learning-store.ts';
import { RedisSiteStore } from '../../src/store/redis-site-store.ts';
import { RedisIdempotencyStore } from '../../src/store/redis-idempotency-store.ts';
import { RedisWebhookStore } from '../../src/store/redis-webhook-store.ts';
import { redisOptionsFromUrl } from '../../src/store/redis-client.ts';
import { bullPrefix, createModerationQueue, jobIdFor, MODERATE_QUEUE, type ModerateJobData } from '../../src/queue/moderation-queue.ts';
import { createWebhookQueue, WEBHOOK_QUEUE, type WebhookJobData } from '../../src/queue/webhook-queue.ts';
import { freshPrefixes, TEST_REDIS_URL } from '../support/harness.ts';

const redis = new Redis(TEST_REDIS_URL);
const connection = redisOptionsFromUrl(TEST_REDIS_URL) as ConnectionOptions;
const fresh = freshPrefixes(redis);

commentStoreContract('redis', async () => new RedisCommentStore(redis, fresh()));
learningStoreContract('redis', async () => new RedisLearningStore(redis, fresh()));
// The worker's stores gather the calls of one turn into one command each: the same contracts hold call by call.
commentStoreContract('redis, batched', async () => new RedisCommentStore(redis, fresh(), { batch: true }));
learningStoreContract('redis, batched', async () => new RedisLearningStore(redis, fresh(), undefined, { batch: true }));
siteStoreContract('redis', async () => new RedisSiteStore(redis, fresh()));
idempotencyStoreContract('redis', async (ttl) => new RedisIdempotencyStore(redis, fresh(), ttl));
webhookStoreContract('redis', async () => new RedisWebhookStore(redis, fresh(), 60_000));
auditStoreContract('redis', async () => new RedisAuditStore(redis, fresh()));
auditedChangesContract('redis', async () => {
  const prefix = fresh();
  return { store: new RedisCommentStore(redis, prefix), audit: new RedisAuditStore(redis, prefix) };
});
auditedChangesContract('redis, batched', async () => {
  const prefix = fresh();
  return { store: new RedisCommentStore(redis, prefix, { batch: true }), audit: new RedisAuditStore(redis, prefix) };
});
moderatorStoreContract('redis', async () => new RedisModeratorStore(redis, fresh()));
siteRulesStoreContract('redis', async () => new RedisSiteRulesStore(redis, fresh()));

moderationQueueContract('bullmq', async () => {
  const prefix = fresh();
  const queue = createModerationQueue(TEST_REDIS_URL, prefix);
  const inspect = new Queue<ModerateJobData>(MODERATE_QUEUE, { connection, prefix: bullPrefix(prefix) });
  const waiting = async () => (await inspect.getWaiting()).map((j) => j.data.commentId);
  return {
    queue,
    waiting,
    payload: async (id) => (await inspect.getJob(jobIdFor(id)))?.data,
    async runAll() {
      const expected = await waiting();
      const seen: string[] = [];
      const worker = new Worker<ModerateJobData>(MODERATE_QUEUE, async (job) => void seen.push(job.data.commentId), {
        connection,
        prefix: bullPrefix(prefix),
        concurrency: 1,
      });
      try {
        const deadline = Date.now() + 5000;
        while ((seen.length < expected.length || (await inspect.getActiveCount()) > 0) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 10));
        }
        // Completion is recorded just after the processor returns.
        while ((await inspect.getCompletedCount()) < seen.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      } finally {
        await worker.close();
      }
      return seen;
    },
    async close() {
      await queue.close();
      await inspect.close();
    },
  };
});

webhookQueueContract('bullmq', async () => {
  const prefix = fresh();
  const queue = createWebhookQueue(TEST_REDIS_URL, prefix, { backoffBaseMs: 1000, backoffMaxMs: 5000, maxAttempts: 3 });
  const inspect = new Queue<WebhookJobData>(WEBHOOK_QUEUE, { connection, prefix: bullPrefix(prefix) });
  return {
    queue,
    jobs: async () => (await inspect.getJobs(['waiting', 'delayed', 'prioritized'])).map((j) => j.data.eventId),
    async close() {
      await queue.close();
      await inspect.close();
    },
  };
});
