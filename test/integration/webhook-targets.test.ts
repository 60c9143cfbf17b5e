/**
 * Webhook targets: loopback, private, link-local, unique-local and IPv4-mapped addresses are refused
 * when a site's URL is set and again on the address connected to at delivery (a name that resolves
 * to a private address, as after DNS rebinding), unless WEBHOOK_ALLOW_PRIVATE=1; redirects are not followed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPublicAddress, checkWebhookUrl, systemResolver, type Resolver } from '../../src/webhooks/webhook-target.ts';
import { postWebhook } from '../../src/webhooks/post-webhook.ts';
import { startTestStack, type TestStack } from '../support/harness.ts';
import { sitesCli } from '../support/sites.ts';

describe('isPublicAddress', () => {
  const refused = [
    '127.0.0.1', '10.1.2.3', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1',
    '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', '::ffff:127.0.0.1', '::ffff:8.8.8.8', '64:ff9b::a00:1', 'ff02::1',
  ];
  for (const a of refused) test(`${a} → refused`, () => assert.equal(isPublicAddress(a), false));
  for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) test(`${a} → allowed`, () => assert.equal(isPublicAddress(a), true));
});

/** A resolver that knows a few names, as a rebinding attacker's DNS would answer; others go to the system. */
const resolver: Resolver = async (host) => {
  const table: Record<string, { address: string; family: number }[]> = {
    'rebind.example': [{ address: '127.0.0.1', family: 4 }],
    'mixed.example': [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.5', family: 4 }],
    'public.example': [{ address: '93.184.216.34', family: 4 }],
  };
  return table[host] ?? systemResolver(host);
};

describe('checkWebhookUrl (configuration time)', () => {
  test('private literals and names resolving (even partly) to private addresses are refused; public ones pass', async () => {
    for (const url of ['http://127.0.0.1/h', 'http://[::1]/h', 'http://[::ffff:7f00:1]/h', 'http://169.254.169.254/latest', 'http://rebind.example/h', 'http://mixed.example/h']) {
      await assert.rejects(checkWebhookUrl(url, { allowPrivate: false, resolve: resolver }), /WEBHOOK_ALLOW_PRIVATE/, url);
    }
    await checkWebhookUrl('https://public.example/hooks', { allowPrivate: false, resolve: resolver });
    await checkWebhookUrl('http://rebind.example/h', { allowPrivate: true, resolve: resolver });
  });

  test('`localhost` from the system resolver is refused', async () => {
    await assert.rejects(checkWebhookUrl('http://localhost:8080/hook', { allowPrivate: false }), /localhost/);
  });
});

describe('delivery time', () => {
  let receiver: Server;
  let port: number;
  const hits: string[] = [];
  before(async () => {
    receiver = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/redirect') {
        res.writeHead(307, { Location: '/final' }).end();
        return;
      }
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    port = (receiver.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((r) => receiver.close(() => r())));

  const post = (url: string, allowPrivate: boolean) =>
    postWebhook(url, { headers: { 'Content-Type': 'application/json' }, body: '{}', timeoutMs: 2000, allowPrivate, resolve: resolver });

  test('a name that now resolves to loopback is refused on the connected address; the receiver sees nothing', async () => {
    hits.length = 0;
    await assert.rejects(post(`http://rebind.example:${port}/hook`, false), /non-public/);
    await assert.rejects(post(`http://127.0.0.1:${port}/hook`, false), /non-public/);
    await assert.rejects(post(`http://localhost:${port}/hook`, false), /non-public/);
    assert.deepEqual(hits, []);
  });

  test('with WEBHOOK_ALLOW_PRIVATE the same name is delivered to the address the check saw', async () => {
    hits.length = 0;
    assert.equal(await post(`http://rebind.example:${port}/hook`, true), 204);
    assert.deepEqual(hits, ['/hook']);
  });

  test('a redirect is not followed: the 307 is the answer', async () => {
    hits.length = 0;
    assert.equal(await post(`http://127.0.0.1:${port}/redirect`, true), 307);
    assert.deepEqual(hits, ['/redirect']);
  });
});

describe('sites CLI and the worker', () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack({ flagThreshold: 0, rejectThreshold: 1, env: { WEBHOOK_MAX_ATTEMPTS: '1', WEBHOOK_BACKOFF_BASE_MS: '10' } });
  });
  after(() => stack.stop());

  test('`sites add --webhook-url` with a loopback or private target exits 2 (usage) naming WEBHOOK_ALLOW_PRIVATE; nothing is stored', async () => {
    for (const url of ['http://127.0.0.1:9/hook', 'http://localhost/hook', 'http://10.0.0.8/hook', 'http://[fd00::1]/hook']) {
      await assert.rejects(sitesCli(stack, ['add', '--name', 'Bad', '--webhook-url', url, '--json']), (err: { code?: number; stderr?: string }) => {
        assert.equal(err.code, 2);
        assert.match(err.stderr ?? '', /--webhook-url: .*WEBHOOK_ALLOW_PRIVATE/);
        return true;
      });
    }
    assert.equal(await stack.redis.scard(`${stack.keys.sites}ids`), 0);
  });

  test('a site whose stored URL points at loopback (set before, or rebound since) gets no delivery: dead-lettered with the reason', async () => {
    const hits: string[] = [];
    const local = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => local.listen(0, '127.0.0.1', r));
    try {
      const url = `http://localhost:${(local.address() as AddressInfo).port}/hook`;
      // Written straight into the store, as if the name resolved publicly when it was configured.
      const { RedisSiteStore } = await import('../../src/store/redis-site-store.ts');
      const { apiKey, site } = await new RedisSiteStore(stack.redis, stack.prefix).create({
        name: 'Rebound', origins: [], webhookUrl: url, webhookIncludeEmail: false, thresholds: {},
      });
      const res = await fetch(`${stack.origin}/api/v1/comments`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ threadId: 't', name: 'Ann', email: 'ann@example.com', comment: 'Hello there, nice article.' }),
      });
      assert.equal(res.status, 202);
      const dead = await stack.waitFor(async () => {
        const r = await fetch(`${stack.origin}/api/v1/moderation/webhooks/deliveries?siteId=${site.id}&status=dead`, {
          headers: { Authorization: `Bearer ${stack.moderatorToken}` },
        });
        const body = (await r.json()) as { deliveries: { lastError: string | null }[] };
        return body.deliveries.length ? body.deliveries : undefined;
      }, 10_000);
      assert.match(dead[0]!.lastError ?? '', /non-public/);
      assert.deepEqual(hits, []);
    } finally {
      await new Promise<void>((r) => local.close(() => r()));
    }
  });
});
