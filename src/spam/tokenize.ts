/**
 * Text normalisation and tokenisation for the spam classifier: turns raw comment text (possibly with HTML
 * fragments, entities and obfuscation) into lowercase word tokens and the URLs/domains it mentions.
 * natural supplies the tokenizer; everything here is deterministic and allocation-light so scoring stays O(tokens).
 */
import { RegexpTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', ndash: '–', mdash: '—',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', euro: '€', pound: '£', copy: '©', reg: '®', trade: '™',
};

/** Decodes the HTML entities that show up in scraped comments (`&#39;`, `&amp;`, `&#x27;`, `&quot;` …). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (m, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? m;
  });
}

/**
 * Turns an HTML-ish comment into plain text. Link targets are kept as text because the target domain is
 * usually the strongest spam cue, and the anchor text alone would hide it.
 */
export function stripHtml(s: string): string {
  if (!s.includes('<')) return s;
  return s
    .replace(/<a\s[^>]*?href\s*=\s*["']?([^"'\s>]+)["']?[^>]*>/gi, ' $1 ')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/gi, ' ');
}

/** Zero-width characters and BOMs are used to split words past filters; they carry no meaning. */
const INVISIBLE = /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/g;

/** Full cleanup shared by every feature: entities, tags, compatibility forms (fullwidth/stylised letters), invisibles. */
export function normalizeText(raw: string): string {
  const s = stripHtml(decodeEntities(decodeEntities(raw)));
  // NFKC is the identity on ASCII and every invisible character is non-ASCII: skip both for the common case,
  // and for ASCII plus invisibles only (YouTube comments end in a BOM), which NFKC leaves unchanged too.
  let i = 0;
  while (i < s.length && s.charCodeAt(i) <= 127) i++;
  if (i === s.length) return s;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127 && !isInvisible(c)) return s.normalize('NFKC').replace(INVISIBLE, '');
  }
  return s.replace(INVISIBLE, '');
}

/** The characters INVISIBLE matches. */
function isInvisible(c: number): boolean {
  return (c >= 0x200b && c <= 0x200f) || (c >= 0x2060 && c <= 0x2064) || c === 0xfeff || c === 0xad;
}

// Bare domains are only recognised with a known TLD, so "e.g." or "v1.2" are not taken for links.
const TLDS =
  'com|net|org|info|biz|ru|co|uk|io|me|tk|ly|us|de|fr|in|be|gl|to|tv|cc|ws|xyz|online|site|club|top|pw|cn|br|pl|nl|eu|es|it|ca|au|mobi|name|pro|shop|store|link|click|gg|fm|am';
const URL_RE = new RegExp(
  String.raw`\b(?:https?:\/\/|www\.)[^\s<>"']+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:${TLDS})\b(?:\/[^\s<>"']*)?`,
  'gi',
);

/**
 * Cheap necessary condition for URL_RE to match, without a regex: a `://`, a `www.`, or a dot followed by an
 * ASCII letter (every TLD starts with one). Most comments fail it, which saves the costly regex scan.
 */
export function mayHaveUrl(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 46) {
      // A bare domain needs "<letter, digit or hyphen>.<letter>"; "...so" or ". Next" cannot start a TLD.
      const n = t.charCodeAt(i + 1) | 0x20;
      const p = t.charCodeAt(i - 1);
      const pl = p | 0x20;
      if (n >= 97 && n <= 122 && ((pl >= 97 && pl <= 122) || (p >= 48 && p <= 57) || p === 45)) return true;
      if (i >= 3 && (t.charCodeAt(i - 1) | 0x20) === 119 && (t.charCodeAt(i - 2) | 0x20) === 119 && (t.charCodeAt(i - 3) | 0x20) === 119) return true;
    } else if (c === 58 && t.charCodeAt(i + 1) === 47 && t.charCodeAt(i + 2) === 47) return true;
  }
  return false;
}

