/**
 * Readers warning each other about spam quote it: "Beware of comments saying 'contact him on WhatsApp for fund
 * recovery', that is a scam". The quoted words are the spammer's, not the writer's, so a comment that warns (scam,
 * beware, fake, don't fall for…) is read for spam phrases and requests without its quoted passages. The contact
 * channels, links and the rest of the comment are read as they are: a spammer who quotes his own pitch still has to
 * leave a way to reach him. (features.ts also reads an unquoted warning that leaves no way to reach anyone as about spam.)
 */

import { isAlnum } from './tokenize.ts';

/** Words of a warning about spam ("scam", "beware", "fake", "bots", "be careful", "don't trust"), as the text writes them. */
const WARNING = /(?<![A-Za-z])(?:scams?|scammers?|beware|fake|bots?|spam|spammers?|phishing|fraud|fraudsters?|fall for|warning|careful|psa|don['’]?t trust|do not trust|never trust|don['’]?t reply|do not reply|ignore them|ignore anyone|report them)(?![A-Za-z])/i;

/**
 * Whether `text` warns about spam or a scam ("beware", "that is a scam", "be careful", "don't trust anyone…"): one
 * native regex search.
 */
export function warnsAboutSpam(text: string): boolean {
  return WARNING.test(text);
}

/** Straight and curly double quotes. */
function isDoubleQuote(c: number): boolean {
  return c === 34 || c === 0x201c || c === 0x201d;
}

/** Straight and curly single quotes (a quotation mark only away from a letter or digit, isAlnum: withoutQuotedSpam). */
function isSingleQuote(c: number): boolean {
  return c === 39 || c === 0x2018 || c === 0x2019;
}

/**
 * `text` without its quoted passages when it warns about spam and quotes something; null otherwise (most comments:
 * one native regex search and, for those that warn, one pass over the characters). A single quote opens a passage only
 * after a non-word character and closes it only before one, so "don't" and "Sam's" quote nothing; an unclosed quote
 * quotes nothing.
 */
export function withoutQuotedSpam(text: string): string | null {
  if (!WARNING.test(text)) return null;
  const n = text.length;
  let out = '';
  let from = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const dbl = isDoubleQuote(c);
    if (!dbl && !(isSingleQuote(c) && (i === 0 || !isAlnum(text.charCodeAt(i - 1))))) {
      i++;
      continue;
    }
    // Find the closing mark of the same kind.
    let j = i + 1;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (dbl ? isDoubleQuote(d) : isSingleQuote(d) && (j + 1 === n || !isAlnum(text.charCodeAt(j + 1)))) break;
      j++;
    }
    if (j >= n) break;
    out += text.slice(from, i) + ' ';
    from = j + 1;
    i = j + 1;
  }
  if (from === 0) return null;
  return out + text.slice(from);
}
