/** Request and response schemas of bulk moderation: clusters of queued comments and decisions on many comments at once. */
import { z } from 'zod';
import { documented } from './registry.ts';
import { CLUSTER_KINDS } from '../spam/comment-clusters.ts';
import { COMMENT_STATUSES } from '../../models/comment.ts';

/** Comments of a queue considered for clusters, newest first; older ones wait for the next look. */
export const CLUSTER_WINDOW = 5_000;
/** Clusters one answer lists at most (the largest). */
export const MAX_CLUSTERS = 100;
/** Characters of the example comment shown. */
export const EXCERPT_LENGTH = 200;
/** Comments one bulk decision may name. */
export const MAX_BULK_IDS = CLUSTER_WINDOW;

export const QUEUE_STATUSES = ['flagged', 'pending'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

export const BULK_DECISIONS = ['spam', 'approve'] as const;

const ClusterExample = documented(
  z.strictObject({
    id: z.string(),
    siteId: z.string(),
    name: z.string(),
    excerpt: z.string().describe(`The comment's first ${EXCERPT_LENGTH} characters`),
    createdAt: z.string(),
    spamScore: z.number().min(0).max(1).nullable(),
  }),
  { id: 'ClusterExample', description: 'The oldest comment of the cluster' },
);

export const ClusterView = documented(
  z.strictObject({
    id: z.string().describe('Stable for the same kind and key: use it with POST /api/v1/moderation/clusters/{id}/decision'),
    kind: z.enum(CLUSTER_KINDS),
    key: z
      .string()
      .describe('What the comments share: the network (`203.0.113.0/24`, `2001:db8:1:2::/64`), the link or e-mail domain, or for `near-duplicate` the id of its oldest comment'),
    count: z.number().int().min(2),
    commentIds: z.array(z.string()).describe('Oldest first (comments on different sites within the same millisecond in either order)'),
    sites: z.array(z.string()).describe('The sites its comments were sent to'),
    example: ClusterExample,
  }),
  { id: 'Cluster' },
);

export const ClusterList = documented(
  z.strictObject({
    status: z.enum(QUEUE_STATUSES),
    considered: z.number().int().min(0).describe(`Queued comments grouped: the newest ${CLUSTER_WINDOW} at most`),
    truncated: z.boolean().describe(`True when the queue holds more than ${CLUSTER_WINDOW} comments and older ones were left out`),
    clusters: z.array(ClusterView).describe(`Largest first, at most ${MAX_CLUSTERS}`),
  }),
  { id: 'ClusterList' },
);

const note = z.string().max(500).optional().describe("Why, in the moderator's words; recorded in the audit trail of every comment");

export const BulkDecisionRequest = documented(
  z.strictObject({
    ids: z.array(z.string().min(1).max(64)).min(1).max(MAX_BULK_IDS),
    decision: z.enum(BULK_DECISIONS),
    note,
  }),
  { id: 'BulkDecisionRequest' },
);

export const ClusterDecisionRequest = documented(
  z.strictObject({
    decision: z.enum(BULK_DECISIONS),
    status: z.enum(QUEUE_STATUSES).optional().describe('The queue the cluster was listed from (default flagged)'),
    site: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional().describe('The site the cluster was listed for'),
    note,
  }),
  { id: 'ClusterDecisionRequest' },
);

export const BulkDecisionResult = documented(
  z.strictObject({
    decision: z.enum(BULK_DECISIONS),
    decided: z.number().int().min(0),
    skipped: z.number().int().min(0).describe('Already out of the queue (decided by someone or something else), left as they are'),
    notFound: z.number().int().min(0).describe('Missing, deleted, or on a site the caller does not moderate'),
    results: z.array(
      z.strictObject({
        id: z.string(),
        outcome: z.enum(['decided', 'skipped', 'not_found']),
        status: z.enum(COMMENT_STATUSES).nullable().describe('The status after the request; null when not found'),
      }),
    ),
  }),
  { id: 'BulkDecisionResult' },
);
export type BulkDecisionResult = z.output<typeof BulkDecisionResult>;
export type ClusterList = z.output<typeof ClusterList>;
