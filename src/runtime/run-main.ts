/**
 * Runs an entry point: start it, and on SIGINT/SIGTERM shut it down in order. A startup failure
 * (bad config, missing dependency) prints one line naming the problem and exits 1.
 */
import type { Logger } from 'pino';

export interface Running {
  close(): Promise<void>;
  logger: Logger;
}

export function runMain(role: string, start: () => Promise<Running>): void {
  start().then(
    (running) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        running.logger.info({ signal }, `${role} shutting down`);
        const force = setTimeout(() => process.exit(1), 15_000);
        force.unref();
        running
          .close()
          .then(() => process.exit(0))
          .catch((err: unknown) => {
            running.logger.error({ err }, 'shutdown failed');
            process.exit(1);
          });
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    },
    (err: unknown) => {
      process.stderr.write(`${role}: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
