/**
 * A wait with a bound: what must answer in time while Redis is down, when the client (BullMQ's connection) queues its
 * commands until Redis is back instead of failing them, so that their promises would not settle until then.
 */

/** How long a check of Redis (/readyz, the queue dashboard's data calls, a metrics scrape's queue counts) waits for an answer. */
export const REDIS_ANSWER_MS = 1000;

/**
 * The promise's value, or undefined once `ms` have passed first (a rejection stays a rejection). The timer is not
 * unref'd, or a process waiting on nothing else would exit before the answer; it is cleared as soon as `p` settles.
 */
export function withinMs<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** True when `p` fulfils within `ms`; false when it rejects or takes longer. */
export function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  return withinMs(
    p.then(
      () => true,
      () => false,
    ),
    ms,
  ).then((ok) => ok === true);
}
