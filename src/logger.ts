/** Builds the service's pino logger; structured JSON to stdout (or readable lines with LOG_PRETTY=1), with secrets redacted. */
import { pino, type Logger } from 'pino';

export interface LoggerOptions {
  /** pino-pretty output for people at a terminal; JSON lines otherwise. */
  pretty?: boolean;
}

export function createLogger(level: string, opts: LoggerOptions = {}): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.authorization', 'email', '*.email', 'moderatorToken'], censor: '[redacted]' },
    ...(opts.pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  });
}
