/**
 * Verdicts for backends that keep their own comments (POST /api/v1/check, Akismet comment-check):
 * the same scoring the worker does — shared model, this site's learned counts, signals — on a
 * transient comment that is never stored.
 */
import type { Comment, SubmissionContext } from '../../models/comment.ts';
import type { CommentStore } from '../store/comment-store.ts';
import type { LearningStore } from '../store/learning-store.ts';
import type { SpamModel } from '../spam/spam-model.ts';
import { decide, type Thresholds, type Verdict } from '../spam/policy.ts';
import { scoreComment } from './score-comment.ts';
import type { CheckedText } from './validate-check.ts';
import { applySiteRules } from './apply-site-rules.ts';
import type { SiteRulesCache } from '../sites/site-rules-cache.ts';

export interface CheckDeps {
  store: CommentStore;
  learning: LearningStore;
  model: () => SpamModel;
  thresholds: (siteId: string) => Thresholds;
  /** Each site's compiled rules, checked before the classifier as the worker does; without it none apply. */
  rules?: SiteRulesCache | undefined;
}

/** The answer of POST /api/v1/check. `verdict` is what the worker would do: publish, flag for a moderator, or reject as spam. */
export interface CheckResult {
  spamScore: number;
  verdict: Verdict;
  reasons: string[];
}

export interface CheckInput extends CheckedText {
  siteId: string;
  ip: string | null;
  userAgent: string | null;
  signals: SubmissionContext;
}

/** The comment as the scorer sees it; never stored, so its id is a placeholder. */
export function transientComment(input: CheckInput): Comment {
  return {
    id: 'transient',
    siteId: input.siteId,
    threadId: input.threadId ?? '',
    parentId: null,
    name: input.name,
    email: input.email,
    website: input.website,
    comment: input.comment,
    createdAt: new Date().toISOString(),
    status: 'pending',
    spamScore: null,
    reasons: [],
    ip: input.ip,
    userAgent: input.userAgent,
    decidedAt: null,
    decidedBy: null,
    signals: input.signals,
  };
}

/**
 * A site rule that matches decides the verdict and the reasons, as in the worker; the classifier's
 * score is still reported (the answer always carries one), for information only.
 */
export async function checkComment(deps: CheckDeps, input: CheckInput): Promise<CheckResult> {
  const comment = transientComment(input);
  const [ruled, { spamScore, reasons, evidenceKinds }] = await Promise.all([applySiteRules(deps, comment), scoreComment(deps, comment)]);
  if (ruled) return { spamScore, verdict: ruled.verdict, reasons: ruled.reasons };
  return { spamScore, verdict: decide(spamScore, deps.thresholds(input.siteId), evidenceKinds), reasons };
}
