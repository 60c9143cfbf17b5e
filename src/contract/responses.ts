/**
 * What the API answers: error bodies, comment views, pages, stats, check and feedback results, webhook
 * deliveries and events. The TypeScript types of the views come from these schemas; types owned by
 * other layers are checked against them at compile time (see the end of this file).
 */
import { z } from 'zod';
import { COMMENT_STATUSES, WOULD_HAVE_VERDICTS } from '../../models/comment.ts';
import { MODERATION_MODES } from '../../models/site.ts';
import type { WebhookDelivery as StoredDelivery } from '../store/webhook-store.ts';
import type { WebhookEvent as SentEvent } from '../webhooks/webhook-event.ts';
import type { CheckResult as ComputedCheck } from '../comments/check-comment.ts';
import type { CommentEventType } from '../comments/comment-events.ts';
import { documented } from './registry.ts';

// Always written by the service as toISOString(); documented, not re-validated.
const dateTime = documented(z.string(), { format: 'date-time' });
const count = z.number().int().min(0);

export const ErrorBody = documented(z.object({ error: z.string(), message: z.string() }), { id: 'Error' });

export const ValidationErrorBody = documented(
  z.object({ error: z.literal('validation_failed'), message: z.string(), fields: z.record(z.string(), z.string()) }),
  { id: 'ValidationError' },
);

export const Accepted = documented(z.strictObject({ id: z.string(), status: z.literal('pending') }), { id: 'Accepted' });

export const PublicComment = documented(
  z.strictObject({
    id: z.string(),
    threadId: z.string(),
    parentId: z.string().nullable(),
    name: z.string(),
    website: z.string().nullable(),
    comment: z.string(),
    createdAt: dateTime,
    status: z.enum(['published', 'pending']),
  }),
  { id: 'PublicComment' },
);
export type PublicComment = z.output<typeof PublicComment>;

export const WouldHave = documented(
  z.strictObject({
    mode: z.enum(['shadow', 'hold-all']),
    verdict: documented(z.enum(WOULD_HAVE_VERDICTS), { description: 'What the filter would have done: publish, flag for a moderator, or spam' }),
    spamScore: z.number().min(0).max(1),
    reasons: z.array(z.string()),
  }),
  { id: 'WouldHave', description: "Present when the site's shadow or hold-all mode decided instead of the filter" },
);

export const FullComment = documented(
  z.strictObject({
    id: z.string(),
    siteId: z.string(),
    threadId: z.string(),
    parentId: z.string().nullable(),
    name: z.string(),
    email: z.string(),
    website: z.string().nullable(),
    comment: z.string(),
    createdAt: dateTime,
    status: z.enum(COMMENT_STATUSES),
    spamScore: z.number().min(0).max(1).nullable(),
    reasons: z.array(z.string()),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    decidedAt: dateTime.nullable(),
    decidedBy: z
      .string()
      .nullable()
      .describe('`classifier`, `moderator` (MODERATOR_TOKEN), a named moderator\'s name, `rule:<name>` or `site-backend:<site>`'),
    wouldHave: WouldHave.optional(),
    parent: documented(
      z
        .strictObject({ id: z.string(), excerpt: z.string().nullable(), author: z.string().nullable() })
        .nullable()
        .optional(),
      { description: 'The comment this one replies to (list and single reads only); excerpt and author are null when it is gone' },
    ),
    threadUrl: documented(z.string().nullable().optional(), {
      description: "Where the comment's thread is read (list and single reads only): the permalink a site backend gave, a thread id that is a URL, or a path on the site's first origin",
    }),
  }),
  { id: 'FullComment' },
);
export type FullComment = z.output<typeof FullComment>;

export const ModerationModeView = documented(z.enum(MODERATION_MODES), {
  id: 'ModerationMode',
  description: '`normal`: the filter decides. `shadow`: every comment is published, `hold-all`: every comment is held for a moderator; in both the filter still scores each comment and its verdict is kept',
});

const laterDecisions = z.strictObject({
  published: documented(count, { description: 'A moderator later approved it' }),
  spam: documented(count, { description: 'A moderator later marked it spam' }),
  unreviewed: documented(count, { description: 'No moderator decision yet' }),
});

export const ShadowReport = documented(
  z.strictObject({
    siteId: z.string(),
    mode: ModerationModeView,
    wouldHave: documented(z.strictObject({ publish: laterDecisions, flag: laterDecisions, spam: laterDecisions }), {
      description: 'Comments a shadow or hold-all mode decided, by what the filter would have done (rows) and what moderators later decided (columns)',
    }),
    reviewed: count,
    unreviewed: count,
    agreed: documented(count, { description: 'Reviewed comments where the filter would have published what a moderator approved, or sent to spam what a moderator marked spam' }),
    missedSpam: documented(count, { description: 'The filter would have published a comment a moderator marked spam' }),
    wronglySpam: documented(count, { description: 'The filter would have sent to spam a comment a moderator approved' }),
  }),
  { id: 'ShadowReport' },
);

