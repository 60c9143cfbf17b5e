/**
 * The fast test stack: the real app from createApp(deps) on in-memory stores and queues, listening
 * on a free loopback port, no Redis. Scoring runs when a test calls drain(), through the same
 * moderateComment job the BullMQ worker runs; webhook events are stored and queued, not delivered.
 */
import { waitFor } from './wait-for.ts';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Express } from 'express';
import { createApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createFormTokens } from '../../src/comments/form-token.ts';
import { createSiteRegistry, type SiteRegistry } from '../../src/sites/site-registry.ts';
import { createWebhookSink } from '../../src/webhooks/webhook-sink.ts';
import { loadModelOrExplain } from '../../src/runtime/load-model.ts';
import type { FailureLimiter, RateLimiter } from '../../src/http/rate-limit.ts';
import type { CommentEventSink, CommentEventType } from '../../src/comments/comment-events.ts';
import { MemoryCommentStore } from '../../src/store/memory-comment-store.ts';
import { MemoryLearningStore } from '../../src/store/memory-learning-store.ts';
import { MemorySiteStore } from '../../src/store/memory-site-store.ts';
import { MemoryIdempotencyStore } from '../../src/store/memory-idempotency-store.ts';
import { MemoryWebhookStore } from '../../src/store/memory-webhook-store.ts';
import { MemoryModerationQueue } from '../../src/queue/memory-moderation-queue.ts';
import { MemoryWebhookQueue } from '../../src/queue/memory-webhook-queue.ts';
import { moderateComment } from '../../workers/moderate-comment.ts';
import { runSitesCommand } from '../../src/cli/sites.ts';
import { runModeratorsCommand } from '../../src/cli/moderators.ts';
import { MemoryModeratorStore } from '../../src/store/memory-moderator-store.ts';
import { MemoryAuditStore } from '../../src/store/memory-audit-store.ts';
import { MemorySiteRulesStore } from '../../src/store/memory-site-rules-store.ts';
import { createSiteRulesCache, type SiteRulesCache } from '../../src/sites/site-rules-cache.ts';

export interface MemoryAppOptions {
  flagThreshold?: number;
  rejectThreshold?: number;
  rateLimitPerMinute?: number;
  env?: Record<string, string>;
}

export interface CreatedSite {
  id: string;
  apiKey: string;
  webhookSecret: string;
}

/** A fixed one-minute window per key, like the Redis limiter; the clock is the stack's. */
function memoryRateLimiter(perMinute: number, now: () => number): RateLimiter {
  const windows = new Map<string, { start: number; hits: number }>();
  return {
    async consume(key) {
      const t = now();
      let w = windows.get(key);
      if (!w || t - w.start >= 60_000) windows.set(key, (w = { start: t, hits: 0 }));
      w.hits++;
      if (w.hits <= perMinute) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000)) };
    },
  };
}

/** Failures per key within a fixed window, then blocked until the window ends, like the Redis limiter. */
function memoryFailureLimiter(limit: number, windowSeconds: number, now: () => number): FailureLimiter {
  const windows = new Map<string, { start: number; fails: number }>();
  const current = (key: string) => {
    const w = windows.get(key);
    return w && now() - w.start < windowSeconds * 1000 ? w : undefined;
  };
  return {
    async blockedFor(key) {
      const w = current(key);
      return w && w.fails >= limit ? Math.max(1, Math.ceil((w.start + windowSeconds * 1000 - now()) / 1000)) : 0;
    },
    async fail(key) {
      const w = current(key) ?? { start: now(), fails: 0 };
      w.fails++;
      windows.set(key, w);
    },
  };
}

// Loading the shared model is the slowest part of a stack; every stack in a file shares it.
let sharedModel: ReturnType<typeof loadModelOrExplain> | undefined;

