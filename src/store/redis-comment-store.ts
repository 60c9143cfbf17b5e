/**
 * CommentStore on Redis. Every write is one Lua script (src/store/lua/comment-*.lua), so a move, its
 * index updates and its webhook event are atomic and compare-and-set: a retried job can't publish
 * twice or undo a moderator, and no decision is recorded without its event.
 *
 * Key layout: see redis-keys.ts (all of this store's keys share the `{P}` hash tag). The comment record is
 * one string, a MessagePack array of the Comment's fields as strings ('' stands for null), in the order and
 * with the extra fields listed in comment-record-codec.ts: `order` (list score), `rev` (bumped on every move,
 * so an event body built from a read can be checked against it), `authorHash` (see comment-records.ts
 * authorHash(); '' without an IP address), `intake` ('1' while unconfirmed), the would-have fields and `textHash`
 * (repeatTextHash() of the text, its field in the site's text-seen hash: the worker's batched read, getForScoring,
 * looks up the repeat count and the author's tests with the record in one script, comment-read-many-1.lua).
 * Records written before `textHash` was kept end before it; getForScoring answers them without signals, and the
 * worker asks scoringSignals for those. Records of the former layout (a hash with one field per record field) are
 * still read, by the scripts and here, and the scripts write every record they change in the current layout.
 * Retention finds the comments whose IP address and user agent are due in the status indexes, from the order
 * score `{P}:pii-erased-to` up to the cutoff (the former per-comment retention index `{P}:pii` is worked off first);
 * `{P}:author:<sha256(email)>` maps comment id -> "<siteId>\n<authorHash>" of every comment sent with
 * that e-mail, kept after deletion so an erasure finds it all; the author hash is written as its 32 bytes (as 64 hex
 * digits by earlier versions), so an entry stays within the 64 bytes that keep the hash a compact listpack.
 *
 * The order score is createdAt in ms * 1000 + (seq mod 1000): unique, increasing, and an exact
 * double, so it doubles as the pagination cursor.
 */
import { beforeTurnWrite, loadBufferScript, loadScript, scriptItemError, type RedisScript, type RedisClient } from './redis-client.ts';
import { redisKeys, type RedisKeys } from './redis-keys.ts';
import { eventArgs, NO_EVENT_ARGS } from './redis-webhook-store.ts';
import { COMMENT_STATUSES, WOULD_HAVE_VERDICTS, decidedByModerator, type Comment, type CommentStatus } from '../../models/comment.ts';
import {
  emptyTally,
  IdempotencySupersededError,
  LATER_DECISIONS,
  type WouldHaveTally,
  type CommentStore,
  type ConfirmOptions,
  type CreateOptions,
  type EventBuilder,
  type IntakeState,
  type NewComment,
  type Page,
  type PageRequest,
  type AuditRecord,
  type ScoringRead,
  type ScoringSignals,
  type Transition,
  type TransitionResult,
  RETENTION_AUDIT,
} from './comment-store.ts';
import { idempotencyRecordKey } from './redis-idempotency-store.ts';
import { auditArgs, NO_AUDIT_ARGS } from './redis-audit-store.ts';
import type { NewWebhookEvent } from './webhook-store.ts';
import { authorHash, decodeCursor, emailHash, encodeCursor, newCommentId, repeatTextHash } from './comment-records.ts';
import { COMMENT_FIELDS, F, commentFromRecord, decodeRecord, fromFields } from './comment-record-codec.ts';
import { turnBatcher } from './turn-batcher.ts';
import { packStrings } from './msgpack-strings.ts';

// Re-exported: callers have imported these from here.
export { authorHash, newCommentId };

/** Redis answered WRONGTYPE: the key holds a record of the former (hash) layout. */
const isWrongType = (err: unknown): boolean => err instanceof Error && err.message.startsWith('WRONGTYPE');

/**
 * The record at `key` as values by position (comment-record-codec.ts), or null when there is none. A record of
 * the former layout (a hash) is read as such; a key of any other type holds no comment and reads as none, as the
 * scripts' readRecord (includes/record.lua) reads it, so a stray key cannot fail a listing or a job.
 */
