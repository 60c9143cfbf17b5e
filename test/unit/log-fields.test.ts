/** The log formatter's scrubbing: a flat line is written as it is, anything else as scrubForLog's copy; and a child logger's bindings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { scrubForLog, scrubLogFields } from '../../src/logger.ts';
import { builtEntry } from '../support/processes.ts';

test('flat fields with no submitter field → the same object, not a copy', () => {
  const fields = { requestId: 'r-1', commentId: 'c-1', verdict: 'publish', spamScore: 0.12, mode: undefined, rule: null };
  assert.equal(scrubLogFields(fields), fields);
});

test('a submitter field at the top → censored in a copy, the caller\'s object untouched', () => {
  const fields = { commentId: 'c-1', email: 'someone@example.com', ip: '203.0.113.9' };
  const out = scrubLogFields(fields);
  assert.notEqual(out, fields);
  assert.deepEqual(out, { commentId: 'c-1', email: '[redacted]', ip: '[redacted]' });
  assert.equal(fields.email, 'someone@example.com');
});

test('a nested submitter field or an error → scrubbed as scrubForLog scrubs it', () => {
  const err = Object.assign(new Error('boom'), { command: { name: 'evalsha', args: ['someone@example.com'] } });
  const fields = { commentId: 'c-1', comment: { email: 'someone@example.com', text: 'hi' }, err };
  const out = scrubLogFields(fields) as { comment: unknown; err: Record<string, unknown> };
  assert.deepEqual(out.comment, '[redacted]');
  assert.equal(out.err.message, 'boom');
  assert.equal('command' in out.err, false);
  assert.doesNotMatch(JSON.stringify(out), /someone@example\.com/);
});

test('any object of fields → the same JSON as scrubForLog gives', () => {
  const key = fc.oneof(fc.constantFrom('email', 'ip', 'comment', 'headers', 'commentId', 'verdict', 'nested'), fc.string({ maxLength: 8 }));
  const value = fc.letrec((tie) => ({
    leaf: fc.oneof(fc.string({ maxLength: 20 }), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null)),
    node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.dictionary(key, tie('node'), { maxKeys: 4 }), fc.array(tie('leaf'), { maxLength: 3 })),
  })).node;
  fc.assert(
    fc.property(fc.dictionary(key, value, { maxKeys: 6 }), (fields) => {
      assert.equal(JSON.stringify(scrubLogFields(fields)), JSON.stringify(scrubForLog(fields)));
    }),
  );
});

test('a child of the worker\'s job logger with a submitter field in its bindings → the field censored', async () => {
  // In a child process: createLogger writes to file descriptor 1. jobLogger is made as workers/moderation-worker.ts
  // makes it (no redaction paths), so only the scrubbing of bindings stands between a binding and the line.
  // The compiled module, as the worker runs it (the suite itself may run from dist/, where no .ts files are).
  const logger = await builtEntry('src/logger.ts');
  const script = `
    import { createLogger } from ${JSON.stringify(logger)};
    const logger = createLogger('info');
    const jobLogger = logger.child({}, { redact: [] });
    jobLogger.child({ email: 'a@b.c' }).info('x');
    jobLogger.child({ siteId: 'news' }).child({ sub: { ip: '192.0.2.7' } }).info('y');
    logger.child({ email: 'a@b.c' }).info('z');
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, 3, run.stdout);
  assert.ok(!run.stdout.includes('a@b.c') && !run.stdout.includes('192.0.2.7'), run.stdout);
  const [x, y, z] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(x!.email, '[redacted]');
  assert.equal(x!.msg, 'x');
  assert.equal(y!.siteId, 'news');
  assert.deepEqual(y!.sub, { ip: '[redacted]' });
  assert.equal(z!.email, '[redacted]');
});
