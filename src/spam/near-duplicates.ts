/**
 * Near-duplicate text detection for bulk moderation: word shingles, MinHash signatures and LSH banding.
 * A spam wave that changes the greeting, the name or the link in each copy still shares most of its word
 * triples, so the copies' estimated Jaccard similarity stays high while unrelated comments share almost none.
 * Pure and bounded: per text at most MAX_TEXT characters are read and at most MAX_SHINGLES shingles hashed,
 * and grouping compares each text with a bounded number of candidates per band, so n texts cost O(n).
 */
import { findUrls, normalizeText, wordTokens } from './tokenize.ts';

/** Words per shingle. Three keeps "the same sentence with another name" similar and unrelated prose apart. */
export const SHINGLE_WORDS = 3;
/** MinHash functions per signature: BANDS × ROWS. */
const BANDS = 16;
const ROWS = 4;
const HASHES = BANDS * ROWS;
/** Estimated Jaccard similarity from which two texts count as near-duplicates. */
export const NEAR_DUPLICATE_SIMILARITY = 0.5;
/** Characters of a comment read; a longer text's tail does not decide what it is a copy of. */
const MAX_TEXT = 4_000;
/** Shingles per text kept for the signature: the ones with the smallest hashes, a consistent sample. */
const MAX_SHINGLES = 256;
/** Members of one LSH bucket a new text is compared with before it is left to the other bands. */
const MAX_BUCKET_COMPARISONS = 4;

/** 32-bit FNV-1a of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit finaliser (murmur3's fmix32): a different hash function for every seed. */
function mix(h: number, seed: number): number {
  let x = (h ^ seed) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const SEEDS: readonly number[] = Array.from({ length: HASHES }, (_, i) => mix(i + 1, 0x9e3779b9));

/**
 * The words a text is compared by: normalised, lower-cased, with every link replaced by one placeholder
 * word (so changing the link does not change the text) and every number by another.
 */
export function comparableWords(text: string): string[] {
  const t = normalizeText(text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text);
  // findUrls returns the links in text order, so one forward pass replaces each.
  let linkFree = '';
  let from = 0;
  for (const url of findUrls(t)) {
    const at = t.indexOf(url, from);
    if (at < 0) continue;
    linkFree += `${t.slice(from, at)} zzlink `;
    from = at + url.length;
  }
  return wordTokens(linkFree + t.slice(from)).map((w) => (/^\d+$/.test(w) ? 'zznum' : w));
}

/** Hashes of a text's word shingles (a short text is one shingle), at most MAX_SHINGLES of them. */
export function shingleHashes(text: string): number[] {
  const words = comparableWords(text);
  if (words.length === 0) return [];
  const set = new Set<number>();
  if (words.length < SHINGLE_WORDS) set.add(fnv1a(words.join(' ')));
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) set.add(fnv1a(words.slice(i, i + SHINGLE_WORDS).join(' ')));
  const hashes = [...set];
  if (hashes.length <= MAX_SHINGLES) return hashes;
  // Keeping the smallest hashes samples the same shingles from every copy, so similarity survives the cut.
  return hashes.sort((a, b) => a - b).slice(0, MAX_SHINGLES);
}

/** The MinHash signature of a text, or null when it has no words to compare. */
export function minHashSignature(text: string): Uint32Array | null {
  const shingles = shingleHashes(text);
  if (shingles.length === 0) return null;
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const h of shingles) {
    for (let i = 0; i < HASHES; i++) {
      const v = mix(h, SEEDS[i]!);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of two texts: the share of signature positions that agree. */
export function estimatedSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < HASHES; i++) if (a[i] === b[i]) same++;
  return same / HASHES;
}

function find(parent: number[], i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]!]!;
    i = parent[i]!;
  }
  return i;
}

/**
 * Groups texts that are near-duplicates of each other (transitively). Returns groups of indexes into
 * `texts`, each in input order, groups of two or more only, in order of their first member.
 */
export function nearDuplicateGroups(texts: readonly string[], similarity = NEAR_DUPLICATE_SIMILARITY): number[][] {
  const sigs = texts.map(minHashSignature);
  const parent = texts.map((_, i) => i);
  const buckets = new Map<string, number[]>();
  sigs.forEach((sig, i) => {
    if (!sig) return;
    for (let b = 0; b < BANDS; b++) {
      const key = `${b}:${Array.from(sig.subarray(b * ROWS, (b + 1) * ROWS)).join(',')}`;
      const members = buckets.get(key);
      if (!members) {
        buckets.set(key, [i]);
        continue;
      }
      // Already joined to one of this bucket's first members: nothing new to learn from the band.
      const root = find(parent, i);
      for (const j of members) {
        if (find(parent, j) === root) continue;
        if (estimatedSimilarity(sig, sigs[j]!) >= similarity) parent[find(parent, j)] = root;
      }
      if (members.length < MAX_BUCKET_COMPARISONS) members.push(i);
    }
  });
  const groups = new Map<number, number[]>();
  texts.forEach((_, i) => {
    const root = find(parent, i);
    const g = groups.get(root);
    if (g) g.push(i);
    else groups.set(root, [i]);
  });
  return [...groups.values()].filter((g) => g.length > 1).sort((a, b) => a[0]! - b[0]!);
}
