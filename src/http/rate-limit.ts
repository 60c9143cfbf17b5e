/**
 * Fixed-window rate limiting kept in Redis (via rate-limiter-flexible), so the limit holds across
 * any number of API processes. If Redis is down the limiter lets the request through: the store
 * call that follows answers 503 on its own, and a limiter outage must not lock everyone out.
 */
import type { RequestHandler, Request, Response } from 'express';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors.ts';

/** Counts one hit for `key`; answers whether it is allowed and, if not, when to retry. */
export interface RateLimiter {
  consume(key: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
}

function wrap(limiter: RateLimiterRedis): RateLimiter {
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
        return { allowed: true };
      } catch (res) {
        if (res instanceof RateLimiterRes) {
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
        }
        return { allowed: true };
      }
    },
  };
}

/** `storeClient` is the ioredis connection, passed through untyped so only the store layer imports ioredis. */
export function createRedisRateLimiter(storeClient: unknown, prefix: string, perMinute: number, name = 'ip'): RateLimiter {
  return wrap(
    new RateLimiterRedis({ storeClient, keyPrefix: `${prefix}:rl:${name}`, points: perMinute, duration: 60, useRedisPackage: false }),
  );
}

export function rateLimit(limiter: RateLimiter | undefined, keyOf: (req: Request, res: Response) => string): RequestHandler {
  // Switched off: no promise per request.
  if (!limiter) return (_req, _res, next) => next();
  return async (req, res, next) => {
    const r = await limiter.consume(keyOf(req, res));
    if (r.allowed) return next();
    next(new RateLimitedError(`Too many comments; try again in ${r.retryAfterSeconds} s`, r.retryAfterSeconds));
  };
}

/**
 * Counts failures (wrong moderator tokens) per client. Once a client has failed `limit` times within
 * the window it is blocked for the window: every attempt answers 429 without being checked, so a
 * guess can't be confirmed while blocked.
 */
export interface FailureLimiter {
  /** Seconds until `key` may try again; 0 when it is not blocked. */
  blockedFor(key: string): Promise<number>;
  /** Records one failure for `key`. */
  fail(key: string): Promise<void>;
}

/** Like createRedisRateLimiter, `storeClient` is the ioredis connection, passed through untyped. */
export function createRedisFailureLimiter(storeClient: unknown, prefix: string, limit: number, windowSeconds: number, name = 'authfail'): FailureLimiter {
  const limiter = new RateLimiterRedis({
    storeClient,
    keyPrefix: `${prefix}:rl:${name}`,
    points: limit,
    duration: windowSeconds,
    blockDuration: windowSeconds,
    useRedisPackage: false,
  });
  return {
    async blockedFor(key) {
      const res = await limiter.get(key);
      if (!res || res.consumedPoints < limit) return 0;
      return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    },
    async fail(key) {
      // Rejects once over the limit; that rejection is the block being set, not an error.
      await limiter.consume(key).catch((res: unknown) => {
        if (!(res instanceof RateLimiterRes)) throw res;
      });
    },
  };
}
