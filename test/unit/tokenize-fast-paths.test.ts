/**
 * The native shortcuts of the tokenizer and the feature scan (regex pre-checks, one match for the words, deobfuscate
 * only where it can change a token) against the character loops they replaced, on random strings built to hit
 * their edges: digits next to letters, letters three times in a row, apostrophes, non-ASCII letters and symbols.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFeatures } from '../../src/spam/features.ts';
import { decodeEntities, deobfuscate, deobfuscatedWords, findContacts, keyWordOf, mayHaveUrl, normalizeText, rawWordTokens, SPACED_HINT, stripHtml, wordOfToken, wordTokens } from '../../src/spam/tokenize.ts';
import { randomTexts } from '../support/random-texts.ts';

const PIECES = [
  'a', 'B', 'z', 'e', 'eee', 'OOO', '0', '1', '3', '7', ' ', '.', '-', '_', '*', ':', '/', "'", '’', '!', '!!', 'www.', 'WwW.', '://',
  'v1agra', 'fr33', 'freeeee', "don't", "rock'n'roll", "aa'a", 'é', 'É', 'Ü', '£', '½', '²', '𝐀', 'ß', 'İ', '\u00a0', 'c h e c k',
  '1 2 3 4', 'a.b', 'x.com', 'HELLO', 'World', '2,200,000', '\u200b', '\ufeff', '\u00ad', '\u2061', 'Ⓐ', 'ǅ', 'ｆｒｅｅ', '\ud835', '\udc00',
  'K', '&amp;', '&#x41;', 'sucscribe', 'Subcribers', 'folowers', 'subscribed', 'subsc', 'ribe',
];

function randomStrings(seed: number, count: number, maxPieces: number): string[] {
  return randomTexts(seed, PIECES, count, maxPieces);
}

/** The loop mayHaveUrl was: a "://", a "www." or "<letter, digit or hyphen>.<letter>". */
function mayHaveUrlLoop(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 46) {
      const n = i + 1 < t.length ? t.charCodeAt(i + 1) | 0x20 : 0;
      const p = i > 0 ? t.charCodeAt(i - 1) : 0;
      const pl = p | 0x20;
      if (n >= 97 && n <= 122 && ((pl >= 97 && pl <= 122) || (p >= 48 && p <= 57) || p === 45)) return true;
      if (i >= 3 && (t.charCodeAt(i - 1) | 0x20) === 119 && (t.charCodeAt(i - 2) | 0x20) === 119 && (t.charCodeAt(i - 3) | 0x20) === 119) return true;
    } else if (c === 58 && i + 2 < t.length && t.charCodeAt(i + 1) === 47 && t.charCodeAt(i + 2) === 47) return true;
  }
  return false;
}

const isSep = (c: number): boolean => c === 32 || c === 46 || c === 45 || c === 95 || c === 42;

/** The loop the spaced-letters pre-check was: four non-separators alternating with separators. */
function hasSpacedRunLoop(text: string): boolean {
  for (let i = 0; i + 6 < text.length; i++) {
    if (isSep(text.charCodeAt(i + 1)) && isSep(text.charCodeAt(i + 3)) && isSep(text.charCodeAt(i + 5)) &&
        !isSep(text.charCodeAt(i)) && !isSep(text.charCodeAt(i + 2)) && !isSep(text.charCodeAt(i + 4)) && !isSep(text.charCodeAt(i + 6))) {
      return true;
    }
  }
  return false;
}

/** The capitals rule as the character loop computed it: at least 12 letters, more than half of them capitals. */
function capsLoop(text: string): boolean {
  let letters = 0;
  let upper = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) letters++;
    else if (c >= 65 && c <= 90) {
      letters++;
      upper++;
    } else if (c > 127) {
      if (ch.toLowerCase() !== ch) {
        letters++;
        upper++;
      } else if (ch.toUpperCase() !== ch) letters++;
    }
  }
  return letters >= 12 && upper / letters > 0.5;
}

test('deobfuscatedWords is wordTokens followed by deobfuscate on every token', () => {
  for (const s of randomStrings(7, 20_000, 12)) {
    assert.deepEqual(deobfuscatedWords(s), wordTokens(s).map(deobfuscate), JSON.stringify(s));
  }
});

