/**
 * Requests to the reader: a clause that opens with a verb asking the audience to act for the writer ("Subscribe",
 * "please check out …", "Click the link", "help me get 100 subscribers", "claim your …"). Self-promotion and spam on
 * every site ask the reader to do something; readers discussing an article mostly state, argue and ask questions.
 * One linear scan, behind a regex pre-check.
 */
import { SHARED_TARGETS } from './lexicon.ts';

/** The words after a verb that make it ask for the writer's own things. */
const MINE = ['my', 'our', 'me', 'us', 'this', 'these', 'it'];
/**
 * The words after "check": its own things, "em", or "out". After "check out" anything but SHARED_TARGETS (the
 * lexicon's list for its "check out" phrase) asks: "check out the FAQ / the comments above / the sequel" is a reader's
 * tip, "check out my channel / this / Melbourne shuffle / <a link>" a request.
 */
const CHECK_NEXT: ReadonlySet<string> = new Set([...MINE, 'out', 'em']);

/**
 * Verbs that open a request to the audience, imperative forms only ("subscribed" is a reader's statement). A verb
 * mapped to a set opens one only before one of those words: "check out", "watch this", "follow me", "like and
 * subscribe", "help me" ask for the writer; "check with a doctor", "watch the debate", "follow the money" do not. Verbs
 * of everyday messages and of politics ("call me", "text me", "vote") are left out: readers write them too.
 */
export const ASK_VERBS: ReadonlyMap<string, ReadonlySet<string> | null> = (() => {
  const m = new Map<string, ReadonlySet<string> | null>();
  for (const v of ['subscribe', 'suscribe', 'subcribe', 'subscibe', 'subscrib', 'sub', 'share', 'click', 'visit', 'register', 'signup', 'donate', 'search', 'discover', 'download', 'spread', 'claim']) m.set(v, null);
  m.set('check', CHECK_NEXT);
  m.set('watch', new Set(MINE));
  m.set('listen', new Set([...MINE, 'to']));
  m.set('follow', new Set([...MINE, 'back']));
  m.set('join', new Set([...MINE, 'now']));
  m.set('support', new Set(['me', 'my', 'us', 'this', 'it']));
  m.set('open', new Set([...MINE, 'link']));
  m.set('order', new Set(['now', 'today', 'yours', 'your']));
  m.set('help', new Set(['me', 'us', 'my', 'our']));
  m.set('give', new Set(['it', 'this']));
  m.set('like', new Set(['and', 'this', 'my', 'if', 'it', 'us', 'me', 'our', 'share', 'comment', 'n', '4']));
  return m;
})();

/**
 * One of the verbs as a word: a necessary condition for a request, cheaper to test than the word scan. The scan's
 * words are runs of ASCII letters, digits and apostrophes starting with a letter, so a verb it reads is not preceded
 * by a letter and not followed by any of those. (Without the `u` flag, `i` folds ASCII letters only.)
 * VERB_WORD_DEFINITION says it with a lookbehind; VERB_WORD reads the character before as part of the match
 * instead, which finds the same texts (only `test` is used) with about 15 % less regex time: the lookbehind is
 * evaluated at every position before the verbs are tried.
 */
const VERBS = [...ASK_VERBS.keys()].join('|');
export const VERB_WORD_DEFINITION = new RegExp(`(?<![A-Za-z])(?:${VERBS})(?![A-Za-z0-9'’])`, 'i');
export const VERB_WORD = new RegExp(`(?:^|[^A-Za-z])(?:${VERBS})(?![A-Za-z0-9'’])`, 'i');

/**
 * A word ending in one of the verbs ("subscribe", "unlike"). Where VERB_WORD finds a verb in an ASCII text, the
 * character after it is no letter, digit or apostrophe, so the word token of that text holding the verb
 * (rawWordTokens, tokenize.ts) ends with it; dropping the token's apostrophes and deobfuscating it change neither the
 * verb's letters nor their place at its end (no verb has a letter three times in a row or starts with a doubled
 * letter), so the token's word ends with it too. An ASCII text none of whose words ends in a verb therefore has no
 * request, which word-slots.ts tells once per word instead of once per comment.
 */
export const ENDS_IN_VERB = new RegExp(`(?:${VERBS})$`);

