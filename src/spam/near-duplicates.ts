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
/** Characters of a comment read; a longer text's tail does not decide what it is a copy of, nor adds a link domain worth grouping by. */
export const MAX_TEXT = 2_000;
/** Shingles per text kept for the signature: the ones with the smallest hashes, a consistent sample. */
const MAX_SHINGLES = 128;
/** Members of one LSH bucket a new text is compared with before it is left to the other bands. */
const MAX_BUCKET_COMPARISONS = 4;

/** 32-bit FNV-1a of a string. */
export function fnv1a(s: string): number {
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

/** A comment as clustering reads it: normalised once, cut to MAX_TEXT characters, with its links found once. */
export interface PreparedText {
  text: string;
  /** The links in `text`, in order (findUrls). */
  links: string[];
}

export function prepareText(raw: string): PreparedText {
  const text = normalizeText(raw.length > MAX_TEXT ? raw.slice(0, MAX_TEXT) : raw);
  return { text, links: findUrls(text) };
}

/**
 * The words a text is compared by: lower-cased, with every link replaced by one placeholder word (so changing
 * the link does not change the text) and every number by another.
 */
export function comparableWords({ text, links }: PreparedText): string[] {
  // The links are in text order, so one forward pass replaces each.
  let linkFree = '';
  let from = 0;
  for (const url of links) {
    const at = text.indexOf(url, from);
    if (at < 0) continue;
    linkFree += `${text.slice(from, at)} zzlink `;
    from = at + url.length;
  }
  return wordTokens(linkFree + text.slice(from)).map((w) => (/^\d+$/.test(w) ? 'zznum' : w));
}

/** Hashes of a text's word shingles (a short text is one shingle), at most MAX_SHINGLES of them. */
export function shingleHashes(prepared: PreparedText): number[] {
  const words = comparableWords(prepared);
  if (words.length === 0) return [];
  const set = new Set<number>();
  if (words.length < SHINGLE_WORDS) set.add(fnv1a(words.join(' ')));
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) set.add(fnv1a(`${words[i]} ${words[i + 1]} ${words[i + 2]}`));
  const hashes = [...set];
  if (hashes.length <= MAX_SHINGLES) return hashes;
  // Keeping the smallest hashes samples the same shingles from every copy, so similarity survives the cut.
  return hashes.sort((a, b) => a - b).slice(0, MAX_SHINGLES);
}

/** The MinHash signature of a text (raw, or prepared), or null when it has no words to compare. */
export function minHashSignature(text: string | PreparedText): Uint32Array | null {
  const shingles = shingleHashes(typeof text === 'string' ? prepareText(text) : text);
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

/** One band of a signature as a number: its rows hashed together. */
function bandKey(sig: Uint32Array, band: number): number {
  let h = band;
  for (let r = band * ROWS; r < (band + 1) * ROWS; r++) h = mix(h, sig[r]!);
  return h;
}

/**
 * Groups texts that are near-duplicates of each other (transitively). Returns groups of indexes into
 * `texts`, each in input order, groups of two or more only, in order of their first member.
 */
export function nearDuplicateGroups(texts: readonly (string | PreparedText)[], similarity = NEAR_DUPLICATE_SIMILARITY): number[][] {
  return groupSignatures(texts.map(minHashSignature), similarity);
}

/** nearDuplicateGroups for signatures computed beforehand (null: a text without words, never grouped). */
export function groupSignatures(sigs: readonly (Uint32Array | null)[], similarity = NEAR_DUPLICATE_SIMILARITY): number[][] {
  const parent = sigs.map((_, i) => i);
  // One map per band; a band's key is a 32-bit hash of its rows, and a rare collision only costs a comparison.
  const buckets = Array.from({ length: BANDS }, () => new Map<number, number[]>());
  sigs.forEach((sig, i) => {
    if (!sig) return;
    for (let b = 0; b < BANDS; b++) {
      const key = bandKey(sig, b);
      const members = buckets[b]!.get(key);
      if (!members) {
        buckets[b]!.set(key, [i]);
        continue;
      }
      const root = find(parent, i);
      for (const j of members) {
        // Already joined (directly or through another band): nothing to compare.
        if (find(parent, j) === root) continue;
        if (estimatedSimilarity(sig, sigs[j]!) >= similarity) parent[find(parent, j)] = root;
      }
      if (members.length < MAX_BUCKET_COMPARISONS) members.push(i);
    }
  });
  const groups = new Map<number, number[]>();
  sigs.forEach((_, i) => {
    const root = find(parent, i);
    const g = groups.get(root);
    if (g) g.push(i);
    else groups.set(root, [i]);
  });
  return [...groups.values()].filter((g) => g.length > 1).sort((a, b) => a[0]! - b[0]!);
}
