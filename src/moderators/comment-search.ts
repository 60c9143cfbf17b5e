/**
 * The moderators' search: does a comment match what was typed? A case-insensitive, Unicode-normalised
 * substring of the author's e-mail, IP address, name or the comment's text.
 */
import type { Comment } from '../../models/comment.ts';

const fold = (s: string): string => s.normalize('NFKC').toLowerCase();

/** A predicate for comments matching `query` (already trimmed and non-empty). */
export function commentMatcher(query: string): (c: Comment) => boolean {
  const q = fold(query);
  return (c) => [c.email, c.ip ?? '', c.name, c.comment].some((field) => fold(field).includes(q));
}
