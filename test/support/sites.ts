/** Test helpers for sites: run the real `npm run sites` CLI against a test stack's Redis prefix. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestStack } from './harness.ts';

const run = promisify(execFile);

export interface CreatedSite {
  id: string;
  apiKey: string;
  webhookSecret: string;
}

/** Runs `npm run --silent sites -- ...args` with the stack's REDIS_URL and REDIS_PREFIX. */
export async function sitesCli(stack: TestStack, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('npm', ['run', '--silent', 'sites', '--', ...args], {
    env: {
      ...process.env,
      REDIS_URL: stack.config.redisUrl,
      REDIS_PREFIX: stack.prefix,
      LOG_LEVEL: 'silent',
      WEBHOOK_ALLOW_PRIVATE: stack.config.webhooks.allowPrivate ? '1' : '0',
    },
    timeout: 30_000,
  });
}

/** `sites add --json`, parsed; asserts the output is exactly one JSON object. */
export async function addSite(stack: TestStack, name: string, extra: string[] = []): Promise<CreatedSite> {
  const { stdout } = await sitesCli(stack, ['add', '--name', name, ...extra, '--json']);
  return JSON.parse(stdout) as CreatedSite;
}
