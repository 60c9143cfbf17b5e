/**
 * The webhook event document: `{id, type, createdAt, siteId, comment}` where `comment` is the
 * moderator's full record, without the email, IP address and user agent unless the site opted in to them.
 */
import { randomBytes } from 'node:crypto';
import type { Comment } from '../../models/comment.ts';
import type { Site } from '../../models/site.ts';
import type { CommentEventType } from '../comments/comment-events.ts';
import { toFullView, type FullComment } from '../comments/comment-views.ts';

export interface WebhookEvent {
  id: string;
  type: CommentEventType;
  createdAt: string;
  siteId: string;
  comment: Omit<FullComment, 'email' | 'ip' | 'userAgent'> & { email?: string; ip?: string | null; userAgent?: string | null };
}

export function newEventId(): string {
  return 'evt_' + randomBytes(12).toString('base64url');
}

export function buildWebhookEvent(
  type: CommentEventType,
  comment: Comment,
  site: Pick<Site, 'webhookIncludeEmail' | 'webhookIncludeClientInfo'>,
): WebhookEvent {
  const { email, ip, userAgent, ...rest } = toFullView(comment);
  return {
    id: newEventId(),
    type,
    createdAt: new Date().toISOString(),
    siteId: comment.siteId,
    comment: {
      ...rest,
      ...(site.webhookIncludeEmail ? { email } : {}),
      ...(site.webhookIncludeClientInfo === true ? { ip, userAgent } : {}),
    },
  };
}
