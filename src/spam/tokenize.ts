/**
 * Text normalisation and tokenisation for the spam classifier: turns raw comment text (possibly with HTML
 * fragments, entities and obfuscation) into lowercase word tokens and the URLs/domains it mentions.
 * Everything here is deterministic and allocation-light so scoring stays O(tokens).
 */

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
 * usually the strongest spam cue, and the anchor text alone would hide it. The one exception is a link to a moment
 * of the media, a time code the platform turned into a link to the same video ("my favourite part is 3:40"): the
 * reader wrote "3:40", not a link, and only the time code is kept (isTimeCodeLink).
 *
 * A tag is `<` up to the next `>` with no `<` in between, so every character belongs to at most one candidate
 * tag and the work is linear in the input. (The regex this replaces let an anchor span other `<`s, which made
 * "<a href=" repeated a few thousand times take seconds.)
 */
export function stripHtml(s: string): string {
  if (!s.includes('<')) return s;
  let out = '';
  let last = 0;
  let i = s.indexOf('<');
  while (i !== -1) {
    let j = i + 1;
    while (j < s.length) {
      const c = s.charCodeAt(j);
      if (c === 60 /* < */ || c === 62 /* > */) break;
      j++;
    }
    if (j >= s.length) break;
    if (s.charCodeAt(j) === 60) {
      i = j;
      continue;
    }
    const replacement = tagReplacement(s.slice(i + 1, j), s, j + 1);
    if (replacement !== null) {
      out += s.slice(last, i) + replacement;
      last = j + 1;
    }
    i = s.indexOf('<', j + 1);
  }
  return last === 0 ? s : out + s.slice(last);
}