/** Words that may come before the verb of a request ("please", "hey guys", "so"); at most three are skipped. */
export const LEAD_WORDS: ReadonlySet<string> = new Set([
  'please', 'pls', 'plz', 'plss', 'pleas', 'plese', 'pleasee', 'guys', 'hey', 'hi', 'hello', 'so', 'and', 'just', 'now', 'also',
  'everyone', 'everybody', 'all', 'yo', 'oh', 'ok', 'okay', 'come', 'go', 'kindly', 'then', 'do',
]);

/** What continues a word of the scan: ASCII letters, digits, apostrophes. Sticky: read from a given position. */
const WORD_REST_Y = /[A-Za-z0-9'’]*/y;

/** Words that make the next one the start of a request wherever they stand. */
export const PLEASE: ReadonlySet<string> = new Set(['please', 'pls', 'plz', 'plss', 'pleas', 'plese', 'pleasee', 'and']);

/**
 * True when some clause of `text` (already normalised, links removed) opens with a request to the reader (`linked`:
 * the comment had a link that is not a reference source, which a "check out the …" points at). Words are
 * ASCII letter runs (apostrophes join them: "don't" is one word and no verb); only the first few words of each clause
 * are sliced, so the cost is one pass over the characters.
 */
export function asksReader(text: string, linked = false): boolean {
  // Most comments contain none of the verbs as a word: one native regex scan rules them out.
  return VERB_WORD.test(text) && scanRequests(text, linked);
}

/**
 * asksReader's word scan without the pre-check (exported for the test that holds the pre-check to it). The character
 * tests are written out rather than called, and the end of a word is found by a native search: in a short batch this
 * loop runs as baseline code, where each call and each character costs dozens of instructions.
 */
export function scanRequests(text: string, linked = false): boolean {
  const n = text.length;
  let atStart = true;
  let skipped = 0;
  // The words a verb just read needs next ("check" → "out"), or null.
  let pending: ReadonlySet<string> | null = null;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const lc = c | 0x20;
    if ((lc >= 97 && lc <= 122) || (pending !== null && c >= 48 && c <= 57)) {
      // The rest of the word: letters, digits and apostrophes (always matches, maybe nothing).
      WORD_REST_Y.lastIndex = i + 1;
      WORD_REST_Y.test(text);
      const j = WORD_REST_Y.lastIndex;
      if (pending !== null) {
        const w = text.slice(i, j).toLowerCase();
        // With a link in the comment "check out the numbers here: <link>" points at the link.
        if (pending === CHECK_NEXT && w === 'out') {
          if (linked) return true;
          pending = SHARED_TARGETS;
        }
        else if (pending === SHARED_TARGETS) {
          if (!SHARED_TARGETS.has(w)) return true;
          pending = null;
        } else if (pending.has(w)) return true;
        else pending = null;
      } else if (atStart) {
        const w = text.slice(i, j).toLowerCase();
        const next = ASK_VERBS.get(w);
        if (next === null) return true;
        if (next !== undefined) {
          pending = next;
          atStart = false;
        } else if (LEAD_WORDS.has(w) && skipped < 3) skipped++;
        else atStart = false;
      } else if (((c | 0x20) === 112 /* p */ && j - i >= 3 && j - i <= 7) || ((c | 0x20) === 97 /* a */ && j - i === 3)) {
        // "please" anywhere opens a request ("if you like it please subscribe"), and so does "and" ("… and watch it").
        if (PLEASE.has(text.slice(i, j).toLowerCase())) {
          atStart = true;
          skipped = 1;
        }
      }
      i = j;
      continue;
    }
    // A space (most of what lies between words) is neither a digit nor the end of a clause: the tests below are skipped.
    if (c === 32) {
      i++;
      continue;
    }
    if (c >= 48 && c <= 57) atStart = false;
    // The end of a clause: . ! ? : ; , ( ) a line break, or a dash between spaces.
    else if (c === 46 || c === 33 || c === 63 || c === 58 || c === 59 || c === 44 || c === 40 || c === 41 || c === 10 || c === 13 || (c === 45 && i > 0 && text.charCodeAt(i - 1) === 32 && i + 1 < n && text.charCodeAt(i + 1) === 32)) {
      if (pending === SHARED_TARGETS) return true;
      atStart = true;
      skipped = 0;
      pending = null;
    }
    i++;
  }
  return pending === SHARED_TARGETS;
}
