/**
 * How a comment's text is laid out, independent of the output: paragraphs (blank lines), lines, and runs of
 * plain text or http(s) links. The widget turns it into DOM text nodes, the server-rendered demo page into
 * escaped HTML, so both show the same thing. DOM-free on purpose.
 */
import { safeHttpUrl } from './safe-url.ts';

export type TextRun = { text: string; href?: undefined } | { text: string; href: string };

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** Punctuation that usually ends the sentence around a URL rather than the URL itself. */
const TRAILING = /[.,;:!?)\]}'"]+$/;

/** Paragraphs of lines, splitting on blank lines and line breaks (any newline style). */
export function paragraphs(text: unknown): string[][] {
  // Comment text comes from the API as a string; anything else shows as nothing rather than "[object Object]".
  return (typeof text === 'string' ? text : '')
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.split('\n'));
}

/** One line as text runs, with http(s) URLs as link runs. */
export function linkRuns(line: string): TextRun[] {
  const runs: TextRun[] = [];
  let last = 0;
  URL_RE.lastIndex = 0;
  for (let m = URL_RE.exec(line); m; m = URL_RE.exec(line)) {
    const raw = m[0].replace(TRAILING, '');
    const href = safeHttpUrl(raw);
    if (!href) continue;
    if (m.index > last) runs.push({ text: line.slice(last, m.index) });
    runs.push({ text: raw, href });
    last = m.index + raw.length;
    URL_RE.lastIndex = last;
  }
  if (last < line.length) runs.push({ text: line.slice(last) });
  return runs;
}

/** The `rel` of every link a reader wrote (text links and author websites). */
export const UGC_REL = 'nofollow ugc noopener';
