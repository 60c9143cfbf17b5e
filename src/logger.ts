/** Builds the service's pino logger; structured JSON to stdout, with secrets redacted. */
import { pino, type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.authorization', 'email', '*.email', 'moderatorToken'], censor: '[redacted]' },
  });
}
