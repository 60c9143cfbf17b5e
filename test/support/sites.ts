/** Test helpers for sites: the real `npm run sites` CLI, run in process against a test stack's Redis prefix. */
import { main as sitesMain } from '../../src/cli/sites.ts';
import type { TestStack } from './harness.ts';

export interface CreatedSite {
  id: string;
  apiKey: string;
  webhookSecret: string;
}

/** A failed run, shaped like child_process's error: the exit status and what was printed. */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`sites exited ${code}: ${stderr.trim()}`);
  }
}

/** `npm run --silent sites -- ...args` with the stack's REDIS_URL and REDIS_PREFIX; rejects with a CliExit on a non-zero status. */
export async function sitesCli(stack: Pick<TestStack, 'config' | 'prefix'>, args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await sitesMain(args, {
    stdout: { write: (s: string) => void (stdout += s) },
    stderr: { write: (s: string) => void (stderr += s) },
    env: {
      ...process.env,
      REDIS_URL: stack.config.redisUrl,
      REDIS_CLUSTER: stack.config.redisCluster ? '1' : '0',
      REDIS_PREFIX: stack.prefix,
      LOG_LEVEL: 'silent',
      WEBHOOK_ALLOW_PRIVATE: stack.config.webhooks.allowPrivate ? '1' : '0',
    },
  });
  if (code !== 0) throw new CliExit(code, stdout, stderr);
  return { stdout, stderr };
}

/** `sites add --json`, parsed; asserts the output is exactly one JSON object. */
export async function addSite(stack: Pick<TestStack, 'config' | 'prefix'>, name: string, extra: string[] = []): Promise<CreatedSite> {
  const { stdout } = await sitesCli(stack, ['add', '--name', name, ...extra, '--json']);
  return JSON.parse(stdout) as CreatedSite;
}