const page = <T extends z.ZodType>(item: T) => z.strictObject({ comments: z.array(item), nextCursor: z.string().nullable() });
export const PublicPage = documented(page(PublicComment), { id: 'PublicPage' });
export const FullPage = documented(page(FullComment), { id: 'FullPage' });

export const Stats = documented(
  z.object({
    counts: z.object({ pending: count, published: count, flagged: count, spam: count }),
    model: z.object({ version: z.string(), baseVersion: z.string(), baseDocuments: z.number().int(), learnedVersion: z.number().int() }),
    learned: z.object({
      documents: z.number().int(),
      spam: z.number().int(),
      ham: z.number().int(),
      phrases: documented(z.number().int().min(0).nullable(), { description: "Site phrases (hashed word triples) the site's decisions hold, bounded per site; null without siteId" }),
    }),
    adaptation: documented(
      z.object({
        observed: documented(z.number().int().min(0), { description: 'Comments fed to adaptation so far' }),
        windowDocuments: documented(z.number().min(0).nullable(), { description: 'Soft documents in the recent-comments window (decays)' }),
        windowSpamShare: documented(z.number().min(0).max(1).nullable(), { description: 'Mean spam posterior over the window' }),
        features: documented(z.number().int().min(0).nullable(), { description: 'Distinct features with soft counts (bounded)' }),
        siteSpamRate: documented(z.number().min(0).max(1).nullable(), { description: "The site's observed spam rate the scorer's prior follows" }),
      }),
      { description: "Semi-supervised EM over the site's unlabelled comments. Per-site fields are null without siteId." },
    ),
    shadow: documented(z.array(ShadowReport), {
      description: 'Per site in scope (or the one asked for) that is in shadow or hold-all mode or has comments one decided: the would-have verdicts against moderators\' later decisions',
    }),
  }),
  { id: 'Stats' },
);

export const CheckResult = documented(
  z.strictObject({
    spamScore: z.number().min(0).max(1),
    verdict: documented(z.enum(['publish', 'flag', 'reject']), {
      description: 'What the worker would do: publish, flag for a moderator, or reject as spam (per-site thresholds apply)',
    }),
    reasons: z.array(z.string()),
  }),
  { id: 'CheckResult' },
);

export const FeedbackResult = documented(
  z.strictObject({
    siteId: z.string(),
    label: z.enum(['spam', 'ham']),
    learned: documented(z.boolean(), { description: 'False when this lesson was already learned' }),
    commentId: documented(z.string().optional(), { description: 'With `commentId` in the request: the stored comment decided on' }),
    status: documented(z.enum(COMMENT_STATUSES).optional(), { description: 'With `commentId`: the comment\'s state after the decision' }),
    decidedBy: documented(z.string().nullable().optional(), {
      description: 'With `commentId`: `site-backend:<site>`, or the moderator whose decision already agreed',
    }),
  }),
  { id: 'FeedbackResult' },
);

export const WebhookEventType = documented(
  z.enum(['comment.published', 'comment.flagged', 'comment.spam', 'comment.approved', 'comment.deleted']),
  { id: 'WebhookEventType' },
);

export const DeliveryStatus = z.enum(['pending', 'retrying', 'delivered', 'dead']);

export const WebhookDelivery = documented(
  z.strictObject({
    id: documented(z.string(), { description: 'The event id (X-Webhook-Id)' }),
    siteId: z.string(),
    commentId: z.string(),
    type: WebhookEventType,
    createdAt: dateTime,
    seq: z.number().int().min(1),
    status: DeliveryStatus,
    attempts: count,
    lastAttemptAt: dateTime.nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: dateTime.nullable(),
    url: z.string().nullable(),
  }),
  { id: 'WebhookDelivery' },
);

export const WebhookDeliveryList = documented(z.strictObject({ deliveries: z.array(WebhookDelivery) }), { id: 'WebhookDeliveryList' });

export const WebhookEvent = documented(
  z.object({
    id: z.string(),
    type: WebhookEventType,
    createdAt: dateTime,
    siteId: z.string(),
    comment: documented(FullComment.partial({ email: true, ip: true, userAgent: true }), {
      id: 'WebhookComment',
      description: 'The full record, without email, ip and userAgent unless the site opted in to them.',
    }),
  }),
  {
    id: 'WebhookEvent',
    description:
      "The body POSTed to a site's webhook URL. `comment.email` is present only if the site opted in to emails, `comment.ip` and `comment.userAgent` only if it opted in to client info.",
  },
);

export const Health = documented(z.object({ status: z.literal('ok') }), { id: 'Health' });
export const Readiness = documented(z.object({ status: z.literal('ready') }), { id: 'Readiness' });
export const FormToken = documented(z.strictObject({ token: z.string() }), { id: 'FormToken' });

// Compile-time checks that the types other layers own still match what the document promises.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ContractChecks = [
  Assert<Same<z.output<typeof WebhookDelivery>, StoredDelivery>>,
  Assert<Same<z.output<typeof WebhookEventType>, CommentEventType>>,
  Assert<Same<z.output<typeof CheckResult>, ComputedCheck>>,
  Assert<Same<z.output<typeof WebhookEvent>, SentEvent>>,
];
