/**
 * The author's own comments that are not public yet, kept in localStorage (never the email) so the author keeps
 * seeing them across reloads until they are published. Nobody else ever sees them.
 */
import type { PublicComment } from '../shared/api-types.ts';
import { readJson, writeJson } from '../shared/web-storage.ts';

export interface PendingComment extends Omit<PublicComment, 'status'> {
  /** API base the comment was posted to, so two services on one page keep apart. */
  api: string;
  savedAt: number;
}

const KEY = 'cmw:pending:v1';
const MAX_AGE_MS = 30 * 864e5;
const KEEP = 50;

function isPending(p: unknown): p is PendingComment {
  return typeof p === 'object' && p !== null && typeof (p as PendingComment).id === 'string';
}

/** Every unexpired pending comment of this browser, across threads and services. */
export function pendingComments(): PendingComment[] {
  const list = readJson(KEY, []);
  if (!Array.isArray(list)) return [];
  const now = Date.now();
  return list.filter(isPending).filter((p) => now - (p.savedAt || 0) < MAX_AGE_MS);
}

export function addPending(p: PendingComment): void {
  writeJson(KEY, [...pendingComments(), p].slice(-KEEP));
}

export function dropPending(ids: readonly string[]): void {
  if (ids.length) writeJson(KEY, pendingComments().filter((p) => !ids.includes(p.id)));
}
