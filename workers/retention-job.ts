/**
 * Personal-data retention, run periodically by every worker: blanks IP addresses and user agents
 * older than PII_RETENTION_DAYS and deletes spam older than SPAM_RETENTION_DAYS. Work is done in
 * bounded batches, and each batch is idempotent, so several workers running it at once is harmless.
 */
import type { Logger } from 'pino';
import type { CommentStore } from '../src/store/comment-store.ts';
import type { RetentionConfig } from '../src/config.ts';

const DAY_MS = 24 * 3600 * 1000;

export interface RetentionOptions extends RetentionConfig {
  /** Records per batch. */
  batch: number;
  /** Batches per run, so one run never monopolises Redis; the rest waits for the next run. */
  maxBatches: number;
}

export interface RetentionRun {
  piiErased: number;
  spamDeleted: number;
}

/** One pass; `now` is a parameter so tests can look 31 days ahead. A period of 0 days keeps data forever. */
export async function runRetentionOnce(
  store: Pick<CommentStore, 'erasePii' | 'deleteSpam'>,
  opts: Omit<RetentionOptions, 'intervalMs'>,
  now = Date.now(),
): Promise<RetentionRun> {
  const run: RetentionRun = { piiErased: 0, spamDeleted: 0 };
  if (opts.piiDays > 0) {
    const before = now - opts.piiDays * DAY_MS;
    for (let i = 0; i < opts.maxBatches; i++) {
      const n = await store.erasePii(before, opts.batch);
      run.piiErased += n;
      if (n < opts.batch) break;
    }
  }
  if (opts.spamDays > 0) {
    const before = now - opts.spamDays * DAY_MS;
    for (let i = 0; i < opts.maxBatches; i++) {
      const { examined, deleted } = await store.deleteSpam(before, opts.batch);
      run.spamDeleted += deleted;
      // Nothing deleted means the oldest spam is all recently decided: wait for the next run.
      if (examined < opts.batch || deleted === 0) break;
    }
  }
  return run;
}

export function startRetentionJob(
  store: Pick<CommentStore, 'erasePii' | 'deleteSpam'>,
  config: RetentionConfig,
  logger: Logger,
): { stop(): void } {
  const opts = { ...config, batch: 500, maxBatches: 20 };
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    runRetentionOnce(store, opts)
      .then((r) => {
        if (r.piiErased || r.spamDeleted) logger.info(r, 'retention: erased IP addresses and user agents, deleted old spam');
      })
      .catch((err: unknown) => logger.warn({ err }, 'retention run failed; will try again'))
      .finally(() => {
        running = false;
      });
  };
  // A first run soon after start, so a restarted worker catches up without waiting a whole interval.
  const first = setTimeout(tick, Math.min(config.intervalMs, 10_000));
  const timer = setInterval(tick, config.intervalMs);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
