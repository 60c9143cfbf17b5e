/**
 * Gathers the calls made during one turn of the event loop into one Redis command. Concurrent jobs or requests
 * that reach the same step in the same turn (their previous replies arrived in the same socket read) then cost one
 * command, one reply and one promise between them instead of one each.
 */

/** Answers a whole batch: one result per item, in the items' order. */
export type BatchRunner<I, R> = (items: I[]) => Promise<R[]>;

/** When a batch runs, given its flush: see turnBatcher. */
export type BatchSchedule = (flush: () => void) => void;

/** After the microtasks of the callback that asked first: the calls made by replies that arrived in one socket read. */
const afterTicks: BatchSchedule = (flush) => process.nextTick(flush);

/**
 * After every I/O callback of this turn of the event loop (setImmediate): the calls of requests that arrived on
 * different sockets in the same turn, each handled in a callback of its own.
 */
export const afterIo: BatchSchedule = (flush) => setImmediate(flush);

/**
 * A function that queues `item` into the current turn's batch and settles with that item's own result. The batch
 * runs when `schedule` says (by default once the turn's microtasks have run), or at once when it holds `max` items. If
 * the batch's command fails, every call in it rejects with that error, exactly as its own command would have failed;
 * one item's result never depends on another's.
 */
export function turnBatcher<I, R>(run: BatchRunner<I, R>, max = 200, schedule: BatchSchedule = afterTicks): (item: I) => Promise<R> {
  let items: I[] = [];
  let settle: Array<{ resolve(r: R): void; reject(err: unknown): void }> = [];
  const flush = (): void => {
    if (items.length === 0) return;
    const batch = items;
    const waiting = settle;
    items = [];
    settle = [];
    let pending: Promise<R[]>;
    try {
      pending = run(batch);
    } catch (err) {
      for (const w of waiting) w.reject(err);
      return;
    }
    pending.then(
      (results) => {
        // A reply that does not answer every call is a broken script, not an answer for the calls it does cover.
        if (results.length !== waiting.length) {
          const err = new Error(`a batch of ${waiting.length} calls was answered with ${results.length} results`);
          for (const w of waiting) w.reject(err);
          return;
        }
        for (let i = 0; i < waiting.length; i++) waiting[i]!.resolve(results[i]!);
      },
      (err: unknown) => {
        for (const w of waiting) w.reject(err);
      },
    );
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      if (items.length === 0) schedule(flush);
      items.push(item);
      settle.push({ resolve, reject });
      if (items.length >= max) flush();
    });
}
