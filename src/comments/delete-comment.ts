/** A moderator deletes a comment: it leaves every list at once, and the deletion is announced once. */
import type { Comment } from '../../models/comment.ts';
import type { CommentStore } from '../store/comment-store.ts';
import type { CommentEventSink } from './comment-events.ts';

export interface DeleteDeps {
  store: Pick<CommentStore, 'delete'>;
  events: CommentEventSink;
}

/** Returns the removed comment, or null if there was none (deleting twice is not an error). */
export async function deleteComment(deps: DeleteDeps, id: string): Promise<Comment | null> {
  const removed = await deps.store.delete(id);
  // Only the call that actually removed it emits, so a repeated DELETE sends no second webhook.
  if (removed) await deps.events.emit('comment.deleted', removed);
  return removed;
}
