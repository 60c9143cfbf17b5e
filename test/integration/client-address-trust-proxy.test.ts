/**
 * Which address a request counts as: TRUST_PROXY values, X-Forwarded-For handling, and rate limits
 * that count an IPv6 client's whole /64 so rotating through it does not escape the limit.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { loadConfig, ConfigError } from '../../src/config.ts';
import { clientGroup, normaliseIp, stablePrefix } from '../../src/http/client-address.ts';
import { startTestStack, type TestStack } from '../support/harness.ts';
import { storedFields } from '../support/comment-records.ts';

const reply = { threadId: 'addr-1', name: 'Ann Reader', email: 'ann@example.com', comment: 'A thoughtful piece, thank you.' };

describe('client address helpers', () => {
  test('clientGroup: IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64 in any spelling', () => {
    assert.equal(clientGroup('203.0.113.7'), '203.0.113.7');
    assert.equal(clientGroup('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(clientGroup('2001:db8:1:2::1'), '2001:db8:1:2::/64');
    assert.equal(clientGroup('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff'), '2001:db8:1:2::/64');
    assert.notEqual(clientGroup('2001:db8:1:3::1'), clientGroup('2001:db8:1:2::1'));
    assert.equal(clientGroup('not-an-ip'), 'unknown');
  });

  test('stablePrefix: IPv4 /24 and IPv6 /48; normaliseIp refuses non-addresses', () => {
    assert.equal(stablePrefix('198.51.100.23'), '198.51.100.0/24');
    assert.equal(stablePrefix('2001:db8:aa:bb::1'), '2001:db8:aa::/48');
    assert.equal(stablePrefix(null), null);
    assert.equal(normaliseIp('1.2.3.4, 5.6.7.8'), null);
    assert.equal(normaliseIp('fe80::1%eth0'), 'fe80::1');
  });
});

describe('TRUST_PROXY configuration', () => {
  test('a hop count, an address/CIDR list and Express names are accepted; on means local and private proxies only', () => {
    assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1);
    assert.equal(loadConfig({ TRUST_PROXY: '10.0.0.0/8,2001:db8::/32, 192.0.2.1' }).trustProxy, '10.0.0.0/8, 2001:db8::/32, 192.0.2.1');
    assert.equal(loadConfig({ TRUST_PROXY: 'loopback,uniquelocal' }).trustProxy, 'loopback, uniquelocal');
  });

  for (const value of ['*', 'everyone', '10.0.0.0/33', '1.2.3', 'loopback, nginx']) {
    test(`TRUST_PROXY=${value} → ConfigError naming TRUST_PROXY`, () => {
      assert.throws(() => loadConfig({ TRUST_PROXY: value }), (err: unknown) => err instanceof ConfigError && /TRUST_PROXY/.test(err.message));
    });
  }
});

describe('X-Forwarded-For and the rate limit', () => {
  let hop: TestStack;
  let on: TestStack;
  before(async () => {
    [hop, on] = await Promise.all([
      startTestStack({ worker: false, rateLimitPerMinute: 3, env: { TRUST_PROXY: '1' } }),
      startTestStack({ worker: false, rateLimitPerMinute: 3, env: { TRUST_PROXY: 'on' } }),
    ]);
  });
  after(async () => {
    await Promise.all([hop.stop(), on.stop()]);
  });

  const post = (stack: TestStack, xff: string) => request(stack.origin).post('/api/v1/comments').set('X-Forwarded-For', xff).send(reply);

  test('TRUST_PROXY=1: a client rotating through its IPv6 /64 is limited like one address', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) statuses.push((await post(hop, `2001:db8:77:1::${i.toString(16)}`)).status);
    assert.deepEqual(statuses, [202, 202, 202, 429, 429, 429]);
    // Another /64 of the same provider is another client.
    assert.equal((await post(hop, '2001:db8:77:2::1')).status, 202);
  });

  test('TRUST_PROXY=1: the address the proxy saw is stored, not what the client wrote to the left of it', async () => {
    const res = await post(hop, '198.51.100.1, 203.0.113.50').expect(202);
    const stored = (await storedFields(hop.redis, hop.keys.comment(res.body.id))).ip;
    assert.equal(stored, '203.0.113.50');
  });

  test('TRUST_PROXY=on: a client connecting directly from a public address cannot choose its address', async () => {
    // The test client connects over loopback, which `on` trusts as a proxy; the forged public
    // address to the left of a public hop must never be used.
    const res = await post(on, '192.0.2.200, 203.0.113.9').expect(202);
    assert.equal((await storedFields(on.redis, on.keys.comment(res.body.id))).ip, '203.0.113.9');
    // Rotating the forged part does not escape the limit: all count as 203.0.113.9.
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) statuses.push((await post(on, `192.0.2.${i}, 203.0.113.9`)).status);
    assert.deepEqual(statuses, [202, 202, 429, 429]);
  });

  test('a junk X-Forwarded-For entry never becomes the stored address', async () => {
    const res = await post(hop, 'not-an-address').expect(202);
    assert.equal((await storedFields(hop.redis, hop.keys.comment(res.body.id))).ip, '127.0.0.1');
  });
});
