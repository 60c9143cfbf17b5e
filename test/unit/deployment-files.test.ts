/**
 * The deployment files say what the code does (no Docker engine runs here, so they are checked as data):
 * compose runs Redis with AOF and noeviction on a volume, the API and two workers from one image, with the same
 * commands as `npm run api` / `npm run worker` and the Dockerfile, and a health check that fits each role.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  deploy?: { replicas?: number };
  volumes?: string[];
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const dockerfile = readFileSync('Dockerfile', 'utf8');

/**
 * `exec node scripts/run-built.mjs dist/x.js` → ['node', 'dist/x.js']: the npm script as the image runs it. The
 * launcher only compiles first when dist/ is missing or stale, which never happens in the image (it ships dist/ alone).
 */
const commandOf = (script: string | undefined) =>
  (script ?? '').replace(/^exec\s+/, '').replace(/\bscripts\/run-built\.mjs\s+/, '').split(/\s+/);

test('docker-compose.yml: Redis keeps its data (AOF, noeviction, a volume) and answers a health check', () => {
  const redis = compose.services.redis!;
  const cmd = redis.command!.join(' ');
  assert.match(cmd, /--appendonly yes/);
  assert.match(cmd, /--maxmemory-policy noeviction/);
  assert.ok(redis.volumes?.some((v) => v.endsWith(':/data')) && 'redis-data' in compose.volumes);
  assert.match(redis.healthcheck!.test.join(' '), /redis-cli ping/);
});

test('docker-compose.yml: API and two workers from the one image, with the npm scripts’ commands', () => {
  const { api, worker } = compose.services;
  assert.ok(api && worker);
  assert.ok(api.build, 'the API service builds the image from the Dockerfile');
  assert.equal(worker.image, api.image, 'both roles run the same image');
  assert.deepEqual(api.command, commandOf(scripts.api));
  assert.deepEqual(worker.command, commandOf(scripts.worker));
  assert.equal(worker.deploy?.replicas, 2);
  for (const s of [api, worker]) assert.equal(s.environment?.REDIS_URL, 'redis://redis:6379');
});

test('docker-compose.yml: each role’s health check probes what that role serves', () => {
  const { api, worker } = compose.services;
  assert.match(api!.healthcheck!.test.join(' '), new RegExp(`127\\.0\\.0\\.1:${api!.environment!.PORT}/healthz`));
  const port = worker!.environment!.WORKER_METRICS_PORT;
  assert.ok(port, 'the worker serves /healthz on WORKER_METRICS_PORT');
  assert.match(worker!.healthcheck!.test.join(' '), new RegExp(`127\\.0\\.0\\.1:${port}/healthz`));
});

test('Dockerfile: runs as the unprivileged user, CMD is `npm run api`, HEALTHCHECK covers both roles', () => {
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
  assert.match(runtime, /^USER node$/m);
  const cmd = /^CMD (\[.*\])$/m.exec(runtime);
  assert.deepEqual(JSON.parse(cmd![1]!), commandOf(scripts.api));
  const health = /HEALTHCHECK[\s\S]*?CMD (.*)$/m.exec(runtime)![1]!;
  assert.match(health, /PORT/);
  assert.match(health, /WORKER_METRICS_PORT/);
  assert.match(runtime, /WORKER_METRICS_PORT=9464/);
});

test('deploy/grafana-dashboard.json graphs every named series', () => {
  const dash = JSON.parse(readFileSync('deploy/grafana-dashboard.json', 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> };
  const exprs = dash.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
  for (const series of ['http_request_duration_seconds', 'comments_accepted_total', 'comment_decisions_total', 'queue_jobs',
    'classifier_duration_seconds', 'comment_decision_latency_seconds', 'webhook_deliveries_total']) {
    assert.ok(exprs.includes(series), `${series} is on the dashboard`);
  }
});
