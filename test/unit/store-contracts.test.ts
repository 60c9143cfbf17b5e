/** The store and queue contracts against the in-memory implementations (the Redis run is in test/integration). */
import { commentStoreContract } from '../contract/comment-store.contract.ts';
import { learningStoreContract } from '../contract/learning-store.contract.ts';
import { siteStoreContract } from '../contract/site-store.contract.ts';
import { idempotencyStoreContract } from '../contract/idempotency-store.contract.ts';
import { webhookStoreContract } from '../contract/webhook-store.contract.ts';
import { moderatorStoreContract } from '../contract/moderator-store.contract.ts';
import { auditStoreContract } from '../contract/audit-store.contract.ts';
import { auditedChangesContract } from '../contract/audited-changes.contract.ts';
import { siteRulesStoreContract } from '../contract/site-rules-store.contract.ts';
import { MemorySiteRulesStore } from '../../src/store/memory-site-rules-store.ts';
import { MemoryAuditStore } from '../../src/store/memory-audit-store.ts';
import { MemoryModeratorStore } from '../../src/store/memory-moderator-store.ts';
import { moderationQueueContract, webhookQueueContract } from '../contract/queues.contract.ts';
import { MemoryCommentStore } from '../../src/store/memory-comment-store.ts';
import { MemoryLearningStore } from '../../src/store/memory-learning-store.ts';
import { MemorySiteStore } from '../../src/store/memory-site-store.ts';
import { MemoryIdempotencyStore } from '../../src/store/memory-idempotency-store.ts';
import { MemoryWebhookStore } from '../../src/store/memory-webhook-store.ts';
import { MemoryModerationQueue } from '../../src/queue/memory-moderation-queue.ts';
import { MemoryWebhookQueue } from '../../src/queue/memory-webhook-queue.ts';
import type { LetTimePass } from '../contract/comment-store.contract.ts';

/** The clock of the stores that expire entries: expiry tests move it instead of sleeping. */
let offset = 0;
const now = () => Date.now() + offset;
const moveClock: LetTimePass = async (ms) => void (offset += ms);

commentStoreContract('memory', async () => new MemoryCommentStore());
learningStoreContract('memory', async () => new MemoryLearningStore());
siteStoreContract('memory', async () => new MemorySiteStore());
idempotencyStoreContract('memory', async (ttl) => new MemoryIdempotencyStore(ttl, now), moveClock);
webhookStoreContract('memory', async () => new MemoryWebhookStore());
auditStoreContract('memory', async () => new MemoryAuditStore());
auditedChangesContract('memory', async () => {
  const audit = new MemoryAuditStore();
  return { store: new MemoryCommentStore(Date.now, undefined, audit), audit };
});
moderatorStoreContract('memory', async () => new MemoryModeratorStore(now), moveClock);
siteRulesStoreContract('memory', async () => new MemorySiteRulesStore());
moderationQueueContract('memory', async () => {
  const seen: string[] = [];
  const queue = new MemoryModerationQueue(async (id) => void seen.push(id));
  return {
    queue,
    waiting: async () => queue.waiting(),
    // The in-memory queue keeps ids, not payloads: a job's payload is its id by construction.
    payload: async (id) => ({ commentId: queue.waiting().find((w) => w === id) }),
    runAll: async () => queue.drain(),
    close: () => queue.close(),
  };
});
webhookQueueContract('memory', async () => {
  const queue = new MemoryWebhookQueue();
  return { queue, jobs: async () => queue.jobs(), close: () => queue.close() };
});
