/**
 * The API's moderation queue on the stores' connection (one Redis server): the submissions of one turn of the event
 * loop are stored and their jobs added in the turn's one socket write, the store's command first, so Redis holds each
 * comment before any worker can take its job; each is then confirmed, and a submission the store refuses leaves a job
 * that points at no comment.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import pino from 'pino';
import { RedisCommentStore } from '../../src/store/redis-comment-store.ts';
import { bullPrefix, createModerationQueue, jobIdFor } from '../../src/queue/moderation-queue.ts';
import { closeRedisClient, createRedisClient, waitUntilReady } from '../../src/store/redis-client.ts';
import { submitComment, type SubmitDeps } from '../../src/comments/submit-comment.ts';
import { createFormTokens } from '../../src/comments/form-token.ts';
import { redisKeys } from '../../src/store/redis-keys.ts';
import { freshPrefixes, TEST_REDIS_CLUSTER, TEST_REDIS_URL } from '../support/harness.ts';
import type { Comment } from '../../models/comment.ts';

const redis = new Redis(TEST_REDIS_URL);
const fresh = freshPrefixes(redis);

const submission = (i: number) => ({ threadId: 'article-1', name: `Reader ${i}`, email: `reader${i}@example.com`, comment: `Comment number ${i}, thank you.` });

describe('intake with the queue on the store’s connection', { skip: TEST_REDIS_CLUSTER ? 'one server only' : false }, () => {
  test('three submissions in one turn → their records and jobs leave in one socket write, the records’ command before the jobs; each stored, queued and confirmed', async () => {
    const prefix = fresh();
    const client = createRedisClient(TEST_REDIS_URL, undefined, { coalesceWrites: true }) as Redis;
    const queue = createModerationQueue(TEST_REDIS_URL, prefix, { connection: client });
    try {
      assert.ok(await waitUntilReady(client, 3000));
      assert.ok(await queue.waitUntilReady(3000));
      assert.equal(queue.sendsAfterWritesOn, client);
      const store = new RedisCommentStore(client, prefix, { batch: false });
      const deps: SubmitDeps = { store, queue, formTokens: createFormTokens('x'.repeat(32)), logger: pino({ level: 'silent' }) };
      const writes: string[] = [];
      const socket = client.stream as unknown as {
        _write: (chunk: unknown, ...rest: unknown[]) => void;
        _writev: (chunks: Array<{ chunk: unknown }>, ...rest: unknown[]) => void;
      };
      const write = socket._write.bind(socket);
      const writev = socket._writev.bind(socket);
      socket._write = (chunk, ...rest) => {
        writes.push(String(chunk));
        write(chunk, ...rest);
      };
      socket._writev = (chunks, ...rest) => {
        writes.push(chunks.map((c) => String(c.chunk)).join(''));
        writev(chunks, ...rest);
      };
      // Three callbacks of one turn, as three requests' bodies arriving on different sockets.
      const comments = await Promise.all(
        [1, 2, 3].map(
          (i) =>
            new Promise<Comment>((resolve, reject) => {
              setImmediate(() => {
                submitComment(deps, submission(i), { siteId: 'default', ip: null, userAgent: null }).then(resolve, reject);
              });
            }),
        ),
      );
      const k = redisKeys(prefix);
      const wait = `${bullPrefix(prefix)}:moderate:wait`;
      // The write with the store's command (it names the intake index first) also holds every job's add (each names the
      // queue's wait list), after it; no other write holds a job.
      const withStore = writes.filter((w) => w.includes(k.intake));
      assert.equal(withStore.length, 2, 'one write for the records and jobs, one for the confirmations');
      const [together] = withStore;
      assert.ok(together!.indexOf(wait) > together!.indexOf(k.intake), 'the records’ command before the jobs');
      for (const c of comments) assert.ok(together!.includes(jobIdFor(c.id)), `job of ${c.id} in that write`);
      assert.equal(writes.filter((w) => w.includes(wait)).length, 1);
      for (const c of comments) {
        assert.equal(await store.intakeState(c.id), 'confirmed');
        assert.equal(await redis.exists(`${bullPrefix(prefix)}:moderate:${jobIdFor(c.id)}`), 1);
      }
    } finally {
      await queue.close();
      await closeRedisClient(client);
    }
  });

  test('a connection that does not hold its writes → the queue keeps a connection of its own, and intake stores before it enqueues', async () => {
    const prefix = fresh();
    const client = createRedisClient(TEST_REDIS_URL);
    const queue = createModerationQueue(TEST_REDIS_URL, prefix, { connection: client });
    try {
      assert.equal(queue.sendsAfterWritesOn, undefined);
    } finally {
      await queue.close();
      await closeRedisClient(client);
    }
  });
});
