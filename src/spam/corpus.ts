/**
 * Readers for labelled corpora in the three formats the CLIs accept (JSONL, YouTube CSV, SMS TSV), chosen by
 * file extension. Malformed records are counted, never fatal, so one bad line cannot sink a training run.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { SubmissionText } from './features.ts';

export type Label = 'spam' | 'ham';

/** One labelled submission, in file order. */
export interface LabeledDoc extends SubmissionText {
  label: Label;
  /** When the source has one (YouTube DATE): ISO 8601, used to split by time. */
  date?: string;
}

export interface Corpus {
  docs: LabeledDoc[];
  /** Records that could not be used (bad JSON, missing text, unknown label, wrong column count). */
  malformed: number;
  /** 1-based line numbers (or CSV record numbers) of malformed records, for error messages. */
  malformedLines: number[];
}

/**
 * 'ham-jsonl' is a JSONL file of comments that are all legitimate (`{"text", "user" or "name"}`, no label), such
 * as the Fox News reader comments; it is never picked by extension, only named by the caller.
 */
export type CorpusFormat = 'jsonl' | 'csv' | 'sms' | 'ham-jsonl';

/** The format implied by a file name: .jsonl, .csv, and .tsv or anything else is SMS. */
export function formatOf(path: string): CorpusFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv') return 'csv';
  return 'sms';
}

function normLabel(v: unknown): Label | null {
  if (v === 'spam' || v === 1 || v === '1' || v === true) return 'spam';
  if (v === 'ham' || v === 0 || v === '0' || v === false) return 'ham';
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'spam' || s === '1') return 'spam';
    if (s === 'ham' || s === '0') return 'ham';
  }
  return null;
}

function optString(v: unknown): string | null | undefined {
  return typeof v === 'string' ? v : v === null ? null : undefined;
}

/**
 * Splits text into lines, dropping only a final empty line, so line numbers match the file. A leading byte-order
 * mark (editors and tools on Windows write one) is dropped too: it is not part of the first record.
 */
export function splitLines(text: string): string[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Without a carriage return the plain split gives the same lines, and costs a fraction of the regex split.
  const lines = text.includes('\r') ? text.split(/\r?\n/) : text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Parses one JSONL record into a submission; null when it is not an object with a string `text`. */
export function parseSubmissionLine(line: string): (SubmissionText & { label?: unknown }) | null {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return null;
  const r = o as Record<string, unknown>;
  if (typeof r.text !== 'string') return null;
  return { text: r.text, name: optString(r.name), email: optString(r.email), website: optString(r.website), label: r.label };
}

export function parseJsonl(text: string): Corpus {
  const docs: LabeledDoc[] = [];
  const malformedLines: number[] = [];
  splitLines(text).forEach((line, i) => {
    if (line.trim() === '') {
      malformedLines.push(i + 1);
      return;
    }
    const sub = parseSubmissionLine(line);
    const label = sub ? normLabel(sub.label) : null;
    if (!sub || !label) {
      malformedLines.push(i + 1);
      return;
    }
    const doc: LabeledDoc = { text: sub.text, label };
    if (sub.name != null) doc.name = sub.name;
    if (sub.email != null) doc.email = sub.email;
    if (sub.website != null) doc.website = sub.website;
    docs.push(doc);
  });
  return { docs, malformed: malformedLines.length, malformedLines };
}

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsvRecords(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      field = '';
      rows.push(row);
      row = [];
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** YouTube Spam Collection CSV: COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS (1 = spam). AUTHOR becomes the name. */
export function parseYoutubeCsv(text: string): Corpus {
  const rows = parseCsvRecords(text).filter((r) => !(r.length === 1 && r[0] === ''));
  const docs: LabeledDoc[] = [];
  const malformedLines: number[] = [];
  const header = rows[0]?.map((h) => h.trim().toUpperCase()) ?? [];
  const hasHeader = header.includes('CONTENT') && header.includes('CLASS');
  const ci = hasHeader ? header.indexOf('CONTENT') : 3;
  const li = hasHeader ? header.indexOf('CLASS') : 4;
  const ai = hasHeader ? header.indexOf('AUTHOR') : 1;
  const di = hasHeader ? header.indexOf('DATE') : 2;
  rows.forEach((r, idx) => {
    if (idx === 0 && hasHeader) return;
    const content = r[ci];
    const label = normLabel(r[li]);
    if (content === undefined || !label) {
      malformedLines.push(idx + 1);
      return;
    }
    const doc: LabeledDoc = { text: content, label };
    const author = ai >= 0 ? r[ai] : undefined;
    if (author) doc.name = author;
    const date = di >= 0 ? r[di]?.trim() : undefined;
    if (date) doc.date = date;
    docs.push(doc);
  });
  return { docs, malformed: malformedLines.length, malformedLines };
}

/** SMS Spam Collection: `label<TAB>text` per line. */
export function parseSms(text: string): Corpus {
  const docs: LabeledDoc[] = [];
  const malformedLines: number[] = [];
  splitLines(text).forEach((line, i) => {
    const tab = line.indexOf('\t');
    const label = tab > 0 ? normLabel(line.slice(0, tab)) : null;
    if (!label) {
      malformedLines.push(i + 1);
      return;
    }
    docs.push({ text: line.slice(tab + 1), label });
  });
  return { docs, malformed: malformedLines.length, malformedLines };
}

/** A JSONL file of legitimate comments without labels: every object with a string `text` is ham. */
export function parseHamJsonl(text: string): Corpus {
  const docs: LabeledDoc[] = [];
  const malformedLines: number[] = [];
  splitLines(text).forEach((line, i) => {
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      o = null;
    }
    const r = o && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>) : null;
    if (!r || typeof r.text !== 'string') {
      malformedLines.push(i + 1);
      return;
    }
    const doc: LabeledDoc = { text: r.text, label: 'ham' };
    const name = typeof r.user === 'string' ? r.user : typeof r.name === 'string' ? r.name : undefined;
    if (name) doc.name = name;
    docs.push(doc);
  });
  return { docs, malformed: malformedLines.length, malformedLines };
}

export function parseCorpus(text: string, format: CorpusFormat): Corpus {
  switch (format) {
    case 'jsonl':
      return parseJsonl(text);
    case 'csv':
      return parseYoutubeCsv(text);
    case 'ham-jsonl':
      return parseHamJsonl(text);
    default:
      return parseSms(text);
  }
}

/** Reads a corpus file; throws (with the OS error code) only when the file itself cannot be read. */
export function readCorpus(path: string, format: CorpusFormat = formatOf(path)): Corpus {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseCorpus(text, format);
}
