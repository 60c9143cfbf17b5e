/**
 * Shows why a comment scored as it did: the words named in its reasons ("token:free +2.1", "bigram:buy now +1.3")
 * are marked in its text, spam signals and ham signals apart.
 */
import { paragraphs } from '../shared/comment-text.ts';
import { el } from '../shared/dom.ts';

export interface ReasonWord {
  word: string;
  weight: number;
}

/** The words named in the reasons with their weights, strongest first (at most 10). */
export function reasonWords(reasons: readonly unknown[] | null | undefined): ReasonWord[] {
  const out: ReasonWord[] = [];
  for (const r of reasons ?? []) {
    const m = /^(token|bigram):(.+?)\s+([+-]\d+(?:\.\d+)?)$/.exec(String(r));
    if (!m?.[2] || !m[3]) continue;
    const weight = parseFloat(m[3]);
    // A bigram is highlighted as the phrase it is: its words alone may be stopwords ("out" of "check out").
    if (m[2].length > 1) out.push({ word: m[2], weight });
  }
  out.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  return out.slice(0, 10);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Renders text into `parent` as paragraphs and line breaks, wrapping the reason words in <mark>. */
export function renderHighlighted(parent: HTMLElement, text: string, words: readonly ReasonWord[]): void {
  const kinds = new Map<string, 'spam' | 'ham'>();
  for (const w of words) {
    const k = w.word.toLowerCase();
    if (!kinds.has(k)) kinds.set(k, w.weight > 0 ? 'spam' : 'ham');
  }
  const keys = [...kinds.keys()].sort((a, b) => b.length - a.length);
  let re: RegExp | null = null;
  if (keys.length) {
    try {
      const alternatives = keys.map((k) => escapeRe(k).replace(/ +/g, '\\s+')).join('|');
      re = new RegExp(`(?<![\\p{L}\\p{N}])(${alternatives})(?![\\p{L}\\p{N}])`, 'giu');
    } catch {
      re = null;
    }
  }
  for (const lines of paragraphs(text)) {
    const p = el('p');
    lines.forEach((line, i) => {
      if (i) p.append(el('br'));
      let last = 0;
      if (re) {
        re.lastIndex = 0;
        for (let m = re.exec(line); m; m = re.exec(line)) {
          if (m.index > last) p.append(line.slice(last, m.index));
          const kind = kinds.get((m[1] ?? '').toLowerCase().replace(/\s+/g, ' '));
          p.append(el('mark', { class: kind, title: kind === 'spam' ? 'Spam signal' : 'Ham signal' }, [m[0]]));
          last = m.index + m[0].length;
          if (m[0].length === 0) re.lastIndex++;
        }
      }
      if (last < line.length) p.append(line.slice(last));
    });
    parent.append(p);
  }
}
