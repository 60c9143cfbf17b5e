/**
 * Runs several integration test files in one process, one after another, each inside a suite named after the file:
 * its top-level hooks (`before`, `after`) then belong to that file alone, as when it runs in a process of its own.
 * `npm test` (test/support/run-suite.mjs) starts a few of these processes instead of one per file, because every
 * process pays for importing the service and, for the browser files, for playwright and a Chromium.
 * The process prints the CPU time of each file and its own at the end (test/support/cpu-report.ts).
 */
import { after, before, describe } from 'node:test';
import { reportCpuAtEnd, reportFileCpu, treeCpuSeconds } from './cpu-report.ts';

export interface FileGroupOptions {
  /** One Chromium for all the files (test/support/browser.ts `shareOneBrowser`), a new context per test. */
  shareBrowser?: boolean;
}

/** `files` are paths relative to `base` (the entry module's URL); the suite is named by the path after `dist/test/`. */
export async function runTestFiles(base: string, files: readonly string[], options: FileGroupOptions = {}): Promise<void> {
  if (options.shareBrowser) (await import('./browser.ts')).shareOneBrowser();
  reportCpuAtEnd();
  for (const file of files) {
    const url = new URL(file, base);
    const name = url.pathname.replace(/^.*\/test\//, '');
    describe(name, async () => {
      let cpuAtStart = 0;
      before(() => void (cpuAtStart = treeCpuSeconds()));
      await import(url.href);
      // Registered after the file's own top-level hooks, so it runs after its clean-up too.
      after(() => reportFileCpu(name, cpuAtStart));
    });
  }
}
