/**
 * A submission whose moderation queue sends its jobs on the store's own connection, after the store's commands
 * (ModerationQueue.sendsAfterWritesOn): the comment is stored and its job enqueued together, and confirmed only once
 * both were answered. Each failure still means "nothing kept": a refused job discards the intake, a refused comment
 * leaves no comment (its job points at none).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { MemoryCommentStore } from '../../src/store/memory-comment-store.ts';
import { MemoryModerationQueue } from '../../src/queue/memory-moderation-queue.ts';
import { submitComment, type SubmitDeps } from '../../src/comments/submit-comment.ts';
import { createFormTokens } from '../../src/comments/form-token.ts';
import { IdempotencySupersededError, type CreateOptions, type NewComment } from '../../src/store/comment-store.ts';
import { DependencyUnavailableError, ServiceError } from '../../src/errors.ts';
import { RedisUnavailableError } from '../../src/store/redis-client.ts';
import type { Comment } from '../../models/comment.ts';
import type { EnqueueOptions } from '../../src/queue/moderation-queue.ts';

const body = { threadId: 'article-1', name: 'Ann Reader', email: 'ann@example.com', comment: 'A thoughtful piece, thank you.' };
const meta = { siteId: 'default', ip: '203.0.113.9', userAgent: 'test' };

/** One connection object, shared by the store and the queue as the API's Redis connection is. */
const connection = {};

interface Setup {
  store: MemoryCommentStore;
  queue: MemoryModerationQueue;
  deps: SubmitDeps;
  /** What happened, in order: `create <id>` when the store was asked, `stored <id>` when it answered, `enqueue <id>`. */
  events: string[];
}

function setup(opts: { createFails?: Error; enqueueFails?: Error } = {}): Setup {
  const events: string[] = [];
  const store = new (class extends MemoryCommentStore {
    readonly connection = connection;
    override async create(input: NewComment, o: CreateOptions = {}): Promise<Comment> {
      events.push(`create ${o.id}`);
      // Answered a turn later, as Redis answers: the job is asked for before this.
      await new Promise((r) => setImmediate(r));
      if (opts.createFails) throw opts.createFails;
      const comment = await super.create(input, o);
      events.push(`stored ${comment.id}`);
      return comment;
    }
  })();
  const queue = new (class extends MemoryModerationQueue {
    readonly sendsAfterWritesOn = connection as never;
    override async enqueue(commentId: string, _o?: EnqueueOptions): Promise<void> {
      events.push(`enqueue ${commentId}`);
      if (opts.enqueueFails) throw opts.enqueueFails;
      return super.enqueue(commentId);
    }
  })();
  const deps: SubmitDeps = { store, queue, formTokens: createFormTokens('x'.repeat(32)), logger: pino({ level: 'silent' }) };
  return { store, queue, deps, events };
}

test('store and queue on one connection → the job is enqueued before the store answers, for the id the comment is stored under; then confirmed', async () => {
  const { store, queue, deps, events } = setup();
  const comment = await submitComment(deps, body, meta);
  assert.deepEqual(events, [`create ${comment.id}`, `enqueue ${comment.id}`, `stored ${comment.id}`]);
  assert.equal(await store.intakeState(comment.id), 'confirmed');
  assert.deepEqual(queue.waiting(), [comment.id]);
});

test('store and queue on one connection, the job refused → 503, the intake discarded: nothing kept', async () => {
  const { store, deps, events } = setup({ enqueueFails: new RedisUnavailableError(new Error('connection lost')) });
  await assert.rejects(submitComment(deps, body, meta), DependencyUnavailableError);
  const id = events[0]!.split(' ')[1]!;
  assert.equal(await store.intakeState(id), 'missing');
  assert.equal((await store.countByStatus()).pending, 0);
});

test('store and queue on one connection, the comment refused (its Idempotency-Key bound by another request) → idempotency_in_progress, no comment; its job points at none', async () => {
  const { store, deps, events } = setup({ createFails: new IdempotencySupersededError('another') });
  await assert.rejects(submitComment(deps, body, meta), (err: unknown) => err instanceof ServiceError && err.code === 'idempotency_in_progress');
  const id = events[0]!.split(' ')[1]!;
  assert.deepEqual(events, [`create ${id}`, `enqueue ${id}`]);
  assert.equal(await store.intakeState(id), 'missing');
});

test('store and queue on one connection, Redis gone for both → the store’s error (a 503), nothing kept', async () => {
  const down = new RedisUnavailableError(new Error('connection refused'));
  const { store, deps, events } = setup({ createFails: down, enqueueFails: down });
  await assert.rejects(submitComment(deps, body, meta), (err: unknown) => err === down);
  assert.equal(await store.intakeState(events[0]!.split(' ')[1]!), 'missing');
});

test('a queue on a connection of its own → the comment is stored first and its job enqueued once the store answered', async () => {
  const { store, deps, events } = setup();
  const own = new (class extends MemoryModerationQueue {
    readonly sendsAfterWritesOn = {} as never;
    override async enqueue(commentId: string): Promise<void> {
      events.push(`enqueue ${commentId}`);
      return super.enqueue(commentId);
    }
  })();
  const comment = await submitComment({ ...deps, queue: own }, body, meta);
  // The store chooses the id on this path.
  assert.deepEqual(events, ['create undefined', `stored ${comment.id}`, `enqueue ${comment.id}`]);
  assert.equal(await store.intakeState(comment.id), 'confirmed');
});
