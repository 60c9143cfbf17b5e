/**
 * A site's moderation mode applied to the filter's verdict: `normal` follows it; `shadow` publishes and
 * `hold-all` holds every comment, keeping the verdict it overrode so the site can compare it with its
 * moderators' decisions before trusting the filter.
 */
import type { CommentStatus, WouldHave, WouldHaveVerdict } from '../../models/comment.ts';
import type { ModerationMode } from '../../models/site.ts';
import type { Verdict } from './policy.ts';

const STATUS_FOR: Record<Verdict, 'published' | 'flagged' | 'spam'> = { publish: 'published', flag: 'flagged', reject: 'spam' };

const REPORTED: Record<Verdict, WouldHaveVerdict> = { publish: 'publish', flag: 'flag', reject: 'spam' };

/** The move a verdict becomes under a mode, with the reasons the comment shows and, when overridden, what the filter said. */
export interface ModeDecision {
  to: 'published' | 'flagged' | 'spam';
  reasons: string[];
  wouldHave?: WouldHave;
}

/** The reason recorded on a comment (and in the audit trail) that a mode, not the filter, decided it. */
export function modeReason(mode: 'shadow' | 'hold-all'): string {
  return `mode:${mode}`;
}

export function applyModerationMode(mode: ModerationMode, verdict: Verdict, spamScore: number, reasons: readonly string[]): ModeDecision {
  if (mode === 'normal') return { to: STATUS_FOR[verdict], reasons: [...reasons] };
  const to: CommentStatus & ('published' | 'flagged') = mode === 'shadow' ? 'published' : 'flagged';
  return {
    to,
    reasons: [modeReason(mode), ...reasons],
    wouldHave: { mode, verdict: REPORTED[verdict], spamScore, reasons: [...reasons] },
  };
}
