/**
 * The evaluation protocols: TubeSpam's chronological per-class 70/30 split and a deterministic stratified
 * 70/30 split for SMS, plus the list of public corpora the repository carries under corpora/.
 */
import { resolve } from 'node:path';
import { PACKAGE_ROOT } from '../runtime/package-root.ts';
import type { CorpusFormat, LabeledDoc } from './corpus.ts';

/** The training corpora the repository carries (see corpora/README.md for licenses and citations); from the package root, so dist/ finds them too. */
export const CORPORA_DIR = resolve(PACKAGE_ROOT, 'corpora');

export interface PublicCorpus {
  id: string;
  path: string;
  format: CorpusFormat;
  /**
   * Where the texts come from: corpora of one family share topic vocabulary (the three videos), so "spammy in
   * more than one source" counts families, not files.
   */
  family: 'youtube' | 'sms' | 'news';
  /** 70/30 protocol for per-corpus splits; null for a corpus with one class only. */
  protocol: 'chronological' | 'stratified' | null;
}

export const PUBLIC_CORPORA: readonly PublicCorpus[] = [
  { id: 'youtube-psy', path: 'youtube-spam-collection/Youtube01-Psy.csv', format: 'csv', family: 'youtube', protocol: 'chronological' },
  { id: 'youtube-katyperry', path: 'youtube-spam-collection/Youtube02-KatyPerry.csv', format: 'csv', family: 'youtube', protocol: 'chronological' },
  { id: 'youtube-lmfao', path: 'youtube-spam-collection/Youtube03-LMFAO.csv', format: 'csv', family: 'youtube', protocol: 'chronological' },
  { id: 'sms', path: 'sms-spam-collection/SMSSpamCollection', format: 'sms', family: 'sms', protocol: 'stratified' },
  { id: 'news-fox', path: 'news-comments-fox/comments.jsonl', format: 'ham-jsonl', family: 'news', protocol: null },
].map((c) => ({ ...c, path: resolve(CORPORA_DIR, c.path) }) as PublicCorpus);

export interface Split {
  train: LabeledDoc[];
  test: LabeledDoc[];
}

/**
 * Oldest first. The files are not all in the same order (LMFAO's CSV is newest-first, Psy's and
 * KatyPerry's oldest-first), so the DATE column decides whenever every document has one; ISO 8601
 * strings sort chronologically. Otherwise file order is taken as chronological.
 */
export function oldestFirst(docs: readonly LabeledDoc[]): LabeledDoc[] {
  if (!docs.every((d) => d.date)) return [...docs];
  return [...docs].sort((a, b) => (a.date! < b.date! ? -1 : a.date! > b.date! ? 1 : 0));
}

/** TubeSpam protocol: per class, the oldest 70% train and the newest 30% test. */
export function chronologicalSplit(docs: readonly LabeledDoc[], trainShare = 0.7): Split {
  const train: LabeledDoc[] = [];
  const test: LabeledDoc[] = [];
  const ordered = oldestFirst(docs);
  for (const label of ['spam', 'ham'] as const) {
    const cls = ordered.filter((d) => d.label === label);
    const cut = Math.round(cls.length * trainShare);
    train.push(...cls.slice(0, cut));
    test.push(...cls.slice(cut));
  }
  return { train, test };
}

/** Small seeded PRNG so splits are identical on every machine and run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of `xs` in the order a Fisher–Yates shuffle with `rnd` gives. */
export function shuffled<T>(xs: readonly T[], rnd: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Stratified random split with a fixed seed: each class keeps the same 70/30 proportion. */
export function stratifiedSplit(docs: readonly LabeledDoc[], trainShare = 0.7, seed = 42): Split {
  const rnd = mulberry32(seed);
  const train: LabeledDoc[] = [];
  const test: LabeledDoc[] = [];
  for (const label of ['spam', 'ham'] as const) {
    const cls = shuffled(docs.filter((d) => d.label === label), rnd);
    const cut = Math.round(cls.length * trainShare);
    train.push(...cls.slice(0, cut));
    test.push(...cls.slice(cut));
  }
  return { train, test };
}

/** k stratified folds (seeded) for threshold selection by cross-validation. */
export function stratifiedFolds(docs: readonly LabeledDoc[], k: number, seed = 7): LabeledDoc[][] {
  const rnd = mulberry32(seed);
  const folds: LabeledDoc[][] = Array.from({ length: k }, () => []);
  for (const label of ['spam', 'ham'] as const) {
    shuffled(docs.filter((d) => d.label === label), rnd).forEach((d, i) => folds[i % k]!.push(d));
  }
  return folds;
}
