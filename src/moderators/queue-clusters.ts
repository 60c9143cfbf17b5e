/**
 * Bulk moderation for a principal: the clusters of a queue (flagged or pending) among the comments it may
 * see, and one decision on many comments that only touches those still queued and in its sites.
 * The work is bounded: the newest CLUSTER_WINDOW comments of the queue are grouped, older ones wait.
 */
import { canModerateSite, type Principal } from '../../models/moderator.ts';
import type { Comment } from '../../models/comment.ts';
import type { CommentStore } from '../store/comment-store.ts';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { clusterFeatures, groupClusters, type ClusterFeatures, type CommentCluster } from '../spam/comment-clusters.ts';
import { moveByModerator, type DecisionActor, type DecisionDeps, type ModeratorDecision } from '../comments/moderate-decision.ts';
import {
  CLUSTER_WINDOW,
  EXCERPT_LENGTH,
  MAX_CLUSTERS,
  QUEUE_STATUSES,
  type BulkDecisionResult,
  type ClusterList,
  type QueueStatus,
} from '../contract/clusters.ts';

/** Comments read per store call. */
const READ_BATCH = 500;
/** Comments whose features are computed between two turns of the event loop, so other requests are not held up. */
const FEATURE_SLICE = 200;
/** Decisions made at once: enough to hide Redis round trips, few enough not to crowd other requests out. */
const DECISION_CONCURRENCY = 8;

/** The newest `limit` comments of one list (one site's queue or every site's), newest first; `more` if older ones remain. */
async function newest(store: CommentStore, status: QueueStatus, limit: number, siteId?: string): Promise<{ comments: Comment[]; more: boolean }> {
  const comments: Comment[] = [];
  let cursor: string | undefined;
  while (comments.length < limit) {
    const page = await store.listByStatus(status, { limit: Math.min(READ_BATCH, limit - comments.length), cursor, order: 'newest' }, siteId);
    comments.push(...page.comments);
    if (page.nextCursor === null) return { comments, more: false };
    cursor = page.nextCursor;
  }
  return { comments, more: true };
}

/** The newest CLUSTER_WINDOW comments of the queue on `sites`, oldest first. */
async function queueWindow(store: CommentStore, status: QueueStatus, sites: 'all' | string[], window: number): Promise<{ comments: Comment[]; truncated: boolean }> {
  if (sites === 'all') {
    const { comments, more } = await newest(store, status, window);
    return { comments: comments.reverse(), truncated: more };
  }
  const lists = await Promise.all(sites.map((s) => newest(store, status, window, s)));
  const merged = lists.flatMap((l) => l.comments).sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  const truncated = merged.length > window || lists.some((l) => l.more);
  return { comments: merged.slice(0, window).reverse(), truncated };
}

/** The clusters of these comments, computed in slices that leave the event loop to other requests in between. */
async function clustersOf(comments: readonly Comment[]): Promise<CommentCluster[]> {
  const features: ClusterFeatures[] = [];
  for (let i = 0; i < comments.length; i += FEATURE_SLICE) {
    if (i > 0) await nextTurn();
    for (const c of comments.slice(i, i + FEATURE_SLICE)) features.push(clusterFeatures(c));
  }
  return groupClusters(features);
}

/**
 * The clusters of a queue among the comments on `sites` (already checked against the principal), among its
 * newest `window` comments (CLUSTER_WINDOW; smaller only in tests).
 */
export async function listClusters(store: CommentStore, status: QueueStatus, sites: 'all' | string[], window = CLUSTER_WINDOW): Promise<ClusterList> {
  const { comments, truncated } = await queueWindow(store, status, sites, window);
  const byId = new Map(comments.map((c) => [c.id, c]));
  const clusters = (await clustersOf(comments))
    .slice(0, MAX_CLUSTERS)
    .map((k) => {
      const members = k.commentIds.map((id) => byId.get(id)!);
      const first = members[0]!;
      return {
        id: k.id,
        kind: k.kind,
        key: k.key,
        count: members.length,
        commentIds: k.commentIds,
        sites: [...new Set(members.map((c) => c.siteId))].sort(),
        example: {
          id: first.id,
          siteId: first.siteId,
          name: first.name,
          excerpt: first.comment.length > EXCERPT_LENGTH ? `${first.comment.slice(0, EXCERPT_LENGTH)}…` : first.comment,
          createdAt: first.createdAt,
          spamScore: first.spamScore,
        },
      };
    });
  return { status, considered: comments.length, truncated, clusters };
}

/** The comment ids of the cluster `id` as listing the queue now shows it, or null when there is no such cluster. */
export async function clusterMembers(store: CommentStore, status: QueueStatus, sites: 'all' | string[], id: string): Promise<string[] | null> {
  const { comments } = await queueWindow(store, status, sites, CLUSTER_WINDOW);
  return (await clustersOf(comments)).find((k) => k.id === id)?.commentIds ?? null;
}

/**
 * One decision on many comments. Each comment is moved only if it is still queued (pending or flagged,
 * compare-and-set) and on a site the principal moderates; each move is announced, recorded in the audit
 * trail and taught to the site's classifier, exactly as a single decision is.
 */
export async function bulkDecision(
  deps: DecisionDeps,
  principal: Principal,
  ids: readonly string[],
  decision: ModeratorDecision,
  actor: DecisionActor,
): Promise<BulkDecisionResult> {
  const unique = [...new Set(ids)];
  const results: BulkDecisionResult['results'] = new Array<BulkDecisionResult['results'][number]>(unique.length);
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const i = next++;
      const id = unique[i]!;
      const current = await deps.store.get(id);
      if (!current || !canModerateSite(principal, current.siteId)) {
        results[i] = { id, outcome: 'not_found', status: null };
        continue;
      }
      const moved = await moveByModerator(deps, id, decision, actor, QUEUE_STATUSES);
      if (moved.outcome === 'missing') results[i] = { id, outcome: 'not_found', status: null };
      else results[i] = { id, outcome: moved.outcome === 'applied' ? 'decided' : 'skipped', status: moved.comment.status };
    }
  };
  await Promise.all(Array.from({ length: Math.min(DECISION_CONCURRENCY, unique.length) }, worker));
  const count = (o: string) => results.filter((r) => r.outcome === o).length;
  return {
    decision: decision === 'approve' ? 'approve' : 'spam',
    decided: count('decided'),
    skipped: count('skipped'),
    notFound: count('not_found'),
    results,
  };
}
