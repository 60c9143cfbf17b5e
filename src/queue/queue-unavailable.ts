/**
 * How queue producers fail: job ids and payloads are ours and always valid, so a producer call that
 * rejects means Redis did not take the job. The queue modules turn that into QueueUnavailableError,
 * and callers test with `instanceof DependencyUnavailableError` instead of reading BullMQ's messages.
 */
import { DependencyUnavailableError } from '../errors.ts';

/** A job could not be added (or read back) because the queue's Redis did not answer. */
export class QueueUnavailableError extends DependencyUnavailableError {}

/** Runs a producer call, rejecting with QueueUnavailableError if it fails. */
export async function producing<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw err instanceof DependencyUnavailableError ? err : new QueueUnavailableError(err);
  }
}
