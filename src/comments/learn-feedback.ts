/**
 * Feedback from a site backend (POST /api/v1/feedback, Akismet submit-spam/submit-ham): teaches that
 * site's learned counts, exactly as a moderator decision does. Counts are per site, so one site's
 * feedback can never move another site's scores.
 */
import { createHash } from 'node:crypto';
import type { Label, LearningStore } from '../store/learning-store.ts';
import { featuresOf } from './score-comment.ts';
import type { CheckedText } from './validate-check.ts';

/**
 * The lesson's identity: the backend's own comment id when it sends one, else the comment's content.
 * Reporting the same comment twice is a no-op; reporting it with the other label reverses the first lesson.
 */
export function feedbackDocKey(input: CheckedText, externalId?: string): string {
  if (externalId) return `fb:id:${createHash('sha256').update(externalId).digest('hex').slice(0, 32)}`;
  const content = [input.name, input.email.toLowerCase(), input.website ?? '', input.comment].join('\u0000');
  return `fb:${createHash('sha256').update(content).digest('hex').slice(0, 32)}`;
}

/** Returns true if the site's counts changed. */
export function learnFeedback(learning: LearningStore, siteId: string, label: Label, input: CheckedText, externalId?: string): Promise<boolean> {
  return learning.learn(siteId, label, featuresOf(input), feedbackDocKey(input, externalId));
}
