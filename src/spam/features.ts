/**
 * Feature extraction: maps a submission (text plus name/email/website) to the list of string features the
 * naive Bayes model counts. The same function is used for training, scoring and moderator learning, so it
 * must stay deterministic; changing it means bumping FEATURE_SET_VERSION and retraining.
 */
import {
  baseDomain,
  deobfuscate,
  findUrls,
  joinSpacedLetters,
  normalizeText,
  urlDomain,
  wordTokens,
} from './tokenize.ts';

/** Bumped whenever extractFeatures changes output for some input; stored in the model file. */
export const FEATURE_SET_VERSION = 1;

/** What a submission looks like to the classifier. Only `text` is required. */
export interface SubmissionText {
  text: string;
  name?: string | null;
  email?: string | null;
  website?: string | null;
}

/** Knobs for experiments (scripts/bench-classifier.ts); production always uses DEFAULT_FEATURE_OPTIONS. */
export interface FeatureOptions {
  /** Word bigrams ("b:check_out"). */
  bigrams: boolean;
  /** Character n-grams inside de-obfuscated words, against spelling tricks; 0 disables. */
  charNgrams: number;
  /** Emit each feature once per document (binarised NB) instead of once per occurrence. */
  binary: boolean;
  /** URL/domain/link-count tokens. */
  urls: boolean;
  /** Shape features: capitals, exclamation marks, long numbers, money. */
  shape: boolean;
  /** Features from name / email / website fields. */
  meta: boolean;
}

export const DEFAULT_FEATURE_OPTIONS: Readonly<FeatureOptions> = Object.freeze({
  bigrams: false,
  charNgrams: 0,
  binary: true,
  urls: true,
  shape: true,
  meta: true,
});

/** Letters and uppercase letters, with an ASCII fast path (Unicode property regexes cost µs per comment). */
function countLetters(text: string): [letters: number, upper: number] {
  let letters = 0;
  let upper = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      letters++;
      upper++;
    } else if (c >= 97 && c <= 122) letters++;
    else if (c > 127) {
      const ch = text[i]!;
      if (ch.toLowerCase() !== ch) {
        letters++;
        upper++;
      } else if (ch.toUpperCase() !== ch) letters++;
    }
  }
  return [letters, upper];
}

/**
 * Deterministic feature list for a submission. Plain words appear as-is; other features carry a prefix
 * (`b:` bigram, `url:`/`dom:` links, `links:` count bucket, `shape:`, `name:`, `edom:`, `wdom:`).
 */
export function extractFeatures(sub: SubmissionText, opts: Readonly<FeatureOptions> = DEFAULT_FEATURE_OPTIONS): string[] {
  const out: string[] = [];
  const text = normalizeText(typeof sub.text === 'string' ? sub.text : '');
  const urls = findUrls(text);

  // Remove URLs before word tokenisation so their path noise does not become "words".
  const prose = joinSpacedLetters(urls.length ? text.replace(/\S*(?:https?:\/\/|www\.)\S*/gi, ' ') : text);
  const words = wordTokens(prose).map(deobfuscate).filter((w) => w.length <= 40);

  for (const w of words) out.push(w);
  if (opts.bigrams) {
    for (let i = 1; i < words.length; i++) out.push(`b:${words[i - 1]}_${words[i]}`);
  }
  if (opts.charNgrams > 0) {
    const n = opts.charNgrams;
    for (const w of words) {
      if (w.length <= n) continue;
      const padded = `^${w}$`;
      for (let i = 0; i + n <= padded.length; i++) out.push(`c:${padded.slice(i, i + n)}`);
    }
  }

  if (opts.urls) {
    const linkCount = urls.length;
    out.push(`links:${linkCount >= 3 ? '3+' : linkCount}`);
    for (const u of urls) {
      const host = urlDomain(u);
      if (!host) continue;
      out.push(`dom:${baseDomain(host)}`);
      out.push(`tld:${host.slice(host.lastIndexOf('.') + 1)}`);
      if (/^https?:\/\/|^www\./i.test(u)) out.push('url:scheme');
      if (/(?:bit\.ly|goo\.gl|tinyurl|t\.co|ow\.ly|is\.gd|adf\.ly)/i.test(host)) out.push('url:shortener');
    }
  }

  if (opts.shape) {
    const [letters, upper] = countLetters(text);
    if (letters >= 12 && upper / letters > 0.5) out.push('shape:caps');
    if (/!{2,}/.test(text)) out.push('shape:excl');
    if (/\d{5,}|\d{3,}[ -]\d{3,}/.test(text)) out.push('shape:longnum');
    if (/[£$€]\s?\d|\d\s?(?:[£$€]|usd|dollars?)\b/i.test(text)) out.push('shape:money');
    if (words.length === 0) out.push('shape:nowords');
    else out.push(`shape:len${words.length < 4 ? 0 : words.length < 12 ? 1 : words.length < 40 ? 2 : 3}`);
  }

  if (opts.meta) {
    const name = typeof sub.name === 'string' ? normalizeText(sub.name) : '';
    if (name && findUrls(name).length > 0) out.push('name:url');
    const email = typeof sub.email === 'string' ? sub.email.trim().toLowerCase() : '';
    const at = email.lastIndexOf('@');
    if (at > 0) out.push(`edom:${baseDomain(email.slice(at + 1))}`);
    const site = typeof sub.website === 'string' ? sub.website.trim() : '';
    if (site) {
      const host = urlDomain(site);
      out.push('wdom:any');
      if (host) out.push(`wdom:${baseDomain(host)}`);
    }
  }

  if (!opts.binary) return out;
  // Binarised NB: presence, not frequency, is what separates short comments; first occurrence order is kept.
  return [...new Set(out)];
}
