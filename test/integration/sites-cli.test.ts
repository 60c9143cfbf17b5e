/** The sites CLI on the service's Redis: as a real process (stdout is exactly the JSON), and keys never stored in clear. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestStack, type TestStack } from '../support/harness.ts';
import { addSite, sitesCli, CliExit, type CreatedSite } from '../support/sites.ts';
import { runBuilt } from '../support/processes.ts';

let stack: TestStack;
let blog: CreatedSite;

before(async () => {
  stack = await startTestStack({ worker: false });
  blog = await addSite(stack, 'Ann’s Blog', ['--origins', 'https://blog.example.com']);
});
after(() => stack.stop());

describe('sites CLI on Redis', () => {
  test('as a process, add --json prints exactly one JSON object {id, apiKey, webhookSecret} and nothing on stderr', async () => {
    const { code, stdout, stderr } = await runBuilt('src/cli/sites.ts', ['add', '--name', 'Shop', '--webhook-url', 'http://127.0.0.1:9/hook', '--json'], {
      env: { REDIS_URL: stack.config.redisUrl, REDIS_PREFIX: stack.prefix, LOG_LEVEL: 'silent', WEBHOOK_ALLOW_PRIVATE: '1' },
      timeoutMs: 30_000,
    });
    assert.equal(code, 0);
    assert.equal(stderr, '');
    assert.equal(stdout.trim().split('\n').length, 1);
    const created = JSON.parse(stdout) as Record<string, string>;
    assert.deepEqual(Object.keys(created).sort(), ['apiKey', 'id', 'webhookSecret']);
    assert.match(created.apiKey!, /^[a-z0-9]{20,63}$/);
  });

  test('keys are stored hashed: the key never appears in Redis', async () => {
    const keys = await stack.redis.keys(`${stack.keys.sites}*`);
    assert.ok(keys.length > 0);
    for (const k of keys) {
      assert.ok(!k.includes(blog.apiKey));
      if ((await stack.redis.type(k)) === 'string') assert.ok(!(await stack.redis.get(k))!.includes(blog.apiKey));
    }
  });

  test('an unknown command → exit 2 with one line on stderr', async () => {
    await assert.rejects(sitesCli(stack, ['frobnicate']), (err: unknown) => err instanceof CliExit && err.code === 2 && /unknown command/.test(err.stderr));
  });
});
