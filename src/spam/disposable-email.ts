/**
 * Disposable (throwaway) e-mail domains, from the maintained `mailchecker` list (~56 000 domains). A throwaway
 * address says nothing about the text, but it is what bulk posters use, so it is one more kind of evidence.
 * The list is loaded on first use, not on import, and kept as one sorted string searched by halves: about 1.3 MB,
 * where the package's own module (its source, compiled, plus a Set of 56 000 strings) costs every worker over 10 MB.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface DomainList {
  has(domain: string): boolean;
}

let domains: DomainList | null = null;

/** How text[from, to) compares with `s` (negative: before it, 0: equal, positive: after), as `<` orders strings. */
function compareAt(text: string, from: number, to: number, s: string): number {
  const len = to - from;
  const n = Math.min(len, s.length);
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(from + i) - s.charCodeAt(i);
    if (d !== 0) return d;
  }
  return len - s.length;
}

/** The sorted domains joined by '\n', and where each one starts. */
function sortedList(all: string[]): DomainList {
  const sorted = [...new Set(all.map((d) => d.toLowerCase()))].sort();
  const text = sorted.join('\n');
  const starts = new Uint32Array(sorted.length + 1);
  let at = 0;
  sorted.forEach((d, i) => {
    starts[i] = at;
    at += d.length + 1;
  });
  starts[sorted.length] = at;
  // Only the count is kept: a closure naming `sorted` would keep its 56,000 strings alive next to `text`.
  const count = sorted.length;
  return {
    has(domain) {
      let lo = 0;
      let hi = count - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        // Compared in place, code unit by code unit as `<` compares strings: a slice per probe cost every job some
        // thirty strings.
        const order = compareAt(text, starts[mid]!, starts[mid + 1]! - 1, domain);
        if (order === 0) return true;
        if (order < 0) lo = mid + 1;
        else hi = mid - 1;
      }
      return false;
    },
  };
}

function load(): DomainList {
  const requireHere = createRequire(import.meta.url);
  const file = requireHere.resolve('mailchecker/platform/node/index.js');
  // The package is one module holding the list as `new Set([...])`: read the literal instead of running it.
  const literal = /new Set\((\["[^\]]*\])\)/.exec(readFileSync(file, 'utf8'))?.[1];
  const parsed: unknown = literal ? JSON.parse(literal) : null;
  if (Array.isArray(parsed) && parsed.length > 1000 && parsed.every((d) => typeof d === 'string')) return sortedList(parsed);
  // A future layout of the package: fall back to its own API.
  const mailchecker = requireHere(file) as { blacklist(): Set<string> };
  return sortedList([...mailchecker.blacklist()]);
}

function list(): DomainList {
  domains ??= load();
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
