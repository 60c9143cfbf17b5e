/**
 * The site's own rules, applied before the classifier: by the worker to a stored comment and by the
 * check endpoints to a transient one, so a backend asking /api/v1/check gets the verdict the worker
 * would reach. The first-comment rule asks the comment store whether the author had a comment
 * published on the site (the same known-author test as the classifier's discount), only when no other
 * rule decided first.
 */
import type { Comment } from '../../models/comment.ts';
import type { CommentStore } from '../store/comment-store.ts';
import type { SiteRulesCache } from '../sites/site-rules-cache.ts';
import { firstCommentDecision, type RuleDecision } from '../spam/site-rules.ts';

export interface SiteRulesDeps {
  /** Without it no rules apply (an app or worker built without a rules store). */
  rules?: SiteRulesCache | undefined;
  store: Pick<CommentStore, 'authorHasPublished'>;
}

/**
 * False when no rule can apply to the site's comments, known without waiting for anything: no rules store, or the
 * site's rules known to be inactive (most sites, most of the time). A caller that asks first skips applySiteRules'
 * asynchronous path for those, which cost the worker about a kilobyte of garbage and three promises per job.
 */
export function siteRulesMayApply(deps: SiteRulesDeps, siteId: string): boolean {
  return deps.rules !== undefined && deps.rules.current?.(siteId)?.active !== false;
}

/** The decision of the first matching rule, or null when the classifier decides. */
export async function applySiteRules(deps: SiteRulesDeps, comment: Comment): Promise<RuleDecision | null> {
  if (!deps.rules) return null;
  const compiled = await deps.rules.compiled(comment.siteId);
  if (!compiled.active) return null;
  const decided = compiled.decide({ text: comment.comment, name: comment.name, email: comment.email, website: comment.website, ip: comment.ip });
  if (decided) return decided;
  if (compiled.holdFirstComment && !(await deps.store.authorHasPublished(comment))) return firstCommentDecision();
  return null;
}
