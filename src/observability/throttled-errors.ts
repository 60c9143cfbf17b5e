/**
 * One log line per kind of error per interval: during an outage a poller or a queue client reports the same error
 * several times a second, and a line (with a stack) each time buries everything else in the log.
 */

/** How often an error that keeps repeating is logged again, in both the API and the worker. */
export const REPEATED_ERROR_LOG_MS = 10_000;

/** The message of an error, or the value itself for anything else thrown: what makes two errors "the same kind". */
function kindOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Wraps `log` so that it runs at most once per `ms` for each distinct error message. `suppressed` is how many of
 * the same kind were dropped since it last ran (undefined when none, so a log field with it is left out).
 */
export function throttled<E>(ms: number, log: (err: E, suppressed: number | undefined) => void, now: () => number = Date.now): (err: E) => void {
  const seen = new Map<string, { at: number; suppressed: number }>();
  return (err) => {
    const t = now();
    const kind = kindOf(err);
    const last = seen.get(kind);
    if (last && t - last.at < ms) {
      last.suppressed++;
      return;
    }
    // Messages that carry ids or addresses could grow the map without bound: forgetting them all costs a line each.
    if (!last && seen.size >= 100) seen.clear();
    seen.set(kind, { at: t, suppressed: 0 });
    log(err, last && last.suppressed > 0 ? last.suppressed : undefined);
  };
}
