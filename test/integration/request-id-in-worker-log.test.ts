/**
 * A request id travels with the comment: the id the API answered with (or was given in X-Request-Id) appears on
 * the worker's log line for that comment's decision, and the job payload holds only ids.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import pino from 'pino';
import request from 'supertest';
import { startTestStack, type TestStack } from '../support/harness.ts';

const lines: Array<Record<string, unknown>> = [];
let stack: TestStack;

before(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  stack = await startTestStack({ logger: pino({ level: 'info' }, sink) });
});
after(() => stack.stop());

const reply = { threadId: 'trace-1', name: 'Jo Reader', email: 'jo@example.com', comment: 'I think the second chart is mislabelled.' };

test('POST /api/v1/comments with X-Request-Id → the worker logs the decision of that comment with the same requestId', async () => {
  const res = await request(stack.origin).post('/api/v1/comments').set('X-Request-Id', 'edge-7f3a9c').send(reply).expect(202);
  assert.equal(res.headers['x-request-id'], 'edge-7f3a9c');
  const id = res.body.id as string;
  const decided = await stack.waitFor(async () => lines.find((l) => l.msg === 'comment decided' && l.commentId === id));
  assert.equal(decided.requestId, 'edge-7f3a9c');
});

test('without X-Request-Id the generated id is the one the worker logs', async () => {
  const res = await request(stack.origin).post('/api/v1/comments').send({ ...reply, comment: 'A second, different remark about the chart.' }).expect(202);
  const generated = res.headers['x-request-id'];
  assert.match(generated ?? '', /^[0-9a-f-]{36}$/);
  const decided = await stack.waitFor(async () => lines.find((l) => l.msg === 'comment decided' && l.commentId === res.body.id));
  assert.equal(decided.requestId, generated);
  assert.ok(!lines.some((l) => JSON.stringify(l).includes('jo@example.com')), 'no submitter data in any log line');
});