/** Finds URLs (with scheme, `www.` or a bare `name.tld`) in normalised text. */
export function findUrls(text: string): string[] {
  if (!mayHaveUrl(text)) return [];
  return matchUrls(text);
}

/** findUrls without the pre-check, for callers that already ran it (extractFeatures' single scan). */
export function matchUrls(text: string): string[] {
  return text.match(URL_RE) ?? [];
}

/** The characters JavaScript's `\s` matches (without the `u` flag): ASCII whitespace, NBSP, Unicode spaces, BOM. */
function isJsSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c >= 0x80 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));
}

const SCHEME_OR_WWW_G = /https?:\/\/|www\./gi;

/**
 * Replaces every whitespace-delimited chunk that contains `http://`, `https://` or `www.` with one space.
 * Same result as `text.replace(/\S*(?:https?:\/\/|www\.)\S*\/gi, ' ')`, but linear: that regex backtracks over
 * every chunk from every start position and was the slowest step on long comments.
 */
export function removeUrlChunks(text: string): string {
  let out = '';
  let last = 0;
  SCHEME_OR_WWW_G.lastIndex = 0;
  for (let m = SCHEME_OR_WWW_G.exec(text); m; m = SCHEME_OR_WWW_G.exec(text)) {
    let a = m.index;
    while (a > last && !isJsSpace(text.charCodeAt(a - 1))) a--;
    let b = m.index + m[0].length;
    while (b < text.length && !isJsSpace(text.charCodeAt(b))) b++;
    out += text.slice(last, a) + ' ';
    last = b;
    SCHEME_OR_WWW_G.lastIndex = b;
  }
  return last === 0 && out === '' ? text : out + text.slice(last);
}

