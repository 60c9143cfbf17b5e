/**
 * The classify CLI's direct stdout: every byte written once and in order through short writes, the rest handed to the
 * stream from the first EAGAIN, other errors thrown where the write is made.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { directSink } from '../../src/cli/direct-stdout.ts';

const errno = (code: string): Error => Object.assign(new Error(code), { code });

test('short writes: the rest of the buffer is written next, bytes in order (multi-byte characters split anywhere)', () => {
  const got: number[] = [];
  let call = 0;
  const sink = directSink(1, () => assert.fail('no fallback'), (_fd, buf, off) => {
    // 1, 2 or 3 bytes at a time.
    const n = Math.min(buf.length - off, 1 + (call++ % 3));
    for (let i = 0; i < n; i++) got.push(buf[off + i]!);
    return n;
  });
  const parts = ['{"a":"é€😀"}\n', '', 'plain\n', 'ü'.repeat(50)];
  for (const p of parts) sink.write(p);
  assert.equal(Buffer.from(got).toString('utf8'), parts.join(''));
});

test('EAGAIN: what was not written, and every later chunk, goes to the fallback stream in order', () => {
  const direct: number[] = [];
  const streamed: Array<string | Uint8Array> = [];
  let calls = 0;
  let fallbacks = 0;
  const sink = directSink(
    1,
    () => {
      fallbacks++;
      return { write: (c: string | Uint8Array) => (streamed.push(c), true) };
    },
    (_fd, buf, off) => {
      if (++calls > 2) throw errno('EAGAIN');
      direct.push(buf[off]!);
      return 1;
    },
  );
  sink.write('abcdef');
  sink.write('ghi');
  assert.equal(fallbacks, 1);
  assert.equal(Buffer.from(direct).toString() + streamed.map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString())).join(''), 'abcdefghi');
  assert.equal(typeof streamed[1], 'string');
});

test('EAGAIN on a first write: the chunk itself goes to the stream', () => {
  const streamed: Array<string | Uint8Array> = [];
  const sink = directSink(1, () => ({ write: (c: string | Uint8Array) => (streamed.push(c), true) }), () => {
    throw errno('EAGAIN');
  });
  sink.write('xyz');
  assert.deepEqual(streamed, ['xyz']);
});

test('any other error (a closed pipe) is thrown by write, and nothing is handed to the stream', () => {
  const sink = directSink(1, () => assert.fail('no fallback'), () => {
    throw errno('EPIPE');
  });
  assert.throws(() => sink.write('x'), /EPIPE/);
});

test('chunks of any length, after longer ones, with lone surrogates → the bytes Buffer.from gives, chunk by chunk', () => {
  const written: Buffer[] = [];
  const sink = directSink(1, () => assert.fail('no fallback'), (_fd, buf, off) => {
    written.push(Buffer.from(buf.subarray(off)));
    return buf.length - off;
  });
  const parts = ['é😀'.repeat(40), 'a\ud800b', '\udc00', 'short', '€'.repeat(7)];
  for (const p of parts) sink.write(p);
  assert.deepEqual(written, parts.map((p) => Buffer.from(p, 'utf8')));
});
