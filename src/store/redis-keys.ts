/**
 * The Redis key layout of the whole service, in one place, designed for Redis Cluster: keys that one
 * Lua script touches together share a hash tag (the `{...}` part), so they live in one slot.
 * P is REDIS_PREFIX (default `cm`).
 *
 * Comments, Idempotency-Key records, the webhook outbox and the audit trail: tag `{P}`. One tag because a
 * comment's creation binds its idempotency record, and every state change moves it between the status indexes
 * and records its webhook event and its audit entry in the same script (transactional outbox). The comments
 * already share one slot, so the audit trail joining them costs no spread it had.
 *   {P}:seq                                STRING INCR counter that makes list scores unique
 *   {P}:c:<id>                             STRING the comment: a MessagePack array of its fields as strings (see
 *                                                 comment-record-codec.ts), plus order, rev, authorHash, `intake` while it
 *                                                 is stored but its job not yet confirmed, and wouldHave, wouldHaveVerdict,
 *                                                 wouldHaveReviewed (moderation modes), and textHash (its text-seen field,
 *                                                 so the worker reads the repeat count with the record; '' in records of
 *                                                 earlier versions). Earlier versions kept a HASH with
 *                                                 the same field names; those are still read, and rewritten on change
 *   {P}:intake                             ZSET   ids of unconfirmed comments by creation time (ms)
 *   {P}:status:<status>                    ZSET   confirmed ids by order score, every site
 *   {P}:site:<siteId>:status:<status>      ZSET   the same, one site
 *   {P}:thread:<siteId>:<threadId>         ZSET   published ids by order score
 *   {P}:site:<siteId>:text-seen            HASH   sha256(normalised text) -> submissions seen (a discard, or the author's
 *                                                 erasure, takes a submission out)
 *   {P}:site:<siteId>:published-authors    SET    authorHash (e-mail + stable IP prefix) of authors with a published comment
 *   {P}:site:<siteId>:spam-authors         ZSET   authorHash -> order score of their newest comment marked: authors whose
 *                                                 comment a moderator marked spam (a moderator's approval of one of theirs
 *                                                 removes them, and so does the author's erasure); the newest 10 000 per
 *                                                 site are kept (SPAM_AUTHORS_KEPT in comment-store.ts)
 *   {P}:site:<siteId>:would-have           HASH   '<publish|flag|spam>:<published|spam|unreviewed>' -> comments: the filter's
 *                                                 verdicts that a moderation mode overrode, against moderators' later decisions
 *   {P}:would-have-sites                   SET    ids of the sites with such a tally
 *   {P}:pii-erased-to                      STRING the order score up to which retention has blanked IP addresses and user
 *                                                 agents (it finds the comments after it in the status indexes)
 *   {P}:pii                                ZSET   written by earlier versions: ids by order score of comments still holding
 *                                                 an IP address or user agent; retention works it off first
 *   {P}:author:<sha256(lower-cased email)> HASH   comment id -> "<siteId>\n<authorHash as its 32 bytes>" of every comment
 *                                                 sent with that e-mail, kept after deletion so an erasure can find it all
 *   {P}:idem:<sha256(scope, key)>          HASH   fingerprint, state pending|done, owner, leaseUntil, commentId, status, body
 *   {P}:wh:e:<eventId>                     HASH   webhook delivery record + `body` (the exact JSON sent)
 *   {P}:wh:c:<commentId>:seq               STRING INCR: the comment's event sequence
 *   {P}:wh:c:<commentId>:events            HASH   seq -> event id
 *   {P}:wh:c:<commentId>:done              SET    sequence numbers finished (delivered or dead)
 *   {P}:wh:recent                          ZSET   event ids by creation time, every site
 *   {P}:wh:site:<siteId>:recent            ZSET   event ids by creation time, one site
 *   {P}:wh:outbox                          ZSET   unfinished event ids -> when the sweeper should make sure a job exists
 *   {P}:audit:…                            the audit trail (entries and their indexes; see redis-audit-store.ts)
 *
 * Learned classifier counts: tag `{P.learn}` (one script updates a site's counts and the global totals).
 *   {P.learn}:site:<siteId>:spam|ham|docs|labels, {P.learn}:version, {P.learn}:docs
 *   {P.learn}:site:<siteId>:adapt:spam|ham|docs (site adaptation), {P.learn}:adapt:observed
 * Moderators: tag `{P.mods}` (an account, its name, token and session indexes change together; see
 *   redis-moderator-store.ts).
 * Sites: tag `{P.sites}` (a site, its key index, the id set and the version change together).
 *   {P.sites}:ids, {P.sites}:s:<id>, {P.sites}:key:<sha256>, {P.sites}:version
 *   {P.sites}:rules:<id> HASH a site's rules (rules JSON, revision, updatedAt), {P.sites}:rules-version STRING INCR
 *   on every rules write (see redis-site-rules-store.ts)
 * BullMQ queues: prefix `{P.bull}`, so each queue's keys share a slot as BullMQ requires.
 * Rate limits: `P:rl:<name><key>`, single-key counters, no tag needed.
 * Generated secrets: `P:secret:<name>`, single keys (redis-secret-store.ts).
 *
 * On a Redis Cluster (REDIS_CLUSTER=1) each of these tags is a slot of its own, usually on different masters. So:
 * scripts take a key of their slot in KEYS and build the others from the slot's prefix (ARGV), never from
 * another tag; a pipeline or MGET stays within one tag; SCAN sees one node only (nothing in the service
 * scans; the tests' key cleanup scans every master).
 */

