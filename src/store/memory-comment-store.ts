/**
 * CommentStore in process memory, for the fast test layer and for embedding without Redis. It keeps
 * the Redis store's semantics: compare-and-set transitions, oldest-first lists by the same order
 * score and cursors, thread lists of published comments, and the repeat and known-author signals.
 * Records are copied in and out, as a round trip through Redis would. Two-phase intake is kept too;
 * Idempotency-Key bindings are not (they need the Redis scripts' atomicity across both stores), and an
 * outbox event is stored in `webhooks` when one is given.
 */
import { COMMENT_STATUSES, decidedByModerator, type Comment, type CommentStatus } from '../../models/comment.ts';
import {
  emptyTally,
  RETENTION_AUDIT,
  SPAM_AUTHORS_KEPT,
  type CommentStore,
  type ConfirmOptions,
  type CreateOptions,
  type AuditRecord,
  type EventBuilder,
  type IntakeState,
  type LaterDecision,
  type NewComment,
  type Page,
  type PageRequest,
  type ScoringRead,
  type ScoringSignals,
  type Transition,
  type TransitionResult,
  type WouldHaveTally,
} from './comment-store.ts';
import type { NewWebhookEvent, WebhookStore } from './webhook-store.ts';
import type { AuditStore } from './audit-store.ts';
import { authorHash, decodeCursor, emailHash, encodeCursor, newCommentId, orderScore, repeatTextHash } from './comment-records.ts';

interface Entry {
  comment: Comment;
  order: number;
  /** Unconfirmed intake: created (ms) until confirmed. */
  intakeSince?: number;
  /** A moderator's later decision on a comment with a would-have verdict. */
  reviewed?: LaterDecision;
  /**
   * The author hash as created (null without e-mail or IP address). Kept when retention blanks the IP address, as the
   * Redis record keeps its authorHash: a later decision on the comment still knows its author.
   */
  author: string | null;
}

const copy = (c: Comment): Comment => JSON.parse(JSON.stringify(c)) as Comment;
const blankToNull = (s: string | null | undefined): string | null => (s === undefined || s === null || s === '' ? null : s);

