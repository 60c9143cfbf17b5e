/**
 * Disposable (throwaway) e-mail domains, from the maintained `mailchecker` list (~56 000 domains). A throwaway
 * address says nothing about the text, but it is what bulk posters use, so it is one more kind of evidence.
 * The list is loaded on first use (about 45 ms), not on import.
 */
import { createRequire } from 'node:module';

let domains: ReadonlySet<string> | null = null;

function list(): ReadonlySet<string> {
  if (!domains) {
    const mailchecker = createRequire(import.meta.url)('mailchecker/platform/node/index.js') as { blacklist(): Set<string> };
    domains = mailchecker.blacklist();
  }
  return domains;
}

/** True when the domain of an e-mail address, or a parent domain of it, is a known disposable-mail provider. */
export function isDisposableEmailDomain(domain: string): boolean {
  const set = list();
  let d = domain.toLowerCase();
  // Parent domains too ("x.mailinator.com"), a few levels up: the work stays bounded whatever the input.
  for (let level = 0; level < 6; level++) {
    if (set.has(d)) return true;
    const dot = d.indexOf('.');
    if (dot < 0 || d.indexOf('.', dot + 1) < 0) return false;
    d = d.slice(dot + 1);
  }
  return false;
}