export interface RedisKeys {
  /** `{P}:`, the start of every key in the comment slot; Lua scripts build index keys from it. */
  data: string;
  comment(id: string): string;
  seq: string;
  intake: string;
  status(status: string): string;
  siteStatus(siteId: string, status: string): string;
  thread(siteId: string, threadId: string): string;
  textSeen(siteId: string): string;
  publishedAuthors(siteId: string): string;
  spamAuthors(siteId: string): string;
  wouldHave(siteId: string): string;
  wouldHaveSites: string;
  pii: string;
  author(emailHash: string): string;
  idempotency(hash: string): string;
  /** A key in the comment slot that is never written: stands in for "no idempotency record" in scripts. */
  noIdempotency: string;
  webhookEvent(eventId: string): string;
  webhookDone(commentId: string): string;
  webhookEvents(commentId: string): string;
  webhookRecent: string;
  webhookSiteRecent(siteId: string): string;
  webhookOutbox: string;
  /** `{P.learn}:` */
  learn: string;
  /** `{P.sites}:` */
  sites: string;
  /** `{P.mods}:` */
  moderators: string;
  /** `{P}:audit:`, in the comment slot: moves and deletes write their entry in the same script. */
  audit: string;
  /** BullMQ prefix. */
  bull: string;
  /** Rate limiter key prefix (without the limiter's name). */
  rateLimit: string;
}

export function redisKeys(prefix: string): RedisKeys {
  const d = `{${prefix}}:`;
  return {
    data: d,
    comment: (id) => `${d}c:${id}`,
    seq: `${d}seq`,
    intake: `${d}intake`,
    status: (s) => `${d}status:${s}`,
    siteStatus: (site, s) => `${d}site:${site}:status:${s}`,
    thread: (site, thread) => `${d}thread:${site}:${thread}`,
    textSeen: (site) => `${d}site:${site}:text-seen`,
    publishedAuthors: (site) => `${d}site:${site}:published-authors`,
    spamAuthors: (site) => `${d}site:${site}:spam-authors`,
    wouldHave: (site) => `${d}site:${site}:would-have`,
    wouldHaveSites: `${d}would-have-sites`,
    pii: `${d}pii`,
    author: (hash) => `${d}author:${hash}`,
    idempotency: (hash) => `${d}idem:${hash}`,
    noIdempotency: `${d}idem:-`,
    webhookEvent: (id) => `${d}wh:e:${id}`,
    webhookDone: (cid) => `${d}wh:c:${cid}:done`,
    webhookEvents: (cid) => `${d}wh:c:${cid}:events`,
    webhookRecent: `${d}wh:recent`,
    webhookSiteRecent: (site) => `${d}wh:site:${site}:recent`,
    webhookOutbox: `${d}wh:outbox`,
    learn: `{${prefix}.learn}:`,
    sites: `{${prefix}.sites}:`,
    moderators: `{${prefix}.mods}:`,
    audit: `${d}audit:`,
    bull: `{${prefix}.bull}`,
    rateLimit: `${prefix}:rl:`,
  };
}
