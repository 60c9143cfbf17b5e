/**
 * Word and phrase matching for site rules: text and phrases are folded the same way (NFKC, case fold,
 * accents and invisible characters removed, every run of non-word characters one space), and one
 * Aho–Corasick automaton finds every listed phrase that occurs on word boundaries, in time linear in the
 * text however many phrases there are.
 */

/** Zero-width characters, word joiners, BOMs and soft hyphens: used to split words past filters. */
const INVISIBLE = /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/g;
/** Combining accents of Latin, Greek and Cyrillic letters (what NFD splits `í` into); other scripts' marks stay. */
const ACCENTS = /[\u0300-\u036f]/g;
/** Anything that is not part of a word separates words. */
const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/gu;
/** Scripts written without spaces between words: a phrase edge in one of them needs no word boundary. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/**
 * Case-insensitive, Unicode-normalised form of a text or phrase: `ＣＡＳＩＮＯ`, `Casíno`, `CA\u200bSINO` and
 * `casino` fold alike. Words are separated by single spaces, with one at each end, so a phrase on word
 * boundaries is a plain substring. Linear in the input.
 */
export function foldWords(s: string): string {
  // Plain ASCII needs no Unicode normalisation: most comments skip the costly passes.
  const folded = (ASCII.test(s) ? s.toLowerCase() : foldUnicode(s)).replace(SEPARATORS, ' ').trim();
  return folded ? ` ${folded} ` : ' ';
}

// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL on purpose
const ASCII = /^[\x00-\x7f]*$/;

function foldUnicode(s: string): string {
  return s
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .toLowerCase()
    // toLowerCase leaves these two; full case folding maps them.
    .replace(/ß/g, 'ss')
    .replace(/ς/g, 'σ')
    .normalize('NFD')
    .replace(ACCENTS, '');
}

/**
 * A listed phrase as the automaton looks for it: folded, with a boundary space on each end unless that
 * end is `*` (match inside words) or a letter of a script written without spaces. Null when the phrase
 * has no letters or digits at all.
 */
export function phrasePattern(phrase: string): string | null {
  const raw = phrase.trim();
  const openStart = raw.startsWith('*');
  const openEnd = raw.endsWith('*') && raw.length > 1;
  const core = foldWords(raw.slice(openStart ? 1 : 0, openEnd ? -1 : undefined)).trim();
  if (!core) return null;
  const start = openStart || UNSPACED.test(core[0]!) ? '' : ' ';
  const end = openEnd || UNSPACED.test(core[core.length - 1]!) ? '' : ' ';
  return `${start}${core}${end}`;
}

/** Finds which of a fixed set of patterns occur in a text (Aho–Corasick over UTF-16 code units). */
export class PhraseAutomaton {
  /** (node * 65536 + code unit) → child node: one map for the whole trie keeps it compact. */
  private readonly edges = new Map<number, number>();
  private fail: Int32Array = new Int32Array(1);
  /** The nearest node on the failure chain (itself included) that ends a pattern; 0 for none. */
  private outNode: Int32Array = new Int32Array(1);
  /** The next node after this one on the failure chain that ends a pattern; 0 for none. */
  private nextOut: Int32Array = new Int32Array(1);
  /** Pattern ids that end at a node. */
  private readonly ends = new Map<number, number[]>();
  /** Stamps of nodes already reported during the current match, so each chain is walked once. */
  private seen: Uint32Array = new Uint32Array(1);
  private stamp = 0;
  private nodes = 1;

  /** The automaton for `patterns`; a pattern's id is its index. Empty patterns never match. */
  constructor(patterns: readonly string[]) {
    patterns.forEach((p, id) => {
      if (!p) return;
      let node = 0;
      for (let i = 0; i < p.length; i++) {
        const key = node * 65536 + p.charCodeAt(i);
        let next = this.edges.get(key);
        if (next === undefined) {
          next = this.nodes++;
          this.edges.set(key, next);
        }
        node = next;
      }
      const list = this.ends.get(node);
      if (list) list.push(id);
      else this.ends.set(node, [id]);
    });
    this.link();
  }

  /** Failure links breadth first, so a node's failure target is linked before it. */
  private link(): void {
    const n = this.nodes;
    this.fail = new Int32Array(n);
    this.outNode = new Int32Array(n);
    this.nextOut = new Int32Array(n);
    this.seen = new Uint32Array(n);
    const children = new Map<number, [number, number][]>();
    for (const [key, child] of this.edges) {
      const parent = Math.floor(key / 65536);
      const list = children.get(parent);
      const entry: [number, number] = [key - parent * 65536, child];
      if (list) list.push(entry);
      else children.set(parent, [entry]);
    }
    const queue: number[] = [0];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head]!;
      for (const [code, child] of children.get(node) ?? []) {
        let f = node === 0 ? -1 : this.fail[node]!;
        let target = 0;
        while (f >= 0) {
          const t = this.edges.get(f * 65536 + code);
          if (t !== undefined) {
            target = t;
            break;
          }
          f = f === 0 ? -1 : this.fail[f]!;
        }
        this.fail[child] = target;
        this.nextOut[child] = this.outNode[target]!;
        this.outNode[child] = this.ends.has(child) ? child : this.nextOut[child];
        queue.push(child);
      }
    }
  }

  /** Ids of the patterns that occur in `text`, each once, in order of first occurrence. Linear in the text. */
  match(text: string): number[] {
    const found: number[] = [];
    if (this.nodes === 1) return found;
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let next = this.edges.get(node * 65536 + code);
      while (next === undefined && node !== 0) {
        node = this.fail[node]!;
        next = this.edges.get(node * 65536 + code);
      }
      node = next ?? 0;
      // A chain already reported in this text is reported in full: stop there, so the total stays linear.
      for (let o = this.outNode[node]!; o !== 0 && this.seen[o] !== stamp; o = this.nextOut[o]!) {
        this.seen[o] = stamp;
        found.push(...this.ends.get(o)!);
      }
    }
    return found;
  }
}