export async function readRecord(redis: RedisClient, key: string): Promise<string[] | null> {
  try {
    const buf = await redis.getBuffer(key);
    return buf ? decodeRecord(buf) : null;
  } catch (err) {
    if (!isWrongType(err)) throw err;
    const h = await redis.hgetall(key).catch((e: unknown): Record<string, string> => {
      if (isWrongType(e)) return {};
      throw e;
    });
    return h.id ? fromFields(h) : null;
  }
}

export interface RedisCommentStoreOptions {
  /** How long webhook events recorded with a change are kept, s. */
  eventTtlSeconds: number;
  /**
   * Gather the reads, scoring signals and moves asked for in one turn of the event loop into one command each
   * (see turn-batcher.ts): the worker's jobs in flight reach the same step together. Each comment's read and move
   * stays its own (a move is still a compare-and-set of that comment alone); only the round trip is shared.
   */
  batch: boolean;
}

/** The confirmed comment a record holds, with its revision; null for none and for unconfirmed intake. */
function confirmedOf(rec: string[] | null): { comment: Comment; rev: string } | null {
  const comment = !rec || rec[F.intake] ? null : commentFromRecord(rec);
  return comment ? { comment, rev: rec![F.rev] || '0' } : null;
}

/** The repeat count from the text's submissions on the site (this one included; nil when unseen). */
const repeatCountOf = (seen: string | null | false): number => Math.max(0, Number(seen || 1) - 1);

let isoMs = NaN;
let isoText = '';

/** `new Date(ms).toISOString()`, remembered for the last ms asked: the moves of one batch mostly share it. */
function isoTime(ms: number): string {
  if (ms !== isoMs) {
    isoText = new Date(ms).toISOString();
    isoMs = ms;
  }
  return isoText;
}

/** How often a move whose event was built from a record that changed meanwhile is tried again. */
const STALE_RETRIES = 8;

/** The record as a move will leave it (the script sets exactly these fields). */
function applyMove(c: Comment, t: Transition, decidedAt: string): Comment {
  // One copy, then its fields set (a spread of a temporary object per optional field cost a copy each).
  const after = { ...c };
  after.status = t.to;
  after.decidedBy = t.by;
  after.decidedAt = decidedAt;
  if (t.spamScore !== undefined) after.spamScore = t.spamScore;
  if (t.reasons !== undefined) after.reasons = t.reasons;
  if (t.wouldHave !== undefined) after.wouldHave = t.wouldHave;
  return after;
}

