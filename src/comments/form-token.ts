/**
 * The widget's signed render timestamp. The widget fetches a token when it shows the form and sends
 * it back with the comment; a valid token tells the worker how long the reader took to write.
 * Unsigned or forged timestamps are ignored rather than penalised: backends never send one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface FormTokens {
  issue(now?: number): string;
  /** Milliseconds since the token was issued, or undefined if it is missing, forged or older than a day. */
  elapsed(token: unknown, now?: number): number | undefined;
}

const MAX_AGE_MS = 24 * 3600 * 1000;

export function createFormTokens(secret: string): FormTokens {
  const sign = (ts: string) => createHmac('sha256', secret).update(`form:${ts}`).digest('base64url');
  return {
    issue(now = Date.now()) {
      const ts = String(now);
      return `${ts}.${sign(ts)}`;
    },
    elapsed(token, now = Date.now()) {
      if (typeof token !== 'string' || token.length > 100) return undefined;
      const [ts, sig] = token.split('.');
      if (!ts || !sig || !/^\d{10,16}$/.test(ts)) return undefined;
      const expected = Buffer.from(sign(ts));
      const given = Buffer.from(sig);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      const elapsed = now - Number(ts);
      return elapsed >= 0 && elapsed <= MAX_AGE_MS ? elapsed : undefined;
    },
  };
}
