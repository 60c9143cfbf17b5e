/**
 * Site phrases: the word triples of a comment, hashed, as features that only a site's own moderator decisions teach.
 * A site's readers repeat their own idioms ("can't stop watching", "ok i'll call you", "the first comment"), which
 * its words alone do not carry: the words of an idiom are also the words of spam written to sound like a reader.
 * The default model has no phrase features (word bigrams there cost more on other sites than they gained,
 * docs/classifier.md), so a phrase has no evidence until the site's moderators approve comments with it; then it
 * lowers a score through the same Dirichlet update as a word the base model never saw. Only towards the readers: a
 * phrase never raises a score (the scorer drops its spam side, see classifier.ts), so a site's phrases cannot hold
 * a comment.
 *
 * Bounded: a comment gives at most MAX_PHRASES phrases, each a 32-bit hash (no text is kept), and a site keeps at
 * most MAX_SITE_PHRASE_KEYS phrase keys (the learning stores stop adding new ones there). Words are compared as the
 * moderation clusters compare comments (near-duplicates.ts): lower-cased, every link one placeholder word, every
 * number another.
 */
import { comparableWords, fnv1a, prepareText } from './near-duplicates.ts';

/** Phrase features per comment: the distinct triples of a long comment, bounded for the store's fetch. */
export const MAX_PHRASES = 64;
/**
 * Phrase keys a site keeps, both classes together (a key counted in both counts twice). About the triples of
 * 4 000 text messages; past it a site keeps learning the phrases it has and adds no new ones.
 */
export const MAX_SITE_PHRASE_KEYS = 60_000;
/** Prefix of a phrase feature: `p:` and the triple's hash in base 36. */
export const PHRASE_PREFIX = 'p:';
/** The full 32-bit hash: collisions with 2^15–2^18 buckets measured worse (docs/classifier.md). */
const FULL_HASH = 2 ** 32;

/** An order-sensitive 32-bit combination of two hashes (murmur3's finaliser over the first, the second mixed in). */
function combine(a: number, b: number): number {
  let x = Math.imul(a ^ (a >>> 16), 0x85ebca6b) ^ b;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Whether a feature is a site phrase. */
export function isPhraseFeature(f: string): boolean {
  return f.charCodeAt(0) === 112 /* p */ && f.charCodeAt(1) === 58 /* : */;
}

/**
 * The distinct phrase features of a comment's text, in text order, at most MAX_PHRASES; none for fewer than three
 * words. `buckets` folds the hashes into fewer values (only to measure collisions).
 */
export function sitePhraseFeatures(text: string, buckets: number = FULL_HASH): string[] {
  const words = comparableWords(prepareText(text));
  const out: string[] = [];
  if (words.length < 3) return out;
  // Each word hashed once, each triple's hash combined from its words' (no string built per triple: half the cost).
  const h = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) h[i] = fnv1a(words[i]!);
  const seen = new Set<number>();
  for (let i = 0; i + 2 < words.length && out.length < MAX_PHRASES; i++) {
    const b = combine(combine(h[i]!, h[i + 1]!), h[i + 2]!) % buckets;
    if (seen.has(b)) continue;
    seen.add(b);
    out.push(PHRASE_PREFIX + b.toString(36));
  }
  return out;
}

/**
 * A comment's features as a site learns them from its moderators' decisions and scores them: its features, then its
 * phrases. `features` itself is returned when the text has no phrase.
 */
export function withSitePhrases(features: string[], text: string, buckets?: number): string[] {
  const phrases = sitePhraseFeatures(text, buckets);
  return phrases.length === 0 ? features : features.concat(phrases);
}
