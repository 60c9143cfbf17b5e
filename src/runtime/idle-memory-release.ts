/**
 * Gives the heap V8 no longer needs back to the system as soon as a process goes idle after a burst, instead of
 * waiting for V8's memory reducer (8 s after the last full GC at the earliest, measured 12–35 s, and sometimes not
 * at all). See docs/performance.md, "Memory after a burst, and when it comes back down".
 */
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

/** When a release is due; the defaults are what `runMain` uses for the API, the worker and `npm start`. */
export interface IdleMemoryReleaseOptions {
  /** How often the event loop's utilisation and the heap size are checked, ms. */
  intervalMs?: number;
  /** Checks in a row with the event loop at most `quietUtilization` busy before the process counts as idle. */
  quietChecks?: number;
  /** Fraction of a check's interval the event loop may be busy and still count as quiet. */
  quietUtilization?: number;
  /** How far the committed heap must have grown since the last release for another to be worth it, bytes (the first comes at the first idle spell). */
  growthBytes?: number;
  /** Reads the event loop's utilisation since the previous call (0–1); performance.eventLoopUtilization by default. */
  utilization?: () => number;
  /** Reads the committed heap, bytes; v8.getHeapStatistics().total_heap_size by default. */
  heapBytes?: () => number;
  /** Does the release; `releaseFreeHeap` by default. */
  release?: () => Promise<void>;
  /** Called after each release with the committed heap before and after, bytes. */
  onRelease?: (before: number, after: number) => void;
}

/** A running idle check: `stop` ends it (the timer never keeps the process alive on its own). */
export interface IdleMemoryRelease {
  stop(): void;
}

/**
 * Every `intervalMs`, if the event loop has been quiet for `quietChecks` checks and the heap has grown by
 * `growthBytes` since the last release, runs one memory-reducing GC. An idle API or worker's event loop is 0.3–3.4 %
 * busy (timers, polls), rarely a little over 5 %. Under load it is never that quiet for a whole check, so this costs
 * nothing there but the check itself (a few µs per interval); once idle it costs one GC per burst.
 */
export function startIdleMemoryRelease(opts: IdleMemoryReleaseOptions = {}): IdleMemoryRelease {
  const intervalMs = opts.intervalMs ?? 500;
  const quietChecks = opts.quietChecks ?? 2;
  const quietUtilization = opts.quietUtilization ?? 0.05;
  const growthBytes = opts.growthBytes ?? 8 * 1024 * 1024;
  const utilization = opts.utilization ?? eventLoopUtilizationSince();
  const heapBytes = opts.heapBytes ?? (() => getHeapStatistics().total_heap_size);
  const release = opts.release ?? releaseFreeHeap;
  // Zero: the first idle spell gives back what start-up left behind (its heap is about as large as under load).
  let base = 0;
  let quiet = 0;
  let releasing = false;
  const timer = setInterval(() => {
    if (utilization() > quietUtilization) {
      quiet = 0;
      return;
    }
    if (releasing || ++quiet < quietChecks) return;
    const before = heapBytes();
    // V8 shrank the heap itself (its memory reducer ran): measure growth from there.
    if (before < base) base = before;
    if (before < base + growthBytes) return;
    releasing = true;
    release()
      .catch(() => undefined)
      .finally(() => {
        base = heapBytes();
        quiet = 0;
        releasing = false;
        opts.onRelease?.(before, base);
      });
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      releaseSession?.disconnect();
      releaseSession = undefined;
    },
  };
}

/** The event loop's utilisation (0–1) since the previous call. */
function eventLoopUtilizationSince(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const u = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return u;
  };
}

let releaseSession: import('node:inspector').Session | undefined;

/**
 * One memory-reducing full GC, as V8's memory reducer runs it (and compacting, and shrinking the young generation),
 * now. Node.js offers no direct call for it: the inspector protocol's `HeapProfiler.collectGarbage` (an in-process
 * session; no port is opened) makes V8 collect all available garbage that way. A plain `gc()` (`--expose-gc`)
 * measured here gave nothing back (the free space is spread over partly used pages). Rejects where Node.js was
 * built without the inspector.
 */
export async function releaseFreeHeap(): Promise<void> {
  if (!releaseSession) {
    const { Session } = await import('node:inspector');
    const session = new Session();
    session.connect();
    releaseSession = session;
  }
  const session = releaseSession;
  // The session stays connected: disconnecting it from inside a post's callback hangs the process (Node.js 20).
  await new Promise<void>((resolve, reject) => session.post('HeapProfiler.collectGarbage', (err) => (err ? reject(err) : resolve())));
}
