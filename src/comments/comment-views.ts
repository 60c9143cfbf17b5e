/** The two serialisations of a comment: the public view (no email, IP or score) and the moderator's full record. */
import { publicStatus, type Comment } from '../../models/comment.ts';

export interface PublicComment {
  id: string;
  threadId: string;
  parentId: string | null;
  name: string;
  website: string | null;
  comment: string;
  createdAt: string;
  status: 'published' | 'pending';
}

/** Returns null for comments the public must not see at all (spam). */
export function toPublicView(c: Comment): PublicComment | null {
  const status = publicStatus(c.status);
  if (!status) return null;
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

export interface FullComment extends Omit<PublicComment, 'status'> {
  siteId: string;
  email: string;
  status: Comment['status'];
  spamScore: number | null;
  reasons: string[];
  ip: string | null;
  userAgent: string | null;
  decidedAt: string | null;
  decidedBy: Comment['decidedBy'];
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
  };
}
