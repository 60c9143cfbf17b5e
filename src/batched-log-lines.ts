/**
 * The destination of a buffered logger (createLogger's `buffered`): lines are gathered and handed to the stream
 * joined, once about `minLength` characters have gathered, at the latest every `flushMs`, and on flushSync. Gathered
 * in an array rather than by sonic-boom's own `minLength`, which measured the UTF-8 length of everything gathered so
 * far on every line, copying it into one flat string each time: about 0.6 µs and 2 KB of garbage per line of the
 * worker's.
 */

/** Where the joined lines go: a sonic-boom destination in sync mode, writing each chunk at once. */
export interface LineSink {
  write(text: string): unknown;
  flushSync(): void;
}

export interface BatchedLines {
  write(line: string): boolean;
  /** pino's logger.flush(): hands on what has gathered. */
  flush(cb?: (err?: Error) => void): void;
  /** Hands on what has gathered and waits until the sink has written it (on exit). */
  flushSync(): void;
}

export function batchedLines(sink: LineSink, opts: { minLength: number; flushMs: number }): BatchedLines {
  let lines: string[] = [];
  let length = 0;
  const handOn = (): void => {
    if (lines.length === 0) return;
    const text = lines.length === 1 ? lines[0]! : lines.join('');
    lines = [];
    length = 0;
    sink.write(text);
  };
  setInterval(handOn, opts.flushMs).unref();
  return {
    write(line) {
      lines.push(line);
      length += line.length;
      if (length >= opts.minLength) handOn();
      return true;
    },
    flush(cb) {
      try {
        handOn();
      } catch (err) {
        cb?.(err as Error);
        return;
      }
      cb?.();
    },
    flushSync() {
      handOn();
      sink.flushSync();
    },
  };
}
