/** Test helper: the real `npm run moderators` CLI, run in process against a test stack's Redis prefix. */
import { main as moderatorsMain } from '../../src/cli/moderators.ts';
import type { TestStack } from './harness.ts';

/** `npm run --silent moderators -- ...args --json` with `stdin` piped in; the parsed JSON, or a rejection with stderr. */
export async function moderatorsCli(stack: Pick<TestStack, 'config' | 'prefix'>, args: string[], stdin = ''): Promise<unknown> {
  let stdout = '';
  let stderr = '';
  const code = await moderatorsMain(
    [...args, '--json'],
    {
      stdout: { write: (s: string) => void (stdout += s) },
      stderr: { write: (s: string) => void (stderr += s) },
      env: { ...process.env, REDIS_URL: stack.config.redisUrl, REDIS_PREFIX: stack.prefix, LOG_LEVEL: 'silent' },
    },
    async () => stdin,
  );
  if (code !== 0) throw new Error(`moderators exited ${code}: ${stderr.trim()}`);
  return JSON.parse(stdout);
}
