/**
 * The serialisations of a comment: the public view (no email, IP or score), the same for the comment's own author
 * (who may see it before it is published), and the moderator's full record.
 */
import { publicStatus, type Comment } from '../../models/comment.ts';
import type { FullComment, PublicComment } from '../contract/responses.ts';

export type { FullComment, PublicComment };

/** Returns null for comments the public must not see at all (spam). */
export function toPublicView(c: Comment): PublicComment | null {
  const status = publicStatus(c.status);
  return status ? publicFields(c, status) : null;
}

/**
 * The comment as its own author may see it: the public view, except that a spam comment shows as pending too, as a
 * flagged one does, so the author never learns the verdict.
 */
export function toAuthorView(c: Comment): PublicComment {
  return publicFields(c, publicStatus(c.status) ?? 'pending');
}

function publicFields(c: Comment, status: PublicComment['status']): PublicComment {
  return {
    id: c.id,
    threadId: c.threadId,
    parentId: c.parentId,
    name: c.name,
    website: c.website,
    comment: c.comment,
    createdAt: c.createdAt,
    status,
  };
}

export function toFullView(c: Comment): FullComment {
  return {
    id: c.id,
    siteId: c.siteId,
    threadId: c.threadId,
    parentId: c.parentId,
    name: c.name,
    email: c.email,
    website: c.website,
    comment: c.comment,
    createdAt: c.createdAt,
    status: c.status,
    spamScore: c.spamScore,
    reasons: c.reasons,
    ip: c.ip,
    userAgent: c.userAgent,
    decidedAt: c.decidedAt,
    decidedBy: c.decidedBy,
    ...(c.wouldHave ? { wouldHave: structuredClone(c.wouldHave) } : {}),
  };
}
