/** Configuration: documented defaults, and every invalid value refused with an error naming its variable. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from '../../src/config.ts';
import { DEFAULT_THRESHOLDS } from '../../src/spam/policy.ts';

describe('loadConfig', () => {
  test('no environment → documented defaults', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.redisUrl, undefined);
    assert.equal(c.rateLimitPerMinute, 10);
    assert.equal(c.trustProxy, false);
    assert.equal(c.logLevel, 'info');
    assert.ok(c.flagThreshold < c.rejectThreshold);
    assert.deepEqual({ flag: c.flagThreshold, reject: c.rejectThreshold }, { ...DEFAULT_THRESHOLDS });
    assert.match(c.spamModelPath, /models\/spam-model\.json$/);
  });

  const bad: [string, string][] = [
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['REDIS_URL', 'localhost:6379'],
    ['FLAG_THRESHOLD', '1.5'],
    ['REJECT_THRESHOLD', 'high'],
    ['RATE_LIMIT_PER_MINUTE', '-1'],
    ['LOG_LEVEL', 'loud'],
    ['MODERATOR_TOKEN', 'short'],
    ['CORS_ORIGINS', 'blog.example.com'],
    ['CORS_ORIGINS', 'https://blog.example.com/comments'],
    ['CORS_ORIGINS', 'https://blog.example.com, ftp://files.example.com'],
    ['LOG_PRETTY', 'pretty'],
  ];
  for (const [name, value] of bad) {
    test(`${name}=${value} → ConfigError naming ${name}`, () => {
      assert.throws(() => loadConfig({ [name]: value }), (err: unknown) => err instanceof ConfigError && err.message.includes(name));
    });
  }

  test('FLAG_THRESHOLD above REJECT_THRESHOLD → error naming FLAG_THRESHOLD', () => {
    assert.throws(() => loadConfig({ FLAG_THRESHOLD: '0.9', REJECT_THRESHOLD: '0.5' }), /FLAG_THRESHOLD/);
  });

  test('`only` reads just the listed variables (as the CLIs do): an unrelated bad PORT is ignored, a bad threshold is not', () => {
    const c = loadConfig({ PORT: 'eighty', FLAG_THRESHOLD: '0.4', REJECT_THRESHOLD: '0.6' }, { only: ['FLAG_THRESHOLD', 'REJECT_THRESHOLD'] });
    assert.deepEqual([c.flagThreshold, c.rejectThreshold, c.port], [0.4, 0.6, 3000]);
    assert.throws(() => loadConfig({ FLAG_THRESHOLD: 'high' }, { only: ['FLAG_THRESHOLD'] }), /FLAG_THRESHOLD/);
    assert.throws(() => loadConfig({ FLAG_THRESHOLD: '0.9', REJECT_THRESHOLD: '0.5' }, { only: ['FLAG_THRESHOLD', 'REJECT_THRESHOLD'] }), /FLAG_THRESHOLD/);
  });

  test('CORS_ORIGINS becomes a list without trailing slashes; blank variables count as unset', () => {
    assert.deepEqual(loadConfig({ CORS_ORIGINS: 'https://a.example/, https://b.example' }).corsOrigins, ['https://a.example', 'https://b.example']);
    assert.equal(loadConfig({}).corsOrigins, '*');
    assert.equal(loadConfig({ PORT: '  ', FLAG_THRESHOLD: '' }).port, 3000);
  });

  test('CORS_ORIGINS accepts * and http(s) origins, with or without a trailing slash or a port', () => {
    assert.equal(loadConfig({ CORS_ORIGINS: ' * ' }).corsOrigins, '*');
    assert.deepEqual(loadConfig({ CORS_ORIGINS: 'http://localhost:8080/,https://news.example' }).corsOrigins, ['http://localhost:8080', 'https://news.example']);
  });

  test('CORS_ORIGINS are kept as a browser sends its Origin header: host in lower case, no default port', () => {
    assert.deepEqual(loadConfig({ CORS_ORIGINS: 'https://Blog.Example.com:443, HTTP://news.example:80/, http://news.example:8080' }).corsOrigins, [
      'https://blog.example.com',
      'http://news.example',
      'http://news.example:8080',
    ]);
  });

  test('LOG_PRETTY takes the same switch values as the other on/off variables', () => {
    for (const v of ['1', 'true', 'yes', 'on', 'ON']) assert.equal(loadConfig({ LOG_PRETTY: v }).logPretty, true, v);
    for (const v of ['0', 'false', 'no', 'off']) assert.equal(loadConfig({ LOG_PRETTY: v }).logPretty, false, v);
  });

  test('TRUST_PROXY accepts on/off, hop counts and address lists', () => {
    assert.equal(loadConfig({ TRUST_PROXY: 'on' }).trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.equal(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy, 'loopback, 10.0.0.0/8');
  });
});