export interface MemoryStack {
  /** The Express app itself, for tests that enumerate its routes. */
  app: Express;
  origin: string;
  baseUrl: string;
  moderatorToken: string;
  config: Config;
  store: MemoryCommentStore;
  learning: MemoryLearningStore;
  sites: MemorySiteStore;
  moderators: MemoryModeratorStore;
  audit: MemoryAuditStore;
  siteRules: MemorySiteRulesStore;
  /** The worker's compiled rules: like another process's, it sees API changes within its 2 s check. */
  workerRules: SiteRulesCache;
  registry: SiteRegistry;
  idempotency: MemoryIdempotencyStore;
  queue: MemoryModerationQueue;
  webhooks: { store: MemoryWebhookStore; queue: MemoryWebhookQueue };
  /** Every event the app and the scoring job emitted, in order. */
  events: [CommentEventType, string][];
  /** Polls until `check` returns a truthy value or the timeout passes. */
  waitFor<T>(check: () => Promise<T | undefined | null | false>, timeoutMs?: number): Promise<T>;
  /** Moves the stack's clock (idempotency windows, rate limits) forward. */
  advanceClock(ms: number): void;
  /** Scores every waiting comment, as a worker would; returns their ids. */
  drain(): Promise<string[]>;
  /** `npm run sites -- …` in process against this stack's site store; the app sees changes within SITE_REFRESH_MS, as in production. */
  sitesCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  addSite(name: string, extra?: string[]): Promise<CreatedSite>;
  /** `npm run moderators -- …` in process against this stack's moderator store; `stdin` is what is piped in. */
  moderatorsCli(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

export async function startMemoryStack(opts: MemoryAppOptions = {}): Promise<MemoryStack> {
  const moderatorToken = `mod-${randomBytes(12).toString('hex')}`;
  const base = loadConfig({
    MODERATOR_TOKEN: moderatorToken,
    RATE_LIMIT_PER_MINUTE: String(opts.rateLimitPerMinute ?? 0),
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const config: Config = {
    ...base,
    ...(opts.flagThreshold !== undefined ? { flagThreshold: opts.flagThreshold } : {}),
    ...(opts.rejectThreshold !== undefined ? { rejectThreshold: opts.rejectThreshold } : {}),
  };
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let offset = 0;
  const now = () => Date.now() + offset;
  sharedModel ??= loadModelOrExplain(config.spamModelPath);
  const { model, info } = sharedModel;

  const audit = new MemoryAuditStore(now);
  // Audit entries of moves and deletes are recorded by the comment store, with the change.
  const store = new MemoryCommentStore(Date.now, undefined, audit);
  const learning = new MemoryLearningStore();
  const sites = new MemorySiteStore();
  const moderators = new MemoryModeratorStore(now);
  const siteRules = new MemorySiteRulesStore(now);
  // The API and the worker each keep their own compiled rules, as separate processes would.
  const apiRules = createSiteRulesCache(siteRules, { now });
  const workerRules = createSiteRulesCache(siteRules, { now });
  const idempotency = new MemoryIdempotencyStore(config.idempotencyTtlSeconds, now);
  const queue = new MemoryModerationQueue();
  const webhooks = { store: new MemoryWebhookStore(), queue: new MemoryWebhookQueue() };
  const registry = await createSiteRegistry(sites, { refreshMs: config.siteRefreshMs, defaults: { flag: config.flagThreshold, reject: config.rejectThreshold } });
  const events: [CommentEventType, string][] = [];
  const sink = createWebhookSink({ sites: registry, store: webhooks.store, queue: webhooks.queue, logger });
  const recorded: CommentEventSink = {
    async emit(type, comment) {
      events.push([type, comment.id]);
      await sink.emit(type, comment);
    },
  };
  queue.process(
    moderateComment({
      store,
      learning,
      model: () => model,
      thresholds: (siteId) => registry.thresholds(siteId),
      mode: (siteId) => registry.mode(siteId),
      logger,
      events: recorded,
      audit,
      rules: workerRules,
    }),
  );

  const app = createApp({
    store,
    learning,
    queue,
    formTokens: createFormTokens(config.formTokenSecret ?? randomBytes(32).toString('hex')),
    logger,
    moderatorToken,
    modelInfo: () => info,
    events: recorded,
    webhooks,
    rateLimiter: config.rateLimitPerMinute > 0 ? memoryRateLimiter(config.rateLimitPerMinute, now) : undefined,
    trustProxy: config.trustProxy,
    corsOrigins: config.corsOrigins,
    sites: registry,
    siteStore: sites,
    siteRateLimiter: config.siteRateLimitPerMinute > 0 ? memoryRateLimiter(config.siteRateLimitPerMinute, now) : undefined,
    idempotency,
    model: () => model,
    moderators,
    audit,
    rulesStore: siteRules,
    rules: apiRules,
    sessionTtlSeconds: config.sessionTtlSeconds,
    // The demo article (GET /) only when a test sets DEMO_PAGE=1, as `npm run api` does.
    demoPage: config.demoPage ?? false,
    // Off unless a test asks for it, so tests that send wrong tokens on purpose are not slowed.
    authFailures:
      opts.env?.AUTH_FAILURE_LIMIT !== undefined && config.authFailureLimit > 0
        ? memoryFailureLimiter(config.authFailureLimit, config.authFailureWindowSeconds, now)
        : undefined,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sitesCli = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runSitesCommand(
      args,
      sites,
      { stdout: { write: (s: string) => void (stdout += s) }, stderr: { write: (s: string) => void (stderr += s) } },
      { allowPrivateWebhooks: config.webhooks.allowPrivate, rules: siteRules },
    );
    return { code, stdout, stderr };
  };

  return {
    app,
    origin,
    baseUrl: `${origin}/`,
    moderatorToken,
    config,
    store,
    learning,
    sites,
    moderators,
    audit,
    siteRules,
    workerRules,
    registry,
    idempotency,
    queue,
    webhooks,
    events,
    advanceClock: (ms) => void (offset += ms),
    waitFor,
    drain: () => queue.drain(),
    sitesCli,
    async addSite(name, extra = []) {
      const r = await sitesCli(['add', '--name', name, ...extra, '--json']);
      if (r.code !== 0) throw new Error(`sites add failed: ${r.stderr}`);
      return JSON.parse(r.stdout) as CreatedSite;
    },
    async moderatorsCli(args, stdin = '') {
      let stdout = '';
      let stderr = '';
      const code = await runModeratorsCommand(args, moderators, {
        stdout: { write: (s: string) => void (stdout += s) },
        stderr: { write: (s: string) => void (stderr += s) },
        readStdin: async () => stdin,
      });
      return { code, stdout, stderr };
    },
    async stop() {
      registry.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