export class MemoryCommentStore implements CommentStore {
  private readonly entries = new Map<string, Entry>();
  private readonly textSeen = new Map<string, number>();
  private readonly publishedAuthors = new Set<string>();
  /**
   * Per site, "<siteId>\n<authorHash>" of the authors whose comment a moderator marked spam (and approved none since)
   * → the order of that comment; the newest SPAM_AUTHORS_KEPT per site are kept, as the Redis store keeps them.
   */
  private readonly spamAuthors = new Map<string, Map<string, number>>();
  /** emailHash → comment id → published-authors member; kept after a delete so erasure can still clear it. */
  private readonly authors = new Map<string, Map<string, string | null>>();
  /** Comments whose IP and user agent retention has not erased yet. */
  private readonly pii = new Set<string>();
  /** Site id → would-have tally. */
  private readonly tallies = new Map<string, WouldHaveTally>();
  private seq = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly webhooks?: WebhookStore,
    /** Where audit entries given with a move or a delete are recorded, in the same step; none without. */
    private readonly audit?: Pick<AuditStore, 'append'>,
  ) {}

  /** A confirmed comment's entry. */
  private live(id: string): Entry | undefined {
    const e = this.entries.get(id);
    return e && e.intakeSince === undefined ? e : undefined;
  }

  private confirmed(): Entry[] {
    return [...this.entries.values()].filter((e) => e.intakeSince === undefined);
  }

  async create(input: NewComment, opts: CreateOptions = {}): Promise<Comment> {
    const id = newCommentId();
    const now = this.now();
    const comment: Comment = {
      ...input,
      id,
      parentId: blankToNull(input.parentId),
      website: blankToNull(input.website),
      ip: blankToNull(input.ip),
      userAgent: blankToNull(input.userAgent),
      createdAt: new Date(now).toISOString(),
      status: 'pending',
      spamScore: null,
      reasons: [],
      decidedAt: null,
      decidedBy: null,
    };
    const hash = authorHash(input.email, comment.ip);
    this.entries.set(id, { comment: copy(comment), order: orderScore(now, ++this.seq), author: hash, ...(opts.intake ? { intakeSince: now } : {}) });
    if (comment.ip !== null || comment.userAgent !== null) this.pii.add(id);
    const byAuthor = this.authors.get(emailHash(input.email)) ?? new Map<string, string | null>();
    byAuthor.set(id, hash === null ? null : `${input.siteId}\n${hash}`);
    this.authors.set(emailHash(input.email), byAuthor);
    const seenKey = `${input.siteId}\n${repeatTextHash(input.comment)}`;
    this.textSeen.set(seenKey, (this.textSeen.get(seenKey) ?? 0) + 1);
    return copy(comment);
  }

  async confirm(id: string, _opts: ConfirmOptions = {}): Promise<boolean> {
    const e = this.entries.get(id);
    if (!e) return false;
    delete e.intakeSince;
    return true;
  }

  async discard(id: string): Promise<boolean> {
    const e = this.entries.get(id);
    if (!e || e.intakeSince === undefined) return false;
    this.entries.delete(id);
    this.pii.delete(id);
    this.authors.get(emailHash(e.comment.email))?.delete(id);
    this.forgetText(e.comment);
    return true;
  }

  /** A submission leaves the site's repeated-text tally (discarded, or its author erased). */
  private forgetText(c: Comment): void {
    const seenKey = `${c.siteId}\n${repeatTextHash(c.comment)}`;
    const seen = (this.textSeen.get(seenKey) ?? 1) - 1;
    if (seen > 0) this.textSeen.set(seenKey, seen);
    else this.textSeen.delete(seenKey);
  }

  async intakeState(id: string): Promise<IntakeState> {
    const e = this.entries.get(id);
    if (!e) return 'missing';
    return e.intakeSince === undefined ? 'confirmed' : 'intake';
  }

  async listStaleIntake(olderThanMs: number, limit: number): Promise<string[]> {
    const cutoff = this.now() - olderThanMs;
    return [...this.entries.values()]
      .filter((e) => e.intakeSince !== undefined && e.intakeSince <= cutoff)
      .sort((a, b) => a.order - b.order)
      .slice(0, limit)
      .map((e) => e.comment.id);
  }

  async get(id: string): Promise<Comment | null> {
    const e = this.live(id);
    return e ? copy(e.comment) : null;
  }

  async getForScoring(id: string): Promise<ScoringRead | null> {
    const comment = await this.get(id);
    return comment && { comment, signals: await this.scoringSignals(comment, { repeatable: true }) };
  }

  /** The outbox event for a change, built from the record as it will be after it. */
  private async build(build: EventBuilder | undefined, after: Comment): Promise<NewWebhookEvent | null> {
    return build ? ((await build(copy(after))) ?? null) : null;
  }

  async transition(id: string, t: Transition): Promise<TransitionResult> {
    for (;;) {
      const e = this.live(id);
      if (!e) return { outcome: 'missing' };
      const basis = e.comment;
      const previous = basis.status;
      if (!t.from.includes(previous) || (t.unlessDecidedByPerson && decidedByModerator(basis.decidedBy))) {
        return { outcome: 'conflict', comment: copy(basis) };
      }
      const after: Comment = {
        ...basis,
        status: t.to,
        decidedBy: t.by,
        decidedAt: new Date(this.now()).toISOString(),
        ...(t.spamScore !== undefined ? { spamScore: t.spamScore } : {}),
        ...(t.reasons !== undefined ? { reasons: [...t.reasons] } : {}),
        ...(t.wouldHave !== undefined ? { wouldHave: structuredClone(t.wouldHave) } : {}),
      };
      const event = t.event ? await this.build(t.event, after) : null;
      // Building the event may have let another move in: compare-and-set on the record it was built from.
      if (this.live(id) !== e || e.comment !== basis) continue;
      e.comment = after;
      if (event && this.webhooks) await this.webhooks.create(event);
      if (t.audit) await this.audit?.append({ ...t.audit, commentId: id, siteId: after.siteId, from: previous, to: t.to });
      this.countWouldHave(e, t);
      const hash = e.author;
      // A mode's publication does not make the author known: the signal follows what the filter would have done.
      const filterPublished = !t.wouldHave || t.wouldHave.verdict === 'publish';
      if (previous !== t.to && t.to === 'published' && hash && filterPublished) this.publishedAuthors.add(`${after.siteId}\n${hash}`);
      if (hash && decidedByModerator(t.by)) this.markAuthor(after.siteId, hash, t.to, e.order);
      return { outcome: 'applied', previous, comment: copy(after), ...(event && this.webhooks ? { eventId: event.id } : {}) };
    }
  }

  private tally(siteId: string): WouldHaveTally {
    let t = this.tallies.get(siteId);
    if (!t) this.tallies.set(siteId, (t = emptyTally()));
    return t;
  }

  /** The would-have tally after a move: a new verdict starts unreviewed; a moderator's decision moves it to its column. */
  private countWouldHave(e: Entry, t: Transition): void {
    const c = e.comment;
    if (t.wouldHave) {
      this.tally(c.siteId)[t.wouldHave.verdict].unreviewed++;
      return;
    }
    if (!c.wouldHave || !decidedByModerator(t.by) || (t.to !== 'published' && t.to !== 'spam')) return;
    const was = e.reviewed ?? 'unreviewed';
    if (was === t.to) return;
    const row = this.tally(c.siteId)[c.wouldHave.verdict];
    row[was]--;
    row[t.to]++;
    e.reviewed = t.to;
  }

  /** A deleted comment nobody reviewed leaves the tally; a reviewed one stays counted. */
  private forgetUnreviewed(e: Entry): void {
    if (e.comment.wouldHave && e.reviewed === undefined) this.tally(e.comment.siteId)[e.comment.wouldHave.verdict].unreviewed--;
  }

  async wouldHaveTally(siteId: string): Promise<WouldHaveTally> {
    return structuredClone(this.tallies.get(siteId) ?? emptyTally());
  }

  async wouldHaveSites(): Promise<string[]> {
    return [...this.tallies.keys()].sort();
  }

  private page(match: (c: Comment) => boolean, page: PageRequest): Page {
    const newest = page.order === 'newest';
    const bound = page.cursor ? decodeCursor(page.cursor) : newest ? Infinity : -Infinity;
    const sorted = this.confirmed()
      .filter((e) => (newest ? e.order < bound : e.order > bound) && match(e.comment))
      .sort((a, b) => (newest ? b.order - a.order : a.order - b.order));
    const slice = sorted.slice(0, page.limit);
    const more = sorted.length > page.limit;
    return { comments: slice.map((e) => copy(e.comment)), nextCursor: more ? encodeCursor(slice[slice.length - 1]!.order) : null };
  }

  async listByStatus(status: CommentStatus, page: PageRequest, siteId?: string): Promise<Page> {
    return this.page((c) => c.status === status && (!siteId || c.siteId === siteId), page);
  }

  async listThread(siteId: string, threadId: string, page: PageRequest): Promise<Page> {
    return this.page((c) => c.status === 'published' && c.siteId === siteId && c.threadId === threadId, page);
  }

  async delete(id: string, opts: { event?: EventBuilder; audit?: AuditRecord } = {}): Promise<Comment | null> {
    const e = this.entries.get(id);
    if (!e) return null;
    if (e.intakeSince !== undefined) {
      await this.discard(id);
      return null;
    }
    const basis = e.comment;
    const event = opts.event ? await this.build(opts.event, basis) : null;
    if (this.entries.get(id) !== e || e.comment !== basis) return this.delete(id, opts);
    this.entries.delete(id);
    if (event && this.webhooks) await this.webhooks.create(event);
    if (opts.audit) await this.audit?.append({ ...opts.audit, commentId: id, siteId: basis.siteId, from: basis.status, to: 'deleted' });
    this.pii.delete(id);
    this.forgetUnreviewed(e);
    return copy(e.comment);
  }

  async countByStatus(siteId?: string): Promise<Record<CommentStatus, number>> {
    const counts = Object.fromEntries(COMMENT_STATUSES.map((s) => [s, 0])) as Record<CommentStatus, number>;
    for (const { comment } of this.confirmed()) if (!siteId || comment.siteId === siteId) counts[comment.status]++;
    return counts;
  }

  async listStalePending(olderThanMs: number, limit: number): Promise<string[]> {
    const cutoff = (this.now() - olderThanMs) * 1000;
    return this.confirmed()
      .filter((e) => e.comment.status === 'pending' && e.order <= cutoff)
      .sort((a, b) => a.order - b.order)
      .slice(0, limit)
      .map((e) => e.comment.id);
  }

  async repeatCount(comment: Comment): Promise<number> {
    const seen = this.textSeen.get(`${comment.siteId}\n${repeatTextHash(comment.comment)}`);
    return Math.max(0, (seen ?? 1) - 1);
  }

  async authorHasPublished(comment: Comment): Promise<boolean> {
    const hash = authorHash(comment.email, comment.ip);
    return hash !== null && this.publishedAuthors.has(`${comment.siteId}\n${hash}`);
  }

  async scoringSignals(comment: Comment, opts: { repeatable: boolean }): Promise<ScoringSignals> {
    const hash = authorHash(comment.email, comment.ip);
    return {
      repeatCount: opts.repeatable ? await this.repeatCount(comment) : 0,
      authorHasPublished: await this.authorHasPublished(comment),
      authorMarkedSpam: hash !== null && (this.spamAuthors.get(comment.siteId)?.has(hash) ?? false),
    };
  }

  /** A person's decision on an author's comment: spam marks the author on the site, an approval clears the mark. */
  private markAuthor(siteId: string, hash: string, to: CommentStatus, order: number): void {
    let site = this.spamAuthors.get(siteId);
    if (to === 'spam') {
      if (!site) this.spamAuthors.set(siteId, (site = new Map<string, number>()));
      // By the author's newest comment marked, as includes/move.lua: a decision on an older one does not age the mark.
      const was = site.get(hash);
      if (was === undefined || was < order) site.set(hash, order);
      // As ZREMRANGEBYRANK: the lowest order score goes (ties by member). One insert passes the bound by one at most,
      // so one scan finds it: no copy and sort of the whole site's marks on every spam decision of a full site.
      if (site.size > SPAM_AUTHORS_KEPT) {
        let oldest = '';
        let min = Infinity;
        site.forEach((o, h) => {
          if (oldest === '' || o < min || (o === min && h < oldest)) {
            oldest = h;
            min = o;
          }
        });
        site.delete(oldest);
      }
    } else if (to === 'published') site?.delete(hash);
  }

  async erasePii(beforeMs: number, limit: number): Promise<number> {
    const cutoff = Math.floor(beforeMs) * 1000;
    const due = [...this.pii]
      .map((id) => this.entries.get(id)!)
      .filter((e) => e.order <= cutoff)
      .sort((a, b) => a.order - b.order)
      .slice(0, limit);
    for (const e of due) {
      e.comment = { ...e.comment, ip: null, userAgent: null };
      this.pii.delete(e.comment.id);
    }
    return due.length;
  }

  async deleteSpam(beforeMs: number, limit: number): Promise<{ examined: number; deleted: number }> {
    const cutoff = Math.floor(beforeMs) * 1000;
    const due = this.confirmed()
      .filter((e) => e.comment.status === 'spam' && e.order <= cutoff)
      .sort((a, b) => a.order - b.order)
      .slice(0, limit);
    let deleted = 0;
    for (const e of due) {
      // A comment a moderator marked spam only recently is kept for the full period from that decision.
      if (e.comment.decidedAt && Date.parse(e.comment.decidedAt) > beforeMs) continue;
      await this.delete(e.comment.id, { audit: RETENTION_AUDIT });
      deleted++;
    }
    return { examined: due.length, deleted };
  }

  async eraseAuthor(email: string): Promise<number> {
    const key = emailHash(email);
    const byAuthor = this.authors.get(key);
    if (!byAuthor) return 0;
    let erased = 0;
    for (const [id, member] of byAuthor) {
      const e = this.entries.get(id);
      // Its submission leaves the repeated-text tally (unconfirmed intake leaves it in discard, through delete).
      if (e && e.intakeSince === undefined) this.forgetText(e.comment);
      if (await this.delete(id)) erased++;
      if (member) {
        this.publishedAuthors.delete(member);
        const nl = member.indexOf('\n');
        this.spamAuthors.get(member.slice(0, nl))?.delete(member.slice(nl + 1));
      }
    }
    this.authors.delete(key);
    return erased;
  }

  async authorCommentIds(email: string): Promise<string[]> {
    return [...(this.authors.get(emailHash(email))?.keys() ?? [])];
  }

  async ping(): Promise<void> {}
}
