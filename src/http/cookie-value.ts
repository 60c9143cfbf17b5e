/** Reads one cookie from a request's Cookie header, for the few cookies the service sets (no parser dependency). */
import type { Request } from 'express';

/** One cookie's value from the Cookie header, or undefined (also for a value that is not valid percent-encoding). */
export function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined; // a stray '%' is a client's garbage, not a server error
      }
    }
  }
  return undefined;
}
