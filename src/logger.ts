/**
 * Builds the service's pino logger: structured JSON to stdout (or readable lines with LOG_PRETTY=1), with secrets and submitter data kept
 * out of every line. Errors are logged as type, message, code, stack and cause only: a Redis error
 * carries the failed command's arguments (a comment's e-mail, IP, user agent and text), a body-parser
 * error the raw body. Every logged object is scrubbed, nested fields and errors under any key included, and so are
 * a child logger's bindings (withScrubbedBindings).
 */
import { pino, type Logger, type LoggerOptions as PinoOptions } from 'pino';
import { batchedLines } from './batched-log-lines.ts';

/** Fields that hold what a submitter typed or sent, or a library's copy of it. Never logged. */
const SUBMITTER_FIELDS = new Set(['email', 'ip', 'userAgent', 'comment', 'website', 'text', 'body', 'rawBody', 'command', 'args', 'headers', 'moderatorToken']);
const CENSOR = '[redacted]';
const MAX_DEPTH = 8;

interface SafeError {
  type: string;
  message: string;
  code?: string | number;
  stack?: string;
  cause?: SafeError | string;
}

/** An error as its kind and message; never the data of the operation that failed. */
export function safeError(err: Error, depth = 0): SafeError {
  const out: SafeError = { type: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}) };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (err.cause !== undefined && depth < MAX_DEPTH) out.cause = err.cause instanceof Error ? safeError(err.cause, depth + 1) : CENSOR;
  return out;
}

/** A copy of `value` with errors made safe and submitter fields censored, at any depth. */
export function scrubForLog(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value instanceof Error) return safeError(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrubForLog(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SUBMITTER_FIELDS.has(k) && v !== null && v !== undefined ? CENSOR : scrubForLog(v, depth + 1, seen);
  }
  return out;
}

/**
 * The fields of a log line, scrubbed: scrubForLog's copy, or the object itself when a copy would change nothing (a
 * plain object whose values are all primitives and none of whose keys is a submitter field), as for the worker's
 * line per decision. Copying it, and the WeakSet of the walk, were most of what formatting that line allocated.
 */
export function scrubLogFields(obj: Record<string, unknown>): Record<string, unknown> {
  if (Object.getPrototypeOf(obj) === Object.prototype) {
    let flat = true;
    for (const k in obj) {
      const v = obj[k];
      if ((v !== null && typeof v === 'object') || SUBMITTER_FIELDS.has(k)) {
        flat = false;
        break;
      }
    }
    if (flat) return obj;
  }
  return scrubForLog(obj) as Record<string, unknown>;
}

/** A request URL for logs: query strings and path segments holding an address are left out. */
export function safeUrl(url: unknown): unknown {
  if (typeof url !== 'string') return url;
  const path = url.split('?', 1)[0]!;
  return path
    .split('/')
    .map((segment) => (segment.includes('@') || segment.includes('%40') ? CENSOR : segment))
    .join('/');
}

export interface LoggerOptions {
  /** pino-pretty output for people at a terminal; JSON lines otherwise. */
  pretty?: boolean;
  /**
   * Lines are gathered and written to stdout together (when 4 KB have gathered, at the latest every
   * BUFFERED_FLUSH_MS, and on exit) instead of one blocking write per line. For a process that logs a line per
   * job: a write per line cost the worker about a sixth of its CPU. A SIGKILL loses at most the last
   * BUFFERED_FLUSH_MS of lines.
   */
  buffered?: boolean;
}

/** How long a buffered logger's lines may wait before they are written. */
export const BUFFERED_FLUSH_MS = 100;

export function createLogger(level: string, opts: LoggerOptions = {}): Logger {
  const options: PinoOptions = {
    level,
    formatters: { log: scrubLogFields },
    serializers: { err: (e: unknown) => scrubForLog(e), url: safeUrl },
    redact: { paths: ['req.headers.authorization', 'email', '*.email', 'moderatorToken'], censor: CENSOR },
    ...(opts.pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  };
  if (opts.buffered && !opts.pretty) {
    // Written synchronously like pino's default destination (no thread pool, and a line is never reordered),
    // only in batches; what is still gathered when the process exits is written on the way out.
    // Larger batches (8 and 12 KB) measured no cheaper per line to a pipe. The lines are gathered by batchedLines,
    // not by sonic-boom's minLength, which re-measured (and copied) everything gathered on every line.
    const destination = batchedLines(pino.destination({ dest: 1, sync: true }), { minLength: 4096, flushMs: BUFFERED_FLUSH_MS });
    process.once('exit', () => {
      try {
        destination.flushSync();
      } catch {
        // stdout is gone (a closed pipe): nothing left to write to.
      }
    });
    return withScrubbedBindings(pino(options, destination));
  }
  return withScrubbedBindings(pino(options));
}

/**
 * Makes the bindings of every child (and grandchild) of `logger` scrubbed like a line's fields. pino formats a
 * child's bindings once, when the child is made, and neither the `log` formatter nor a `bindings` formatter runs on
 * them (pino gives each child an identity bindings formatter), and a child made with `redact: []` drops the
 * redaction paths too: without this, `child({ email })` would print the address on each of its lines. A child is
 * made with Object.create from its parent, so this `child`, set on the root, is the one every descendant calls.
 */
function withScrubbedBindings(logger: Logger): Logger {
  type ChildFn = (this: Logger, bindings: Record<string, unknown>, options?: unknown) => Logger;
  const target = logger as unknown as { child: ChildFn };
  const child = target.child;
  target.child = function scrubbedChild(bindings, options) {
    return child.call(this, scrubLogFields(bindings), options);
  };
  return logger;
}
