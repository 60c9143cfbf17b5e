/**
 * Runs an entry point: start it, and on SIGINT/SIGTERM shut it down in order. A startup failure
 * (bad config, missing dependency) prints one line naming the problem and exits 1. Once started, the process gives
 * its free heap back whenever it goes idle after a burst (idle-memory-release.ts).
 */
import type { Logger } from 'pino';
import { startIdleMemoryRelease } from './idle-memory-release.ts';

export interface Running {
  close(): Promise<void>;
  logger: Logger;
}

export function runMain(role: string, start: () => Promise<Running>): void {
  start().then(
    (running) => {
      const mb = (bytes: number) => Math.round(bytes / 1048576);
      const idleRelease = startIdleMemoryRelease({
        onRelease: (before, after) => running.logger.debug({ heapMb: mb(before), afterMb: mb(after) }, 'idle: gave free heap back'),
      });
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        idleRelease.stop();
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