export class RedisCommentStore implements CommentStore {
  private readonly k: RedisKeys;
  private readonly createManyScript: RedisScript<string[][]>;
  private readonly confirmScript: RedisScript<string[]>;
  private readonly discardScript: RedisScript<number>;
  private readonly transitionScript: RedisScript<string[]>;
  private readonly deleteScript: RedisScript<string>;
  private readonly erasePiiScript: RedisScript<number>;
  private readonly eraseOneScript: RedisScript<number>;
  private readonly signalsScript: RedisScript<[string | null, number, number]>;
  /** Set when the store batches (see RedisCommentStoreOptions.batch). */
  private readonly batched?: {
    read(key: string): Promise<Buffer | null>;
    /**
     * The record as GET answers it, the submissions of its text, the known-author test and the author-marked-spam test
     * (see comment-read-many-1.lua).
     */
    readForScoring(key: string): Promise<[Buffer | null, Buffer | null, number, number]>;
    signals(args: [string, string, string, string, string]): Promise<[string | null, number, number]>;
    move(packed: Buffer): Promise<string[]>;
  };
  private readonly eventTtlSeconds: number;
  /** The revision each record returned by get() was read at, so a transition given it needs no second read. */
  private readonly revisions = new WeakMap<Comment, string>();

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    opts: Partial<RedisCommentStoreOptions> = {},
  ) {
    this.k = redisKeys(prefix);
    this.eventTtlSeconds = opts.eventTtlSeconds ?? 8 * 24 * 3600;
    this.createManyScript = loadScript(redis, 'comment-create-many', 1);
    this.confirmScript = loadScript(redis, 'comment-confirm', 1);
    this.discardScript = loadScript(redis, 'comment-discard', 2);
    this.transitionScript = loadScript(redis, 'comment-transition', 1);
    this.deleteScript = loadScript(redis, 'comment-delete', 1);
    this.erasePiiScript = loadScript(redis, 'comment-erase-pii', 1);
    this.eraseOneScript = loadScript(redis, 'comment-erase-one', 1);
    this.signalsScript = loadScript(redis, 'comment-signals', 3);
    if (opts.batch) {
      const signalsMany = loadScript<Array<string | number | null>>(redis, 'comment-signals-many', 1);
      const transitionMany = loadScript<string[][]>(redis, 'comment-transition-many', 1);
      const readMany = loadBufferScript<Array<Buffer | number | null>>(redis, 'comment-read-many', 1);
      this.batched = {
        read: turnBatcher((keys: string[]) => redis.mgetBuffer(...keys)),
        readForScoring: turnBatcher(async (keys: string[]) => {
          const flat = await readMany(this.k.seq, this.k.data, ...keys);
          const out = new Array<[Buffer | null, Buffer | null, number, number]>(keys.length);
          for (let i = 0; i < keys.length; i++) {
            out[i] = [flat[4 * i] as Buffer | null, flat[4 * i + 1] as Buffer | null, flat[4 * i + 2] as number, flat[4 * i + 3] as number];
          }
          return out;
        }),
        signals: turnBatcher(async (items: Array<[string, string, string, string, string]>) => {
          const args: string[] = [String(items.length)];
          for (const item of items) args.push(...item);
          const flat = await signalsMany(this.k.seq, ...args);
          return items.map((_, i) => [flat[3 * i] as string | null, flat[3 * i + 1] as number, flat[3 * i + 2] as number]);
        }),
        // Each move arrives packed: its record key, then comment-transition-1.lua's arguments (see transition).
        move: turnBatcher((moves: Buffer[]) => transitionMany(this.k.seq, String(moves.length), ...moves)),
      };
    }
  }

  private key(id: string) {
    return this.k.comment(id);
  }

  async create(input: NewComment, opts: CreateOptions = {}): Promise<Comment> {
    const id = newCommentId();
    const now = Date.now();
    const comment: Comment = {
      ...input,
      id,
      createdAt: new Date(now).toISOString(),
      status: 'pending',
      spamScore: null,
      reasons: [],
      decidedAt: null,
      decidedBy: null,
    };
    const site = input.siteId;
    const known = authorHash(input.email, input.ip);
    // The record's values by position; the script fills in v, order, rev, the author hash and intake.
    const values: string[] = new Array<string>(COMMENT_FIELDS.length).fill('');
    values[F.id] = id;
    values[F.siteId] = site;
    values[F.threadId] = input.threadId;
    values[F.parentId] = input.parentId ?? '';
    values[F.name] = input.name;
    values[F.email] = input.email;
    values[F.website] = input.website ?? '';
    values[F.comment] = input.comment;
    values[F.createdAt] = comment.createdAt;
    values[F.status] = 'pending';
    values[F.reasons] = '[]';
    values[F.ip] = input.ip ?? '';
    values[F.userAgent] = input.userAgent ?? '';
    values[F.signals] = JSON.stringify(input.signals);
    const claim = opts.idempotency;
    const emailKey = emailHash(input.email);
    // One value per submission (each argument cost a few strings to send), stored with the others of this turn.
    const [outcome, bound] = await this.createBatch(
      packStrings([
        id,
        String(now),
        repeatTextHash(input.comment),
        opts.intake ? '1' : '',
        claim?.owner ?? '',
        claim?.replaces ?? '',
        // The author hash as its 32 bytes, not 64 hex digits: an entry of at most 64 bytes keeps the author's hash a listpack.
        known ? Buffer.concat([Buffer.from(`${site}\n`), Buffer.from(known, 'hex')]) : `${site}\n`,
        known ?? '',
        site,
        emailKey,
        claim ? idempotencyRecordKey(this.prefix, claim.scope, claim.key) : '',
        // The values from id to signals in their stored form; the script adds the others around them without unpacking these.
        packStrings(values.slice(F.id, F.signals + 1)),
      ]),
    );
    // A submission whose own part of the call failed in the script fails alone, classified as its own call's error was.
    if (outcome === 'error') throw scriptItemError(bound ?? 'comment-create-many: script error');
    if (outcome !== 'created') throw new IdempotencySupersededError(bound || null);
    return comment;
  }

  /**
   * The submissions of one turn of the event loop (requests handled in the same turn, each in a callback of its own)
   * go to Redis in one script call, sent after the turn's I/O callbacks (with the turn's other commands, when the
   * connection holds its writes for the turn). Each caller's promise settles with its own comment's answer; if the
   * call fails, every caller in it gets the error, exactly as its own call would have failed.
   */
  private readonly createBatch = turnBatcher(
    (batch: Buffer[]): Promise<string[][]> => this.createManyScript(this.k.intake, this.k.data, String(batch.length), ...batch),
    200,
    (flush) => beforeTurnWrite(this.redis, flush),
  );

  /**
   * The confirmations asked for by concurrent requests (whose jobs were queued in one batch, so they ask in the same
   * turn) go to Redis in one script call. Each caller's promise settles with its own comment's answer; if the call
   * fails, every caller in it gets the error, exactly as its own call would have failed.
   */
  confirm(id: string, opts: ConfirmOptions = {}): Promise<boolean> {
    return this.confirmBatch({ id, opts });
  }

  private readonly confirmBatch = turnBatcher(async (batch: Array<{ id: string; opts: ConfirmOptions }>): Promise<boolean[]> => {
    const args: string[] = [this.k.data, String(batch.length)];
    for (const { id, opts } of batch) {
      const claim = opts.idempotency;
      // The answer is recorded only for a claim: without one, the id alone.
      if (!claim) args.push(id, '');
      else {
        args.push(
          id,
          '1',
          idempotencyRecordKey(this.prefix, claim.scope, claim.key),
          claim.owner,
          opts.answer ? String(opts.answer.status) : '',
          opts.answer ? JSON.stringify(opts.answer.body) : '',
        );
      }
    }
    const results = await this.confirmScript(this.k.intake, ...args);
    return results.map((r) => r === 'confirmed');
  });

  async discard(id: string): Promise<boolean> {
    const rec = await readRecord(this.redis, this.key(id));
    // The text's hash as the record keeps it; hashed again only for a record of an earlier version, which keeps none.
    const textHash = rec?.[F.textHash] || repeatTextHash(rec?.[F.comment] ?? '');
    const email = rec?.[F.email] ?? '';
    const removed = await this.discardScript(this.key(id), this.k.intake, this.k.data, id, textHash, emailHash(email));
    return removed === 1;
  }

  async intakeState(id: string): Promise<IntakeState> {
    // Through the turn's batched read, like get(): the worker asks for both on every unconfirmed look.
    const rec = await this.readValues(this.key(id));
    if (!rec?.[F.status]) return 'missing';
    return rec[F.intake] ? 'intake' : 'confirmed';
  }

  async listStaleIntake(olderThanMs: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.k.intake, '-inf', Date.now() - olderThanMs, 'LIMIT', 0, limit);
  }

  async get(id: string): Promise<Comment | null> {
    const basis = await this.read(id);
    if (basis) this.revisions.set(basis.comment, basis.rev);
    return basis?.comment ?? null;
  }

  async getForScoring(id: string): Promise<ScoringRead | null> {
    if (!this.batched) {
      const comment = await this.get(id);
      return comment && { comment, signals: null };
    }
    const key = this.key(id);
    const [buf, seen, known, markedSpam] = await this.batched.readForScoring(key);
    // No record in the reply: none, or one of the former layout (a hash), read again on its own.
    const basis = confirmedOf(buf ? decodeRecord(buf) : await readRecord(this.redis, key));
    if (!basis) return null;
    this.revisions.set(basis.comment, basis.rev);
    const signals = known < 0 ? null : { repeatCount: repeatCountOf(seen && seen.toString('latin1')), authorHasPublished: known === 1, authorMarkedSpam: markedSpam === 1 };
    return { comment: basis.comment, signals };
  }

  /** The confirmed record and its revision, for building an event that must match it exactly. */
  private async read(id: string): Promise<{ comment: Comment; rev: string } | null> {
    return confirmedOf(await this.readValues(this.key(id)));
  }

  /**
   * readRecord, batched with the other reads of this turn when the store batches: MGET answers nil for a missing
   * key and for a record of the former layout (a hash) alike, so such a record is read again on its own.
   */
  private async readValues(key: string): Promise<string[] | null> {
    if (!this.batched) return readRecord(this.redis, key);
    const buf = await this.batched.read(key);
    return buf ? decodeRecord(buf) : readRecord(this.redis, key);
  }

  async transition(id: string, t: Transition): Promise<TransitionResult> {
    for (let attempt = 0; attempt < STALE_RETRIES; attempt++) {
      const decidedMs = Date.now();
      const decidedAt = isoTime(decidedMs);
      let rev = '';
      let event: NewWebhookEvent | null = null;
      let site = '';
      // The record after the move, when the move is checked against a record this store holds (by revision).
      let after: Comment | undefined;
      if (t.event || t.audit) {
        // The caller's copy on the first attempt, if this store read it and it allows the move; the script
        // answers 'stale' if the record changed since, and the next attempt reads it afresh.
        const current = attempt === 0 && t.current && t.from.includes(t.current.status) ? t.current : undefined;
        const readAt = current && this.revisions.get(current);
        const basis = current && readAt !== undefined ? { comment: current, rev: readAt } : await this.read(id);
        if (!basis) return { outcome: 'missing' };
        if (!t.from.includes(basis.comment.status) || (t.unlessDecidedByPerson && decidedByModerator(basis.comment.decidedBy))) {
          return { outcome: 'conflict', comment: basis.comment };
        }
        rev = basis.rev;
        site = basis.comment.siteId;
        after = applyMove(basis.comment, t, decidedAt);
        if (t.event) {
          // A builder that knows its answer at once (a site without a webhook, from the registry's cache) costs no promise.
          const built = t.event(after);
          event = built instanceof Promise ? await built : built;
        }
      }
      const ev = event ? eventArgs(event, this.eventTtlSeconds) : NO_EVENT_ARGS;
      // Serialised once, for the move and for its audit entry.
      const reasons = t.reasons === undefined ? '' : JSON.stringify(t.reasons);
      const wouldHave = t.wouldHave ? JSON.stringify(t.wouldHave) : '';
      const au = t.audit ? this.auditOf(t.audit, id, site, t, decidedMs, decidedAt, reasons, wouldHave) : NO_AUDIT_ARGS;
      // The record key first, then comment-transition-1.lua's arguments: one array, sent as it is or packed. Written
      // out element by element, so that it is built at its final size (spreads grew it step by step on every move).
      const args = [
        this.key(id),
        this.k.data,
        t.from.length === 1 ? t.from[0]! : t.from.join(','),
        t.to,
        t.by,
        decidedAt,
        t.spamScore === undefined ? '' : String(t.spamScore),
        reasons,
        rev,
        ev[0]!,
        ev[1]!,
        ev[2]!,
        ev[3]!,
        ev[4]!,
        ev[5]!,
        ev[6]!,
        wouldHave,
        t.wouldHave?.verdict ?? '',
        decidedByModerator(t.by) ? '1' : '',
        au[0]!,
        au[1]!,
        au[2]!,
        au[3]!,
        t.unlessDecidedByPerson ? '1' : '',
        // The move applies only to the record at `rev`, which this store holds when `after` is set: the reply need
        // not carry it back (decoding it cost the worker an allocation-heavy parse per job for a copy it already has).
        after ? '1' : '',
      ];
      const reply = this.batched ? await this.batched.move(packStrings(args)) : await this.transitionScript(...args);
      const outcome = reply[0];
      const previous = reply[1];
      // A batched move that raised an error in the script fails on its own, classified as its own call's error was.
      if (outcome === 'error') throw scriptItemError(previous ?? 'script error', `moving comment ${id} failed`);
      if (outcome === 'stale') continue;
      if (outcome === 'applied' && after && reply.length === 2) {
        return event ? { outcome: 'applied', previous: previous as CommentStatus, comment: after, eventId: event.id } : { outcome: 'applied', previous: previous as CommentStatus, comment: after };
      }
      const flat = reply.slice(2);
      const comment = outcome === 'missing' ? null : commentFromRecord(flat);
      if (!comment) return { outcome: 'missing' };
      if (outcome === 'conflict') return { outcome: 'conflict', comment };
      return { outcome: 'applied', previous: previous as CommentStatus, comment, ...(event ? { eventId: event.id } : {}) };
    }
    throw new Error(`comment ${id} kept changing while being moved`);
  }

  /** The move's audit entry (auditArgs), given the move's reasons and would-have as the move sends them. */
  private auditOf(audit: AuditRecord, id: string, site: string, t: Transition, ms: number, at: string, reasons: string, wouldHave: string): string[] {
    const entry = { ...audit, commentId: id, siteId: site, to: t.to };
    // The move's JSON stands in for the entry's only when the entry holds the very same reasons and would-have (the
    // worker's decisions); any other entry (a moderator's: its own [] and no move reasons) is serialised on its own.
    if (audit.reasons !== t.reasons || t.reasons === undefined || audit.wouldHave !== t.wouldHave) return auditArgs(entry, ms, at);
    return auditArgs(entry, ms, at, { reasons, wouldHave: wouldHave || undefined });
  }

  private async page(key: string, page: PageRequest): Promise<Page> {
    const bound = page.cursor ? `(${decodeCursor(page.cursor)}` : null;
    const raw =
      page.order === 'newest'
        ? await this.redis.zrevrangebyscore(key, bound ?? '+inf', '-inf', 'WITHSCORES', 'LIMIT', 0, page.limit + 1)
        : await this.redis.zrangebyscore(key, bound ?? '-inf', '+inf', 'WITHSCORES', 'LIMIT', 0, page.limit + 1);
    const ids: string[] = [];
    const scores: number[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      ids.push(raw[i]!);
      scores.push(Number(raw[i + 1]));
    }
    const more = ids.length > page.limit;
    const pageIds = ids.slice(0, page.limit);
    const pipeline = this.redis.pipeline();
    for (const id of pageIds) pipeline.getBuffer(this.key(id));
    const results = (await pipeline.exec()) ?? [];
    // A record of the former layout (a hash) answers GET with WRONGTYPE: read it as such.
    const records = await Promise.all(
      results.map(async ([err, buf], i): Promise<string[] | null> => {
        if (!err) return buf ? decodeRecord(buf as Buffer) : null;
        return isWrongType(err) ? readRecord(this.redis, this.key(pageIds[i]!)) : null;
      }),
    );
    const comments = records.map((rec) => (rec ? commentFromRecord(rec) : null)).filter((c): c is Comment => c !== null);
    return { comments, nextCursor: more ? encodeCursor(scores[page.limit - 1]!) : null };
  }

  listByStatus(status: CommentStatus, page: PageRequest, siteId?: string): Promise<Page> {
    const key = siteId ? this.k.siteStatus(siteId, status) : this.k.status(status);
    return this.page(key, page);
  }

  listThread(siteId: string, threadId: string, page: PageRequest): Promise<Page> {
    return this.page(this.k.thread(siteId, threadId), page);
  }

  async delete(id: string, opts: { event?: EventBuilder; audit?: AuditRecord } = {}): Promise<Comment | null> {
    for (let attempt = 0; attempt < STALE_RETRIES; attempt++) {
      const basis = await this.read(id);
      if (!basis) {
        // Unconfirmed intake has no public existence, but a delete still removes it.
        await this.discard(id);
        return null;
      }
      const event = opts.event ? await opts.event(basis.comment) : null;
      const audit = opts.audit ? auditArgs({ ...opts.audit, commentId: id, siteId: basis.comment.siteId, to: 'deleted' }, Date.now()) : NO_AUDIT_ARGS;
      const result = await this.deleteScript(this.key(id), this.k.data, basis.rev, ...(event ? eventArgs(event, this.eventTtlSeconds) : NO_EVENT_ARGS), ...audit);
      if (result === 'stale') continue;
      return result === 'deleted' ? basis.comment : null;
    }
    throw new Error(`comment ${id} kept changing while being deleted`);
  }

  async countByStatus(siteId?: string): Promise<Record<CommentStatus, number>> {
    const pipeline = this.redis.pipeline();
    for (const s of COMMENT_STATUSES) {
      pipeline.zcard(siteId ? this.k.siteStatus(siteId, s) : this.k.status(s));
    }
    const res = (await pipeline.exec()) ?? [];
    const counts = {} as Record<CommentStatus, number>;
    COMMENT_STATUSES.forEach((s, i) => {
      counts[s] = Number(res[i]?.[1] ?? 0);
    });
    return counts;
  }

  async wouldHaveTally(siteId: string): Promise<WouldHaveTally> {
    const raw = await this.redis.hgetall(this.k.wouldHave(siteId));
    const tally = emptyTally();
    for (const v of WOULD_HAVE_VERDICTS) for (const d of LATER_DECISIONS) tally[v][d] = Number(raw[`${v}:${d}`] ?? 0);
    return tally;
  }

  async wouldHaveSites(): Promise<string[]> {
    return (await this.redis.smembers(this.k.wouldHaveSites)).sort();
  }

  async listStalePending(olderThanMs: number, limit: number): Promise<string[]> {
    const cutoff = (Date.now() - olderThanMs) * 1000;
    return this.redis.zrangebyscore(this.k.status('pending'), '-inf', cutoff, 'LIMIT', 0, limit);
  }

  async repeatCount(comment: Comment): Promise<number> {
    const seen = await this.redis.hget(
      this.k.textSeen(comment.siteId),
      repeatTextHash(comment.comment),
    );
    return Math.max(0, Number(seen ?? 1) - 1);
  }

  async authorHasPublished(comment: Comment): Promise<boolean> {
    const member = authorHash(comment.email, comment.ip);
    if (!member) return false;
    return (await this.redis.sismember(this.k.publishedAuthors(comment.siteId), member)) === 1;
  }

  async scoringSignals(comment: Comment, opts: { repeatable: boolean }): Promise<ScoringSignals> {
    const member = authorHash(comment.email, comment.ip);
    if (!opts.repeatable && !member) return { repeatCount: 0, authorHasPublished: false, authorMarkedSpam: false };
    const args: [string, string, string, string, string] = [
      this.k.textSeen(comment.siteId),
      this.k.publishedAuthors(comment.siteId),
      this.k.spamAuthors(comment.siteId),
      opts.repeatable ? repeatTextHash(comment.comment) : '',
      member ?? '',
    ];
    const [seen, published, spam] = this.batched ? await this.batched.signals(args) : await this.signalsScript(...args);
    return { repeatCount: repeatCountOf(seen), authorHasPublished: published === 1, authorMarkedSpam: spam === 1 };
  }

  erasePii(beforeMs: number, limit: number): Promise<number> {
    return this.erasePiiScript(this.k.pii, this.k.data, String(Math.floor(beforeMs) * 1000), limit);
  }

  async deleteSpam(beforeMs: number, limit: number): Promise<{ examined: number; deleted: number }> {
    const ids = await this.redis.zrangebyscore(this.k.status('spam'), '-inf', Math.floor(beforeMs) * 1000, 'LIMIT', 0, limit);
    let deleted = 0;
    for (const id of ids) {
      // A comment a moderator marked spam only recently is kept for the full period from that decision.
      const rec = await readRecord(this.redis, this.key(id));
      const decidedAt = rec?.[F.decidedAt];
      if (!rec || (decidedAt && Date.parse(decidedAt) > beforeMs)) continue;
      const audit = auditArgs({ ...RETENTION_AUDIT, commentId: id, siteId: rec[F.siteId]!, to: 'deleted' }, Date.now());
      if ((await this.deleteScript(this.key(id), this.k.data, '', ...NO_EVENT_ARGS, ...audit)) === 'deleted') deleted++;
    }
    return { examined: ids.length, deleted };
  }

  async eraseAuthor(email: string): Promise<number> {
    const authorKey = this.k.author(emailHash(email));
    let erased = 0;
    // In batches, so an author with many comments never holds Redis for long.
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(authorKey, cursor, 'COUNT', 200);
      cursor = next;
      for (let i = 0; i < flat.length; i += 2) {
        const id = flat[i]!;
        let removed = await this.eraseOneScript(authorKey, this.k.data, id, '');
        if (removed < 0) {
          // A record stored before records kept their text's hash: its submission leaves the repeated-text tally by
          // the hash of its text, read here (only for such a record, not one read per comment erased).
          const rec = await readRecord(this.redis, this.key(id));
          removed = await this.eraseOneScript(authorKey, this.k.data, id, rec ? repeatTextHash(rec[F.comment]!) : '');
        }
        erased += removed;
      }
    } while (cursor !== '0');
    await this.redis.del(authorKey);
    return erased;
  }

  authorCommentIds(email: string): Promise<string[]> {
    return this.redis.hkeys(this.k.author(emailHash(email)));
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }
}
