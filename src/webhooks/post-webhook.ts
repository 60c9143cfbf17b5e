/**
 * One HTTP POST of a webhook body, with the target check applied to the address actually connected
 * to (see webhook-target.ts). Redirects are never followed: a 3xx is just a failed attempt.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { bareHost, guardedLookup, permittedAddresses, type Resolver } from './webhook-target.ts';

export interface PostOptions {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
  /** Host-name resolution, replaceable in tests; the system resolver by default. */
  resolve?: Resolver;
}

export class WebhookTimeoutError extends Error {
  override name = 'TimeoutError';
}

/** Resolves with the status code once the whole answer is read; rejects on refusal, network error or timeout. */
export async function postWebhook(rawUrl: string, opts: PostOptions): Promise<number> {
  const url = new URL(rawUrl);
  const host = bareHost(url);
  // Sockets skip `lookup` for IP literals, so those are checked here.
  if (isIP(host)) await permittedAddresses(host, opts);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = Buffer.from(opts.body);
  return new Promise<number>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...opts.headers, 'Content-Length': String(body.length) },
        lookup: guardedLookup(opts),
        agent: false,
        signal: AbortSignal.timeout(opts.timeoutMs),
      },
      (res: IncomingMessage) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', (err: Error) => reject(err.name === 'AbortError' ? new WebhookTimeoutError(`timed out after ${opts.timeoutMs} ms`) : err));
    req.end(body);
  });
}