/** Hostname of a URL-ish string without `www.`, lowercased; null when it has none. */
export function urlDomain(url: string): string | null {
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/\s]*@)?([^/:?#\s]+)/i.exec(url.trim());
  if (!m?.[1]) return null;
  const host = m[1].toLowerCase().replace(/^www\./, '').replace(/\.+$/, '');
  return host.includes('.') ? host : null;
}

/** Registrable-ish domain: the last two labels (three for `co.uk`-style), so subdomain churn maps together. */
export function baseDomain(host: string): string {
  const parts = host.split('.');
  const n = parts.length >= 3 && /^(?:co|com|net|org|ac|gov)$/.test(parts[parts.length - 2] ?? '') ? 3 : 2;
  return parts.slice(-n).join('.');
}

const wordTokenizer = new RegexpTokenizer({ pattern: /[\p{L}\p{N}]+(?:['’]\p{L}+)*/gu, gaps: false });
const NON_ASCII = /[^\x00-\x7f]/;

const isLowerAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
const isLower = (c: number): boolean => c >= 97 && c <= 122;

/**
 * Hand-written scanner equivalent to `/[a-z0-9]+(?:'[a-z]+)*\/g` followed by dropping the apostrophes, for
 * lowercase ASCII text: one pass, one slice per token, no regex and no intermediate match array. With `deob`,
 * each token also goes through `deobfuscate`, but only when it can change: the scanner notes digits and
 * tripled letters while it reads the token.
 */
function asciiWords(lower: string, deob: boolean): string[] {
  const out: string[] = [];
  const n = lower.length;
  let i = 0;
  while (i < n) {
    let c = lower.charCodeAt(i);
    if (!isLowerAlnum(c)) {
      i++;
      continue;
    }
    const start = i;
    // deobfuscate can only change a token with both digits and letters, or with a letter tripled.
    let digit = false;
    let letter = false;
    let triple = false;
    let p1 = -1;
    let p2 = -1;
    while (i < n && isLowerAlnum((c = lower.charCodeAt(i)))) {
      if (c <= 57) digit = true;
      else {
        letter = true;
        if (c === p1 && c === p2) triple = true;
      }
      p2 = p1;
      p1 = c;
      i++;
    }
    const odd = (digit && letter) || triple;
    if (i + 1 < n && lower.charCodeAt(i) === 39 && isLower(lower.charCodeAt(i + 1))) {
      // Contraction: glue the letter runs after each apostrophe ("don't" -> "dont", "rock'n'roll" -> "rocknroll").
      let tok = lower.slice(start, i);
      while (i + 1 < n && lower.charCodeAt(i) === 39 && isLower(lower.charCodeAt(i + 1))) {
        const s = ++i;
        while (i < n && isLower(lower.charCodeAt(i))) i++;
        tok += lower.slice(s, i);
      }
      out.push(deob ? deobfuscate(tok) : tok);
    } else {
      const tok = lower.slice(start, i);
      out.push(deob && odd ? deobfuscate(tok) : tok);
    }
  }
  return out;
}

/** `wordTokens(text).map(deobfuscate)`, in one pass for ASCII text. */
export function deobfuscatedWords(text: string): string[] {
  const lower = text.toLowerCase();
  if (NON_ASCII.test(lower)) return wordTokens(text).map(deobfuscate);
  return asciiWords(lower, true);
}

/** Lowercased word tokens of already-normalised text; apostrophes are dropped so "don't" and "dont" agree. */
export function wordTokens(text: string): string[] {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return asciiWords(lower, false);
  // Unicode text (rare): natural's tokenizer with a Unicode-property pattern.
  const toks = wordTokenizer.tokenize(lower) ?? [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.includes("'") || t.includes('’')) toks[i] = t.replace(/['’]/g, '');
  }
  return toks;
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's' };

/**
 * Undoes common obfuscation of a single token: leetspeak digits inside letters ("v1agra" → "viagra") and
 * stretched letters ("freeeee" → "free"). Returns the token unchanged when nothing applies.
 */
export function deobfuscate(token: string): string {
  // Cheap scan first: almost every token has no digits and no tripled letter, and regexes cost ~1 µs each.
  let digits = false;
  let triple = false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) digits = true;
    else if (i >= 2 && c === token.charCodeAt(i - 1) && c === token.charCodeAt(i - 2)) triple = true;
  }
  let t = token;
  if (digits && /\p{L}/u.test(t) && !/^[0-9]+\p{L}{1,2}$/u.test(t)) {
    t = t.replace(/[0-9]/g, (d) => LEET[d] ?? d);
    triple = true;
  }
  return triple ? t.replace(/(\p{L})\1{2,}/gu, '$1$1') : t;
}

const isSep = (c: number): boolean => c === 32 || c === 46 || c === 45 || c === 95 || c === 42;

/** Cheap pre-check without regexes: four non-separators alternating with separators somewhere ("x.x.x.x"). */
function hasSpacedRun(text: string): boolean {
  for (let i = 0; i + 6 < text.length; i++) {
    if (isSep(text.charCodeAt(i + 1)) && isSep(text.charCodeAt(i + 3)) && isSep(text.charCodeAt(i + 5)) &&
        !isSep(text.charCodeAt(i)) && !isSep(text.charCodeAt(i + 2)) && !isSep(text.charCodeAt(i + 4)) && !isSep(text.charCodeAt(i + 6))) {
      return true;
    }
  }
  return false;
}

/**
 * Re-joins words spelled out letter by letter ("c h e c k", "f.r.e.e") which a word tokenizer would
 * otherwise see as meaningless single letters.
 */
export function joinSpacedLetters(text: string): string {
  return hasSpacedRun(text) ? joinSpacedRuns(text) : text;
}

/** joinSpacedLetters without the pre-check, for callers that already ran it. */
export function joinSpacedRuns(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}])\p{L}(?:[ .\-_*]\p{L}){3,}(?![\p{L}\p{N}])/gu, (m) => m.replace(/[ .\-_*]/g, ''));
}
