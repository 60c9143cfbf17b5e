/** The sites CLI on the service's Redis: as a real process (stdout is exactly the JSON), and keys never stored in clear. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestStack, type TestStack } from '../support/harness.ts';
import { addSite, sitesCli, CliExit, type CreatedSite } from '../support/sites.ts';
import { runBuilt } from '../support/processes.ts';
import { moderatorsCli } from '../support/moderators.ts';
import { main as sitesMain } from '../../src/cli/sites.ts';
import { main as moderatorsMain } from '../../src/cli/moderators.ts';

/** A CLI's main in process with the given environment: its exit status and what it printed. */
async function runMain(cli: 'sites' | 'moderators', argv: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => void (stdout += s) }, stderr: { write: (s: string) => void (stderr += s) }, env: { ...process.env, LOG_LEVEL: 'silent', ...env } };
  const code = cli === 'sites' ? await sitesMain(argv, io) : await moderatorsMain(argv, io, async () => '');
  return { code, stdout, stderr };
}

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

describe('sites and moderators CLIs: exit status', () => {
  test('an invalid REDIS_URL → exit 2 (input error) with one stderr line naming REDIS_URL, for both CLIs', async () => {
    for (const cli of ['sites', 'moderators'] as const) {
      const r = await runMain(cli, ['list'], { REDIS_URL: 'localhost 6379' });
      assert.equal(r.code, 2, `${cli}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, cli);
      assert.match(r.stderr, /REDIS_URL/, cli);
      assert.equal(r.stdout, '', cli);
    }
  });

  test('REDIS_CLUSTER and REDIS_CLUSTER_NODES are read and checked alike by both CLIs: a database on a Cluster URL, or seeds without REDIS_CLUSTER → exit 2 naming the variable', async () => {
    for (const cli of ['sites', 'moderators'] as const) {
      const db = await runMain(cli, ['list'], { REDIS_URL: 'redis://127.0.0.1:9/3', REDIS_CLUSTER: '1' });
      assert.equal(db.code, 2, `${cli}: ${db.stderr}`);
      assert.match(db.stderr, /REDIS_CLUSTER/, cli);
      const seeds = await runMain(cli, ['list'], { REDIS_URL: 'redis://127.0.0.1:9', REDIS_CLUSTER_NODES: '127.0.0.1:10' });
      assert.equal(seeds.code, 2, `${cli}: ${seeds.stderr}`);
      assert.match(seeds.stderr, /REDIS_CLUSTER_NODES/, cli);
    }
  });

  test('a Redis that does not answer → exit 1 (a failure, not a usage error) with one stderr line, for both CLIs', async () => {
    // Port 9 (discard) on loopback: nothing listens there in the test environment.
    const [sites, moderators] = await Promise.all([
      runMain('sites', ['list'], { REDIS_URL: 'redis://127.0.0.1:9' }),
      runMain('moderators', ['list'], { REDIS_URL: 'redis://127.0.0.1:9' }),
    ]);
    for (const [cli, r] of [['sites', sites], ['moderators', moderators]] as const) {
      assert.equal(r.code, 1, `${cli}: ${r.stderr}`);
      assert.match(r.stderr.trim(), /^\w+: cannot reach Redis at redis:\/\/127\.0\.0\.1:9;/, cli);
      assert.equal(r.stderr.trim().split('\n').length, 1, cli);
    }
  });
});

describe('moderators CLI: site ids', () => {
  test('set-sites or add naming a site that does not exist → exit 2, one line naming each unknown id, the account unchanged', async () => {
    const env = { REDIS_URL: stack.config.redisUrl, REDIS_PREFIX: stack.prefix };
    await moderatorsCli(stack, ['add', '--name', 'sam', '--role', 'moderator', '--sites', `${blog.id},default`]);
    const typo = await runMain('moderators', ['set-sites', '--name', 'sam', '--sites', `${blog.id},nwes,spotr`], env);
    assert.equal(typo.code, 2, typo.stderr);
    assert.equal(typo.stderr.trim().split('\n').length, 1);
    assert.match(typo.stderr, /"nwes", "spotr"/);
    assert.doesNotMatch(typo.stderr, new RegExp(`"${blog.id}"`));
    const [sam] = ((await moderatorsCli(stack, ['list'])) as { name: string; sites: string[] }[]).filter((m) => m.name === 'sam');
    assert.deepEqual(sam?.sites, [blog.id, 'default']);
    const added = await runMain('moderators', ['add', '--name', 'tia', '--role', 'moderator', '--sites', 'nwes'], env);
    assert.equal(added.code, 2, added.stderr);
    assert.match(added.stderr, /"nwes"/);
    assert.ok(!((await moderatorsCli(stack, ['list'])) as { name: string }[]).some((m) => m.name === 'tia'));
  });
});