const ANCHOR_HREF = /^a\s[^>]*?href\s*=\s*["']?([^"'\s>]+)/i;
const LINE_BREAK = /^br\s*\/?$/i;
const OTHER_TAG = /^\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?$/i;

/**
 * What a tag body (the text between `<` and `>`, which holds neither) becomes: ` target ` for an anchor with an
 * href, a space for any other tag and for an anchor to a moment of the media (isTimeCodeLink, given the text and where
 * the tag ends), null when it is not a tag ("a < b > c"). Each regex runs once per body, and bodies do not overlap, so
 * the total stays linear.
 */
function tagReplacement(body: string, s: string, after: number): string | null {
  const a = ANCHOR_HREF.exec(body);
  if (a) return isTimeCodeLink(a[1]!, s, after) ? ' ' : ` ${a[1]} `;
  return LINE_BREAK.test(body) || OTHER_TAG.test(body) ? ' ' : null;
}

/**
 * A link to a moment of the media: the href carries a time (`t=3m40s`, `start=220`, `#t=1:05`), it points at the page
 * itself or at a video host (MEDIA_HOSTS), and the visible text up to the anchor's end tag is a time code ("3:40",
 * "1:02:15"). All three, so that a link hidden behind a time code is still a link: anyone can add `?t=1` to their own
 * site's address and write "0:01" over it.
 */
const TIME_PARAMETER = /[?&#](?:t|start|time_continue)=\d/i;
/** Sticky: read right after the anchor's `>`. The spaces it may skip are the text's next characters, read once. */
const TIME_CODE_TEXT_Y = /\s*\d{1,2}(?::[0-5]\d){1,2}\s*<\/a\s*>/iy;
/** The video sites whose players turn a time code written in a comment into a link to that moment. */
const MEDIA_HOSTS: ReadonlySet<string> = new Set(['youtube.com', 'youtu.be', 'vimeo.com']);

/** Whether the anchor to `href` whose tag ends right before s[after] is a link to a moment of the media. */
function isTimeCodeLink(href: string, s: string, after: number): boolean {
  if (!TIME_PARAMETER.test(href)) return false;
  TIME_CODE_TEXT_Y.lastIndex = after;
  return TIME_CODE_TEXT_Y.test(s) && isMediaHref(href);
}

/** A link within the page (`?t=…`, `#t=…`, `/watch?…`) or to a video host. */
function isMediaHref(href: string): boolean {
  const c = href.charCodeAt(0);
  if (c === 63 /* ? */ || c === 35 /* # */ || (c === 47 /* / */ && href.charCodeAt(1) !== 47)) return true;
  const host = urlDomain(href);
  return host !== null && MEDIA_HOSTS.has(baseDomain(host));
}

/** Zero-width characters and BOMs are used to split words past filters; they carry no meaning. */
const INVISIBLE = /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/g;

/** Full cleanup shared by every feature: entities, tags, compatibility forms (fullwidth/stylised letters), invisibles. */
export function normalizeText(raw: string): string {
  const s = cleanText(raw);
  // NFKC is the identity on ASCII and every invisible character is non-ASCII: skip both for the common case.
  return NON_ASCII.test(s) ? normalizeNonAscii(s) : s;
}

/** normalizeText's first steps: entities and tags. */
export function cleanText(raw: string): string {
  return stripHtml(decodeEntities(decodeEntities(raw)));
}

/**
 * normalizeText's last step, for a cleaned text that is not all ASCII: compatibility forms and invisibles. A text of
 * ASCII plus invisibles only (YouTube comments end in a BOM) skips NFKC, which leaves it unchanged. A regex rather
 * than a loop over the characters: it runs as native code from the first comment on.
 */
export function normalizeNonAscii(s: string): string {
  if (!VISIBLE_NON_ASCII.test(s)) return s.replace(INVISIBLE, '');
  const t = s.normalize('NFKC').replace(INVISIBLE, '');
  return SMALL_CAPITALS.test(t) ? t.replace(SMALL_CAPITALS_G, (c) => SMALL_CAPITAL_LETTERS.get(c) ?? c) : t;
}

/**
 * Small capitals ("ɪ ᴍᴀᴅᴇ $35,000 ғʀᴏᴍ ʙɪᴛᴄᴏɪɴ"), which NFKC leaves alone: phonetic letters no language writes its
 * words in, used to spell a pitch past a filter. Read as the letters they look like.
 */
const SMALL_CAPITAL_LETTERS: ReadonlyMap<string, string> = new Map(
  [...'ᴀʙᴄᴅᴇғɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡʏᴢ'].map((c, i) => [c, 'abcdefghijklmnopqrstuvwyz'[i]!]),
);
const SMALL_CAPITALS = new RegExp(`[${[...SMALL_CAPITAL_LETTERS.keys()].join('')}]`, 'u');
const SMALL_CAPITALS_G = new RegExp(SMALL_CAPITALS.source, 'gu');

/** A character outside ASCII that INVISIBLE does not match: where NFKC may change something. */
// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL on purpose
const VISIBLE_NON_ASCII = /[^\x00-\x7f\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/;

// Bare domains are only recognised with a known TLD, so "e.g." or "v1.2" are not taken for links.
const TLDS =
  'com|net|org|info|biz|ru|co|uk|io|me|tk|ly|us|de|fr|in|be|gl|to|tv|cc|ws|xyz|online|site|club|top|pw|cn|br|pl|nl|eu|es|it|ca|au|mobi|name|pro|shop|store|link|click|gg|fm|am';
/**
 * The definition of a URL in text. It backtracks quadratically on long dotted runs ("a.a.a.…"), so it never runs on
 * user input: matchUrls is the linear scanner that finds the same matches (a test holds them to each other).
 */
export const URL_DEFINITION = new RegExp(
  String.raw`\b(?:https?:\/\/|www\.)[^\s<>"']+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:${TLDS})\b(?:\/[^\s<>"']*)?`,
  'gi',
);

/**
 * Cheap necessary condition for URL_DEFINITION to match: a `://`, a `www.`, or a dot between a letter, digit or
 * hyphen and an ASCII letter (every TLD starts with one; "...so" or ". Next" cannot start a TLD). Most comments
 * fail it, which saves the URL scan.
 */
export const URL_HINT = /[A-Za-z0-9-]\.[A-Za-z]|[wW]{3}\.|:\/\//;

export function mayHaveUrl(t: string): boolean {
  return URL_HINT.test(t);
}

/** Finds URLs (with scheme, `www.` or a bare `name.tld`) in normalised text. */
export function findUrls(text: string): string[] {
  if (!mayHaveUrl(text)) return [];
  return matchUrls(text);
}

/**
 * findUrls without the pre-check, for callers that already ran it (extractFeatures' single scan).
 * Linear: each character is visited a bounded number of times (see URL_DEFINITION for what it matches).
 */
export function matchUrls(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  // The dotted run that starts a bare domain is evaluated once; later starts inside it reuse the result.
  let chainEnd = -1;
  let chainLastTld = -1;
  let i = 0;
  while (i < n) {
    // Every match starts at a word boundary (`\b`, then a word character) with a scheme or `www.`, or a run of label
    // characters and then a dot and one more: a native search finds the next such start, where a loop over the characters (or
    // over every word) in JavaScript would cost dozens of instructions per character in a short batch. The starts it
    // passes over match nothing, and none of them lies inside a dotted run whose result a later start would reuse: a
    // start inside a run of label characters ends at the same place as the run's first start, so it passes or fails
    // with it.
    URL_START_G.lastIndex = i;
    const start = URL_START_G.exec(text);
    if (start === null) break;
    i = start.index;
    const c = text.charCodeAt(i);
    // \b(?:https?://|www\.)[^\s<>"']+
    const pre = schemeOrWwwLength(text, i);
    if (pre > 0 && i + pre < n && isUrlChar(text.charCodeAt(i + pre))) {
      const e = urlRunEnd(text, i + pre);
      out.push(text.slice(i, e));
      i = e;
      continue;
    }
    if (!isAlnum(c)) {
      i++;
      continue;
    }
    // \b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:TLD)\b(?:/[^\s<>"']*)?
    if (i >= chainEnd) {
      chainEnd = i;
      chainLastTld = -1;
      for (;;) {
        LABEL_RUN_Y.lastIndex = chainEnd;
        LABEL_RUN_Y.test(text);
        chainEnd = LABEL_RUN_Y.lastIndex;
        if (chainEnd + 1 < n && text.charCodeAt(chainEnd) === 46 && isLabelChar(text.charCodeAt(chainEnd + 1))) {
          const tldEnd = tldEndAt(text, chainEnd + 1);
          if (tldEnd > 0) chainLastTld = tldEnd;
          chainEnd++;
          continue;
        }
        break;
      }
    }
    if (chainLastTld > i) {
      let e = chainLastTld;
      if (e < n && text.charCodeAt(e) === 47) e = urlRunEnd(text, e + 1);
      out.push(text.slice(i, e));
      i = e;
      continue;
    }
    i++;
  }
  return out;
}

/**
 * Runs of label characters (`[a-z0-9-]` case-insensitively) and of URL characters (`[^\s<>"']`, \s without the u flag
 * as isJsSpace), read natively from a given position: sticky, and they always match (maybe nothing).
 */
const LABEL_RUN_Y = /[A-Za-z0-9-]*/y;
const URL_RUN_Y = /[^\s<>"']*/y;

/** The end of the run of URL characters starting at `from`. */
function urlRunEnd(text: string, from: number): number {
  URL_RUN_Y.lastIndex = from;
  URL_RUN_Y.test(text);
  return URL_RUN_Y.lastIndex;
}

/**
 * Where matchUrls may find a link: a word start (`\b\w`, without the u flag) followed by `https?://` or `www.`, or by a run
 * of label characters, a dot and one more label character (a bare domain's first dot).
 */
const URL_START_G = /(?<!\w)(?=https?:\/\/|www\.|[A-Za-z0-9-]*\.[A-Za-z0-9-])\w/gi;

/** `\w` without the u flag. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** An ASCII letter or digit. */
export function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** `[a-z0-9-]` case-insensitively. */
function isLabelChar(c: number): boolean {
  return isAlnum(c) || c === 45;
}

/** `[^\s<>"']`. */
function isUrlChar(c: number): boolean {
  return c !== 60 && c !== 62 && c !== 34 && c !== 39 && !isJsSpace(c);
}

/** Length of `https?://` or `www.` (case-insensitive) at i, or 0. */
function schemeOrWwwLength(t: string, i: number): number {
  // Only in-bounds reads: "www." needs 4 characters and "http://" 7.
  const left = t.length - i;
  if (left < 4) return 0;
  const c0 = t.charCodeAt(i) | 0x20;
  if (c0 === 119) return (t.charCodeAt(i + 1) | 0x20) === 119 && (t.charCodeAt(i + 2) | 0x20) === 119 && t.charCodeAt(i + 3) === 46 ? 4 : 0;
  if (c0 !== 104 || left < 7 || (t.charCodeAt(i + 1) | 0x20) !== 116 || (t.charCodeAt(i + 2) | 0x20) !== 116 || (t.charCodeAt(i + 3) | 0x20) !== 112) return 0;
  const s = (t.charCodeAt(i + 4) | 0x20) === 115 ? 5 : 4;
  return left >= s + 3 && t.charCodeAt(i + s) === 58 && t.charCodeAt(i + s + 1) === 47 && t.charCodeAt(i + s + 2) === 47 ? s + 3 : 0;
}

/**
 * The TLD alternatives at a position, each followed by a word boundary: a regex's alternatives are tried in order, so
 * the first that matches is the one URL_DEFINITION takes. (Without the `u` flag, `i` folds ASCII letters only.)
 */
const TLD_AT_Y = new RegExp(`(?:${TLDS})(?!\\w)`, 'iy');

/** End of the first TLD alternative at `at` that is followed by a word boundary, or -1. */
function tldEndAt(t: string, at: number): number {
  TLD_AT_Y.lastIndex = at;
  return TLD_AT_Y.test(t) ? TLD_AT_Y.lastIndex : -1;
}

/** The characters JavaScript's `\s` matches (without the `u` flag): ASCII whitespace, NBSP, Unicode spaces, BOM. */
export function isJsSpace(c: number): boolean {
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

/**
 * Words of Unicode text: what natural's RegexpTokenizer did with this pattern and `gaps: false` (it is a `match`),
 * without loading natural's tokenizer module and underscore at start-up.
 */
const UNICODE_WORD = /[\p{L}\p{N}]+(?:['’]\p{L}+)*/gu;
// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL on purpose
export const NON_ASCII = /[^\x00-\x7f]/;

/**
 * A new empty array with the element kind of an array of strings (an empty literal starts as an array of small
 * integers): the word lists of every comment then have one shape, and optimised code that takes them is not sent
 * back to the interpreter by the first comment without words.
 */
function emptyStrings(): string[] {
  const a = [''];
  a.pop();
  return a;
}

/** Word tokens of lowercase ASCII text: letters and digits, with the letter runs after apostrophes ("don't"). */
const ASCII_WORD_G = /[a-z0-9]+(?:'[a-z]+)*/g;
/**
 * What `deobfuscate` can change in a token of lowercase ASCII letters and digits: digits and letters together
 * (in one run, some digit is next to some letter) or a letter three times in a row.
 */
const ODD_TOKEN = /[a-z][0-9]|[0-9][a-z]|([a-z])\1\1/;

/**
 * `/[a-z0-9]+(?:'[a-z]+)*\/g` with the apostrophes dropped, for lowercase ASCII text, as one native match (no loop
 * over the characters in JavaScript, which is slow until the optimising compiler has caught up with it). With
 * `deob`, tokens also go through `deobfuscate`, but only those it can change (the text is checked first: most
 * have no such token) and every contraction, as the glued letters may form a new run.
 */
function asciiWords(lower: string, deob: boolean): string[] {
  const toks = lower.match(ASCII_WORD_G);
  if (toks === null) return emptyStrings();
  const apos = lower.indexOf("'") >= 0;
  const odd = deob && ODD_TOKEN.test(lower);
  const keys = deob && KEY_WORD_HINT.test(lower);
  if (!apos && !odd && !keys) return toks;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    // Contraction: glue the letter runs after each apostrophe ("don't" -> "dont", "rock'n'roll" -> "rocknroll").
    if (apos && t.indexOf("'") >= 0) {
      const glued = t.replace(APOSTROPHES_G, '');
      toks[i] = deob ? deobfuscate(glued) : glued;
    } else if (odd && ODD_TOKEN.test(t)) toks[i] = deobfuscate(t);
    else if (keys) toks[i] = keyWordOf(t);
  }
  return toks;
}

const APOSTROPHES_G = /'/g;
/** Text in which `deobfuscate` may change a Unicode token: an ASCII digit, a character three times, an apostrophe. */
const MAY_DEOBFUSCATE = /[0-9'’]|([^])\1\1/;

/**
 * `wordTokens(text).map(deobfuscate)`, in one pass for ASCII text. `ascii`: the caller knows the text is all ASCII
 * (no need to look again).
 */
export function deobfuscatedWords(text: string, ascii = false): string[] {
  const lower = text.toLowerCase();
  if (ascii || !NON_ASCII.test(lower)) return asciiWords(lower, true);
  // deobfuscate returns a token unchanged unless it has a digit or a character three times in a row (an apostrophe
  // dropped inside a token may make one): for a text with none of these it is skipped.
  const toks = wordTokens(text);
  // In place rather than toks.map: map's result is a holey array, another shape for the functions that take the list.
  if (MAY_DEOBFUSCATE.test(lower) || KEY_WORD_HINT.test(lower)) for (let i = 0; i < toks.length; i++) toks[i] = deobfuscate(toks[i]!);
  return toks;
}

/**
 * The tokens of deobfuscatedWords before they become words: the lowercased matches, apostrophes still in and not
 * deobfuscated, so that `deobfuscatedWords(text)[i] === wordOfToken(rawWordTokens(text)[i])`. For a caller that
 * remembers each token's word (word-slots.ts): a token met before costs one hash lookup, where deobfuscatedWords
 * scans every text for what deobfuscate may change and, in a text with an apostrophe, visits every token again.
 */
export function rawWordTokens(text: string, ascii = false): string[] {
  const lower = text.toLowerCase();
  return lower.match(ascii || !NON_ASCII.test(lower) ? ASCII_WORD_G : UNICODE_WORD) ?? emptyStrings();
}

const ANY_APOSTROPHE_G = /['’]/g;

/** A token with its straight and curly apostrophes dropped ("don't" → "dont"); the token itself when it has none. */
function withoutApostrophes(token: string): string {
  return token.indexOf("'") >= 0 || token.indexOf('’') >= 0 ? token.replace(ANY_APOSTROPHE_G, '') : token;
}

/**
 * The word a token of rawWordTokens stands for: its apostrophes dropped, then deobfuscated (what wordTokens and
 * deobfuscatedWords do to it; deobfuscate leaves a token unchanged unless it has a digit next to a letter or a letter
 * three times in a row, which is why they may skip it for a text with neither). A word is its own word: deobfuscate
 * gives a token it has already been through back unchanged.
 */
export function wordOfToken(token: string): string {
  const glued = withoutApostrophes(token);
  // deobfuscate's loop over the characters is skipped for the tokens it cannot change (nearly all): one native test.
  return MAY_DEOBFUSCATE.test(glued) ? deobfuscate(glued) : keyWordOf(glued);
}

/** Lowercased word tokens of already-normalised text; apostrophes are dropped so "don't" and "dont" agree. */
export function wordTokens(text: string): string[] {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return asciiWords(lower, false);
  // Unicode text (rare): a Unicode-property pattern.
  const toks = lower.match(UNICODE_WORD) ?? emptyStrings();
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    toks[i] = withoutApostrophes(t);
  }
  return toks;
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's' };

/**
 * Undoes common obfuscation of a single token: leetspeak digits inside letters ("v1agra" → "viagra"),
 * stretched letters ("freeeee" → "free") and a key word of self-promotion misspelt ("sucscribe" → "subscribe",
 * keyWordOf). Returns the token unchanged when nothing applies.
 */
export function deobfuscate(token: string): string {
  // Cheap scan first: almost every token has no digits and no tripled letter, and regexes cost ~1 µs each.
  let digits = false;
  let triple = false;
  let ascii = true;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) digits = true;
    else if (i >= 2 && c === token.charCodeAt(i - 1) && c === token.charCodeAt(i - 2)) triple = true;
    if (c > 127) ascii = false;
  }
  // An ASCII token (nearly all) gets the same patterns with [A-Za-z] for \p{L}, which is what \p{L} matches in ASCII:
  // the Unicode letter class costs a batch of comments about half a millisecond to compile per pattern.
  let t = token;
  if (digits && (ascii ? HAS_LETTER_ASCII : HAS_LETTER).test(t) && !(ascii ? NUMBER_SUFFIX_ASCII : NUMBER_SUFFIX).test(t)) {
    t = t.replace(/[0-9]/g, (d) => LEET[d] ?? d);
    triple = true;
  }
  // The digits replaced above are ASCII letters or digits, so an ASCII token stays ASCII.
  return keyWordOf(triple ? t.replace(ascii ? STRETCHED_ASCII_G : STRETCHED_G, '$1$1') : t);
}

/**
 * The key words of self-promotion, which spammers misspell to get a request past a filter, or in haste ("Sucscribe
 * to me!", "subcribe", "folowers"). Long words only: a short word one letter away from another is usually a word too.
 */
const KEY_WORDS: readonly string[] = ['subscribe', 'subscribers', 'followers'];
/** The real words one edit away from a key word (its inflections): they stay themselves. */
const KEY_WORD_NEIGHBOURS: ReadonlySet<string> = new Set(['subscribed', 'subscriber', 'subscribes', 'follower', 'followees']);
const KEY_WORD_MIN = 8;
const KEY_WORD_MAX = 12;
/**
 * A necessary condition for a key word, misspelt or not, in a lowercase text: one edit leaves the first four or the
 * last four letters of a key word whole. The word lists look at each word only in a text that passes it.
 */
const KEY_WORD_HINT = /subs|ribe|bers|foll|wers/;

/**
 * The key word (KEY_WORDS) `w` is one edit from (a letter changed, added or dropped, or two neighbours swapped), the
 * first letter kept; `w` itself otherwise, and for a key word's inflection. A word's length and first letter rule out
 * nearly all words at once, and the comparison is linear, so the cost per token is bounded.
 */
export function keyWordOf(w: string): string {
  const n = w.length;
  if (n < KEY_WORD_MIN || n > KEY_WORD_MAX || KEY_WORD_NEIGHBOURS.has(w)) return w;
  const first = w.charCodeAt(0);
  for (let i = 0; i < KEY_WORDS.length; i++) {
    const k = KEY_WORDS[i]!;
    if (k.charCodeAt(0) === first && k !== w && oneEditApart(w, k)) return k;
  }
  return w;
}

/** Whether two different strings are one edit apart: one character changed, added or dropped, or two neighbours swapped. */
function oneEditApart(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (la - lb > 1 || lb - la > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la > lb) return a.slice(i + 1) === b.slice(i);
  if (lb > la) return a.slice(i) === b.slice(i + 1);
  if (i === la) return false;
  if (a.slice(i + 1) === b.slice(i + 1)) return true;
  return i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && a.slice(i + 2) === b.slice(i + 2);
}

const HAS_LETTER = /\p{L}/u;
const HAS_LETTER_ASCII = /[A-Za-z]/;
/** A number with a one- or two-letter suffix ("2nd", "10k"): not leetspeak. */
const NUMBER_SUFFIX = /^[0-9]+\p{L}{1,2}$/u;
const NUMBER_SUFFIX_ASCII = /^[0-9]+[A-Za-z]{1,2}$/;
/** A letter three or more times in a row ("freeeee"). */
const STRETCHED_G = /(\p{L})\1{2,}/gu;
const STRETCHED_ASCII_G = /([A-Za-z])\1{2,}/g;

const isSep = (c: number): boolean => c === 32 || c === 46 || c === 45 || c === 95 || c === 42;

/**
 * Cheap necessary condition for a spelled-out word: four non-separators alternating with separators somewhere
 * ("x.x.x.x"; separators are space . - _ *). One regex over the text, no backtracking (each position either
 * matches the fixed seven characters or not).
 */
export const SPACED_HINT = /[^ .\-_*][ .\-_*][^ .\-_*][ .\-_*][^ .\-_*][ .\-_*][^ .\-_*]/;

/**
 * Re-joins words spelled out letter by letter ("c h e c k", "f.r.e.e") which a word tokenizer would
 * otherwise see as meaningless single letters.
 */
export function joinSpacedLetters(text: string): string {
  return SPACED_HINT.test(text) ? joinSpacedRuns(text) : text;
}

/**
 * The definition of a spelled-out word. From every letter of a run that ends next to another letter it backtracks
 * over the rest of the run (quadratic on "a a a … ab"), so joinSpacedRuns implements it with a linear scan instead.
 */
export const SPACED_RUN_DEFINITION = /(?<![\p{L}\p{N}])\p{L}(?:[ .\-_*]\p{L}){3,}(?![\p{L}\p{N}])/gu;

/**
 * Four letters alternating with separators: where a spelled-out word (SPACED_RUN_DEFINITION) can start. Global: the
 * scan searches for the next one from where it stands.
 */
const SPACED_START_G = /\p{L}[ .\-_*]\p{L}[ .\-_*]\p{L}[ .\-_*]\p{L}/gu;

/** SPACED_START_G for ASCII text, where \p{L} is [A-Za-z]: far cheaper to compile than the Unicode letter class. */
const SPACED_START_ASCII_G = /[A-Za-z][ .\-_*][A-Za-z][ .\-_*][A-Za-z][ .\-_*][A-Za-z]/g;

const LETTER = /^\p{L}$/u;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;

function isLetterAt(t: string, i: number): boolean {
  const c = t.charCodeAt(i);
  if (c < 128) return (c | 0x20) >= 97 && (c | 0x20) <= 122;
  return LETTER.test(String.fromCodePoint(t.codePointAt(i)!));
}

function isLetterOrNumberAt(t: string, i: number): boolean {
  if (i < 0 || i >= t.length) return false;
  const c = t.charCodeAt(i);
  if (c < 128) return ((c | 0x20) >= 97 && (c | 0x20) <= 122) || (c >= 48 && c <= 57);
  return LETTER_OR_NUMBER.test(String.fromCodePoint(t.codePointAt(i)!));
}

/** Index of the code point before i (steps over a surrogate pair). */
function prevIndex(t: string, i: number): number {
  const lo = t.charCodeAt(i - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) {
    const hi = t.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return i - 2;
  }
  return i - 1;
}

/** Width in UTF-16 units of the code point at i. */
function cpWidth(t: string, i: number): number {
  return t.codePointAt(i)! > 0xffff ? 2 : 1;
}

/** joinSpacedLetters without the pre-check, for callers that already ran it. Same result as SPACED_RUN_DEFINITION. */
export function joinSpacedRuns(text: string): string {
  // A spelled-out word starts with four letters alternating with separators, so the scan goes from one such place to
  // the next by a native search: a run that started in between would be one itself, and a start skipped by the jump
  // past a run that is too short lies inside it, with fewer groups and the same end. Most texts the cheap pre-check
  // lets through ("1 2 3 4", "a - b") have no such place, and most others one or two: no loop over the characters.
  const start = NON_ASCII.test(text) ? SPACED_START_G : SPACED_START_ASCII_G;
  const n = text.length;
  let out = '';
  let last = 0;
  let i = 0;
  while (i < n) {
    start.lastIndex = i;
    const next = start.exec(text);
    if (next === null) break;
    i = next.index;
    // A letter right before it: the run would have started earlier (or is part of a word).
    if (i > 0 && isLetterOrNumberAt(text, prevIndex(text, i))) {
      i += cpWidth(text, i);
      continue;
    }
    // Greedy: one letter, then as many "separator letter" groups as follow; ends[k] is the end after k groups.
    const ends = [i + cpWidth(text, i)];
    for (;;) {
      const e = ends[ends.length - 1]!;
      if (e + 1 < n && isSep(text.charCodeAt(e)) && isLetterAt(text, e + 1)) ends.push(e + 1 + cpWidth(text, e + 1));
      else break;
    }
    const k = ends.length - 1;
    const runEnd = ends[k]!;
    // Only the last group can be followed by a letter or digit; one step back ends before a separator.
    const m = !isLetterOrNumberAt(text, runEnd) ? k : k - 1;
    if (m >= 3) {
      const end = ends[m]!;
      let joined = '';
      for (let p = i; p < end; p++) {
        if (!isSep(text.charCodeAt(p))) joined += text[p];
      }
      out += text.slice(last, i) + joined;
      last = end;
      i = end;
    } else {
      // Every later start inside this run has fewer groups and the same end, so none can match.
      i = runEnd;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/** What findContacts saw in a text: ways to reach the writer outside the comment thread. */
export interface ContactScan {
  /** A run of 9–15 digits written like a phone number ("+1 (800) 555-0199", "0871 872 9758"). */
  phone: boolean;
  /** An e-mail address ("name@host.tld"). */
  email: boolean;
  /** A social handle: "@name" not preceded by a word character. */
  handle: boolean;
  /** Domains of the e-mail addresses found, so a caller can tell them from links. */
  emailDomains: string[];
}

/** An ASCII digit. */
export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** Where findContacts reads something: an "@", a digit, or "+" or "(" before a digit. One character each. */
const CONTACT_START_G = /[@0-9]|[+(](?=[0-9])/g;
/** The same once a phone number is found: only "@" is read after that. */
const AT_SIGN_G = /@/g;
/** Characters a phone number is written with besides digits: space, NBSP, "-", ".", "(", ")", "+", "/". */
const isPhoneSep = (c: number): boolean => c === 32 || c === 160 || c === 45 || c === 46 || c === 40 || c === 41 || c === 43 || c === 47;
/** `[A-Za-z0-9._%+-]`, the characters of an e-mail local part. */
const isLocalChar = (c: number): boolean => isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
/** `[A-Za-z0-9_.]`, the characters of a social handle. */
const isHandleChar = (c: number): boolean => isAlnum(c) || c === 95 || c === 46;

/**
 * Phone numbers, e-mail addresses and "@handles" in one linear scan: a phone run is consumed once (the scan
 * resumes after it), and an address around an "@" is bounded by the previous "@" on the left and by the next
 * non-domain character on the right, so no character is read more than a few times. The scan only finds where a
 * digit run or an "@" starts; each is read by a small function of its own, so the loop the optimising compiler
 * sees stays small and a first e-mail address does not send it back to the interpreter.
 */
export function findContacts(text: string, everyCharacter = false): ContactScan {
  const out: ContactScan = { phone: false, email: false, handle: false, emailDomains: [] };
  const n = text.length;
  let lastAt = -1;
  let i = 0;
  while (i < n) {
    // A native search goes to the next character the loop below does something at (the rest it only steps over);
    // `everyCharacter` steps over them one by one instead, the definition the test holds the search to.
    if (!everyCharacter) {
      const next = out.phone ? AT_SIGN_G : CONTACT_START_G;
      next.lastIndex = i;
      if (!next.test(text)) break;
      i = next.lastIndex - 1;
    }
    const c = text.charCodeAt(i);
    if (c === 64 /* @ */) {
      const b = readAtSign(text, i, lastAt, out);
      lastAt = i;
      i = b > i + 1 ? b : i + 1;
      continue;
    }
    if (!out.phone && (isDigit(c) || ((c === 43 || c === 40) && i + 1 < n && isDigit(text.charCodeAt(i + 1))))) {
      // A run that continues a number ("2,124923004") is not a phone number either.
      const continues = i >= 2 && (text.charCodeAt(i - 1) === 44 || text.charCodeAt(i - 1) === 46) && isDigit(text.charCodeAt(i - 2));
      if (!continues) {
        const j = readPhoneRun(text, i, out);
        i = j > i ? j : i + 1;
        continue;
      }
    }
    i++;
  }
  return out;
}

/** Reads the digit run starting at i (digits and phone separators); sets `out.phone` if it is one. Returns its end. */
function readPhoneRun(text: string, i: number, out: ContactScan): number {
  const n = text.length;
  let digits = 0;
  let seps = 0;
  // Big numbers are written in groups of three after dots or commas ("2.126.521.750"); phone numbers are not.
  let group = 0;
  let lastGroup = 0;
  let thousands = true;
  // Trailing zeros: "1000000000 views" is a round number, not a phone number.
  let zeros = 0;
  let j = i;
  for (; j < n; j++) {
    const d = text.charCodeAt(j);
    if (isDigit(d)) {
      digits++;
      group++;
      lastGroup = group;
      seps = 0;
      zeros = d === 48 ? zeros + 1 : 0;
    } else if (isPhoneSep(d) && seps < 2) {
      if (seps === 0 && digits > group && group !== 3) thousands = false;
      if (d !== 46 && j + 1 < n && isDigit(text.charCodeAt(j + 1))) thousands = false;
      seps++;
      group = 0;
    } else break;
  }
  if (lastGroup !== 3 || digits === lastGroup) thousands = false;
  if (digits >= 9 && digits <= 15 && !thousands && zeros < 5) out.phone = true;
  return j;
}

/**
 * Reads around the "@" at i: an e-mail address (its domain is added to `out.emailDomains`) or a handle. The local
 * part is looked for back to the previous "@" only. Returns the end of the domain-like run after the "@".
 */
function readAtSign(text: string, i: number, lastAt: number, out: ContactScan): number {
  const n = text.length;
  let a = i;
  while (a > lastAt + 1 && isLocalChar(text.charCodeAt(a - 1))) a--;
  let b = i + 1;
  while (b < n && (isLabelChar(text.charCodeAt(b)) || text.charCodeAt(b) === 46)) b++;
  // A trailing dot ends the sentence, not the domain.
  let end = b;
  while (end > i + 1 && text.charCodeAt(end - 1) === 46) end--;
  let dot = end - 1;
  while (dot > i && text.charCodeAt(dot) !== 46) dot--;
  const tldLen = dot > i ? end - dot - 1 : 0;
  if (a < i && dot > i + 1 && tldLen >= 2) {
    out.email = true;
    out.emailDomains.push(text.slice(i + 1, end).toLowerCase());
  } else if (a === i && (i === 0 || !isWordChar(text.charCodeAt(i - 1)))) {
    let h = i + 1;
    while (h < n && h - i <= 31 && isHandleChar(text.charCodeAt(h))) h++;
    if (h - i - 1 >= 2) out.handle = true;
  }
  return b;
}