test('the raw tokens, each turned into its word, are deobfuscatedWords; a word is its own word', () => {
  for (const s of [...randomStrings(13, 20_000, 12), "don't v1agra freeeee aa4 a4a4 rock'n'roll it’s 10k 2nd x2y 55sub", 'ÜNÏCODE l33t Ｃａｓｉｎｏ', "Sucscribe sub'cribe subscrib3 subcribeee folowers subscriber é subcribers"]) {
    const words = rawWordTokens(s).map(wordOfToken);
    assert.deepEqual(words, deobfuscatedWords(s), JSON.stringify(s));
    for (const w of words) assert.equal(wordOfToken(w), w, JSON.stringify(s));
  }
});

test('the link and spaced-letters pre-checks say what the character loops said', () => {
  for (const s of randomStrings(11, 20_000, 10)) {
    assert.equal(mayHaveUrl(s), mayHaveUrlLoop(s), JSON.stringify(s));
    assert.equal(SPACED_HINT.test(s), hasSpacedRunLoop(s), JSON.stringify(s));
  }
});

/** normalizeText's last step as the character loop did it: NFKC when a visible character is not ASCII. */
function normalizeLoop(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const invisible = (c >= 0x200b && c <= 0x200f) || (c >= 0x2060 && c <= 0x2064) || c === 0xfeff || c === 0xad;
    if (c > 127 && !invisible) return s.normalize('NFKC').replace(/[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/g, '');
  }
  return s.replace(/[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/g, '');
}

test('normalizeText runs NFKC where the character loop did', () => {
  for (const s of randomStrings(19, 20_000, 8)) {
    assert.equal(normalizeText(s), normalizeLoop(stripHtml(decodeEntities(decodeEntities(s)))), JSON.stringify(s));
  }
});

test('shape:caps follows the capitals rule of the character loop', () => {
  for (const s of randomStrings(13, 5_000, 14)) {
    assert.equal(extractFeatures({ text: s }).includes('shape:caps'), capsLoop(normalizeText(s)), JSON.stringify(s));
  }
});

/** deobfuscate with the Unicode patterns only, as it was before ASCII tokens got [A-Za-z] for \p{L} (key words read alike). */
function deobfuscateUnicode(token: string): string {
  let digits = false;
  let triple = false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) digits = true;
    else if (i >= 2 && c === token.charCodeAt(i - 1) && c === token.charCodeAt(i - 2)) triple = true;
  }
  let t = token;
  if (digits && /\p{L}/u.test(t) && !/^[0-9]+\p{L}{1,2}$/u.test(t)) {
    t = t.replace(/[0-9]/g, (d) => ({ '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b' })[d] ?? d);
    triple = true;
  }
  return keyWordOf(triple ? t.replace(/(\p{L})\1{2,}/gu, '$1$1') : t);
}

test('deobfuscate with the ASCII patterns gives what the Unicode letter patterns give', () => {
  const tokens = randomStrings(17, 20_000, 6).map((s) => s.replace(/[\s.\-_*:/'’!]+/g, ''));
  for (const extra of ['2nd', '10k', '3rd4', 'v1agra', 'fr33', 'aaa1', 'é3é', 'ß1', '𝐀𝐀𝐀', '12ab', '12abc', 'AAAb', 'bAAA1']) tokens.push(extra);
  for (const t of tokens) assert.equal(deobfuscate(t), deobfuscateUnicode(t), JSON.stringify(t));
});

test('findContacts jumping to the next "@", digit or "+"/"(" before a digit finds what stepping over every character finds', () => {
  const pieces = ['@', 'a', 'B', '_', '.', ',', ' ', '-', '+', '(', ')', '/', '\u00a0', '1', '0', '555', '0199', '12345', '2,124', 'x@y.com',
    '@name', 'mail@', '+1 (800) ', '1.000.000', '0871 872 9758', '000000', 'é', '+', '(', '9', '(123.456.789', '+123,456,789', '.123'];
  let phones = 0;
  for (const s of randomTexts(29, pieces, 30_000, 16)) {
    const expected = findContacts(s, true);
    if (expected.phone) phones++;
    assert.deepEqual(findContacts(s), expected, JSON.stringify(s));
  }
  assert.ok(phones > 1_000, `only ${phones} random texts had a phone number`);
});
