/**
 * Standard output written with fs.writeSync on descriptor 1 rather than through process.stdout, for a batch CLI whose
 * output is all it writes there: creating process.stdout loads Node's stream and socket modules (about 10 million
 * instructions, 3 ms of CPU, when it is a pipe), a fixed cost that is a visible share of a short batch. Writes were
 * synchronous already (process.stdout is, for files and for pipes on Linux), so the bytes and their order are the same.
 * A descriptor that would block (opened non-blocking by the parent: EAGAIN) hands the rest of the output to
 * process.stdout, in order. A closed pipe (EPIPE) is thrown where the write is made, so the CLI reports it as an error
 * line instead of an unhandled stream error.
 */
import { writeSync } from 'node:fs';
import type { CliIo } from './common.ts';

/** What a CLI writes its output with. */
export interface OutputSink {
  write(chunk: string): boolean;
}

/**
 * A sink writing to descriptor `fd` with writeSync; `fallback` gives the stream used from the first EAGAIN on. `write`
 * is the system call, a parameter so that tests can make it short or refuse it.
 */
export function directSink(
  fd: number,
  fallback: () => { write(chunk: string | Uint8Array): boolean },
  write: (fd: number, buf: Uint8Array, off: number) => number = (f, b, o) => writeSync(f, b, o),
): OutputSink {
  let stream: { write(chunk: string | Uint8Array): boolean } | undefined;
  // The bytes of each chunk are encoded into one buffer kept from chunk to chunk, sized for the worst case (three bytes
  // per UTF-16 unit): Buffer.from counts the bytes first (a second pass over a two-byte string) and allocates a
  // buffer for every chunk.
  let scratch = Buffer.allocUnsafe(0);
  return {
    write(chunk: string): boolean {
      if (stream !== undefined) return stream.write(chunk);
      if (scratch.length < chunk.length * 3) scratch = Buffer.allocUnsafe(chunk.length * 3);
      const buf = scratch.subarray(0, scratch.write(chunk, 0, 'utf8'));
      let off = 0;
      try {
        // A write may take only part of the buffer (a pipe, a signal): the rest is written next.
        while (off < buf.length) off += write(fd, buf, off);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        stream = fallback();
        // A copy: the scratch buffer is written over by the next chunk, and the stream may still hold this one.
        return stream.write(off === 0 ? chunk : Buffer.from(buf.subarray(off)));
      }
      return true;
    },
  };
}

/** `io` with its stdout replaced by a direct sink on descriptor 1; stderr is still created only when first used. */
export function withDirectStdout(io: CliIo): CliIo {
  const stdout = directSink(1, () => process.stdout);
  return {
    stdout,
    get stderr() {
      return io.stderr;
    },
    env: io.env,
  };
}
