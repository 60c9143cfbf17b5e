/**
 * Byte-for-byte comparison of two builds of the classifier: `node --import tsx scripts/compare-classify.ts
 * --baseline <other checkout>`, run from this checkout (the baseline is required and must be another checkout: this
 * one against itself would compare nothing). Both checkouts must be built. A missing or bad `--baseline` exits 2.
 *
 * - The classify CLI of each build (`dist/src/cli/classify.js`) over the same input, compared with stdout, stderr
 *   and exit status: every corpus comment with its name field; the same comments again with generated names,
 *   e-mail addresses, websites and spam fragments (phones, spelled-out addresses, leetspeak, links, HTML entities,
 *   fullwidth, accented and non-Latin text, long and repeated words); the test fixtures; malformed lines.
 * - In process, each build's `extractFeatures` (three option sets) and `scoreSubmission` (default options, options,
 *   signals, caller-supplied features, a site's moderator and unlabelled counts) on the same submissions, compared
 *   as JSON.
 *
 * Exit status 0 when everything is identical; otherwise the first differences are printed and the status is 1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readCorpus, type LabeledDoc } from '../src/spam/corpus.ts';
import { PUBLIC_CORPORA, mulberry32 } from '../src/spam/splits.ts';
import type { SubmissionText } from '../src/spam/features.ts';
import { isMain } from '../src/runtime/is-main.ts';

const FRAGMENTS = [
  'call +1 (800) 555-0199 now',
  'w w w . c h e a p . c o m',
  'v1agra ch3ap freeeee',
  'visit https://bit.ly/abc?ref=me123 today',
  'gmail dot com',
  'mail me at someone@mailinator.com',
  '&amp; &#39;quoted&#39; &lt;b&gt;',
  'ＣＡＳＩＮＯ　ＢＯＮＵＳ',
  'Casíno grátis já',
  'Подпишись на мой канал',
  '点击这里免费',
  'check out my channel!!',
  'earn $500 a day from home',
  'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
  '<a href="http://spam.example.xyz/p?aff=7">here</a>',
  'f.r.e.e m.o.n.e.y',
  'WHATSAPP +44 7911 123456',
  'don\u2019t miss it, it\u2019s rock\'n\'roll',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  'kik me @handle_123 or telegram',
  'example.com/account/389088-name',
  'gofundme.com/f/help-me',
  'mega.nz/file/abc.zip',
  '2,124923004 views 1000000000 likes',
  'zero\u200bwidth\u00adsoft\ufeffhyphen',
  '🙂🙂🙂 !!!',
  'e.g. v1.2 ... so. Next',
];
const NAMES = ['Best SEO Services', 'John', 'Cheap Loans Online', 'www.spam.example.com', 'Ｍａｒｉａ', "O'Brien", 'José Álvarez', '', 'Repair', 'x'];
const EMAILS = ['a@gmail.com', 'x@mailinator.com', 'y@sub.guerrillamail.com', 'bad-address', 'z@example.co.uk', ''];
const SITES = ['http://www.example.com/', 'https://bit.ly/x', 'example', 'shop.example.xyz', ''];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** The corpus comments, then the generated variants of them. */
function comparisonSubmissions(): SubmissionText[] {
  const docs: LabeledDoc[] = PUBLIC_CORPORA.flatMap((c) => readCorpus(c.path, c.format).docs);
  const out: SubmissionText[] = docs.map((d) => ({ text: d.text, name: d.name ?? null }));
  const r = mulberry32(20261129);
  for (let i = 0; i < 6000; i++) {
    const d = docs[Math.floor(r() * docs.length)]!;
    let text = d.text;
    const n = Math.floor(r() * 3);
    for (let k = 0; k < n; k++) {
      const at = Math.floor(r() * (text.length + 1));
      text = `${text.slice(0, at)} ${pick(r, FRAGMENTS)} ${text.slice(at)}`;
    }
    const sub: SubmissionText = { text };
    if (r() < 0.7) sub.name = pick(r, NAMES);
    if (r() < 0.4) sub.email = pick(r, EMAILS);
    if (r() < 0.3) sub.website = pick(r, SITES);
    out.push(sub);
  }
  for (const f of FRAGMENTS) out.push({ text: f }, { text: `${f} ${f}`, name: f });
  return out;
}

/** CLI input lines: the submissions, the test fixtures and malformed lines. */
function cliInput(subs: readonly SubmissionText[]): string {
  const lines = subs.map((s) => JSON.stringify(s));
  for (const f of ['classifier-site-spam.jsonl', 'transfer-spam-families.jsonl']) lines.push(...readFileSync(join('test/fixtures', f), 'utf8').trim().split('\n'));
  lines.push('', '   ', 'not json', '{"text":5}', '[1,2]', 'null', '{"name":"x"}', '{"text":"ok","name":7}', '{"text":"a\\u0000b"}');
  return lines.join('\n') + '\n';
}

interface Build {
  features: { extractFeatures(sub: SubmissionText, opts?: object): string[]; DEFAULT_FEATURE_OPTIONS: object };
  classifier: { scoreSubmission(model: unknown, sub: SubmissionText, opts?: object): unknown; addDecision(l: unknown, label: 'spam' | 'ham', f: readonly string[]): void };
  model: { loadSpamModel(path: string): unknown };
}

async function loadBuild(root: string): Promise<Build> {
  const mod = async <T>(p: string): Promise<T> => (await import(pathToFileURL(join(root, 'dist/src/spam', p)).href)) as T;
  return { features: await mod<Build['features']>('features.js'), classifier: await mod<Build['classifier']>('classifier.js'), model: await mod<Build['model']>('spam-model.js') };
}

/** Every in-process result of one build on `subs`, one JSON line each. */
function inProcessResults(b: Build, root: string, subs: readonly SubmissionText[]): string[] {
  const model = b.model.loadSpamModel(join(root, 'models/spam-model.json'));
  const d = b.features.DEFAULT_FEATURE_OPTIONS;
  const featureOptions = [d, { ...d, bigrams: true, charNgrams: 3 }, { ...d, binary: false, lexicon: false, asks: false }];
  // A site's counts: moderator decisions on the first few hundred submissions, and unlabelled counts of the same.
  type Counts = Map<string, { spam: number; ham: number }>;
  const learned = { spamDocs: 0, hamDocs: 0, tokens: new Map() as Counts, unlabelled: { spamDocs: 0, hamDocs: 0, tokens: new Map() as Counts, observed: 900 } };
  for (let i = 0; i < 400; i++) {
    const f = b.features.extractFeatures(subs[i * 7]!);
    b.classifier.addDecision(learned, i % 3 === 0 ? 'spam' : 'ham', f);
    const u = learned.unlabelled;
    const p = (i % 5) / 5;
    u.spamDocs += p;
    u.hamDocs += 1 - p;
    for (const x of f) {
      const c = u.tokens.get(x) ?? { spam: 0, ham: 0 };
      c.spam += p;
      c.ham += 1 - p;
      u.tokens.set(x, c);
    }
  }
  const scoreOptions: object[] = [
    {},
    { scoring: { absence: true } },
    { scoring: { topK: 5, minAbsLlr: 0.2, temperature: 1.5 } },
    { scoring: { estimator: 'bernoulli', priorWeight: 1, featurePriors: false } },
    { signals: { honeypotFilled: true, msToSubmit: 1500, repeatCount: 3 } },
    { signals: { authorApprovedBefore: true } },
    { learned },
    { learned, scoring: { siteMethod: 'blend', unlabelledMethod: 'em', decidedUnlabelled: 'divide' } },
    { learned, scoring: { spamRate: 0.4, calibrate: false } },
  ];
  const out: string[] = [];
  for (const sub of subs) {
    for (const o of featureOptions) out.push(JSON.stringify(b.features.extractFeatures(sub, o)));
    for (const o of scoreOptions) out.push(JSON.stringify(b.classifier.scoreSubmission(model, sub, o)));
    const f = b.features.extractFeatures(sub);
    out.push(JSON.stringify(b.classifier.scoreSubmission(model, sub, { features: [...f, ...f.slice(0, 3)] })));
  }
  return out;
}

/** Lines of the shorter CLI batch (the end of the input: generated variants, fixtures, malformed lines). */
const SHORT_BATCH = 5000;

function runCli(root: string, input: string): string {
  const r = spawnSync(process.execPath, [join(root, 'dist/src/cli/classify.js'), '--input', input], { encoding: 'utf8', maxBuffer: 1 << 29 });
  return `status ${r.status}\n--stderr\n${r.stderr}\n--stdout\n${r.stdout}`;
}

function firstDifferences(a: readonly string[], b: readonly string[], label: string, max = 5): string[] {
  const out: string[] = [];
  if (a.length !== b.length) out.push(`${label}: ${a.length} lines against ${b.length}`);
  for (let i = 0; i < Math.min(a.length, b.length) && out.length < max; i++) {
    if (a[i] !== b[i]) out.push(`${label} line ${i + 1}:\n  baseline ${a[i]}\n  this     ${b[i]}`);
  }
  return out;
}

const USAGE = 'usage: node --import tsx scripts/compare-classify.ts --baseline DIR (DIR: another built checkout)';

async function main(argv: string[]): Promise<number> {
  const i = argv.indexOf('--baseline');
  const arg = i >= 0 ? argv[i + 1] : undefined;
  if (arg === undefined || arg === '' || arg.startsWith('--')) {
    console.error(USAGE);
    return 2;
  }
  if (!existsSync(arg)) {
    console.error(`compare-classify: --baseline ${arg} does not exist; ${USAGE}`);
    return 2;
  }
  const base = realpathSync(resolve(arg));
  const here = realpathSync(resolve('.'));
  if (base === here) {
    console.error(`compare-classify: --baseline ${arg} is this checkout; ${USAGE}`);
    return 2;
  }
  const subs = comparisonSubmissions();
  const dir = mkdtempSync(join(tmpdir(), 'compare-classify-'));
  try {
    const input = join(dir, 'input.jsonl');
    const text = cliInput(subs);
    writeFileSync(input, text);
    // A shorter batch too: the CLI picks its compiler settings by the number of lines (batch-compiler-flags.ts).
    const short = join(dir, 'short.jsonl');
    writeFileSync(short, text.split('\n').slice(-SHORT_BATCH).join('\n'));
    const cliA = runCli(base, input).split('\n');
    const cliB = runCli(here, input).split('\n');
    const diffs = firstDifferences(cliA, cliB, 'classify CLI');
    diffs.push(...firstDifferences(runCli(base, short).split('\n'), runCli(here, short).split('\n'), 'classify CLI, short batch'));
    const inA = inProcessResults(await loadBuild(base), base, subs);
    const inB = inProcessResults(await loadBuild(here), here, subs);
    diffs.push(...firstDifferences(inA, inB, 'in process'));
    console.log(`${subs.length} submissions: classify CLI ${cliB.length} output lines (and the last ${SHORT_BATCH} input lines alone), in process ${inB.length} results; ${diffs.length ? 'DIFFERENT' : 'identical'} (baseline ${base})`);
    for (const d of diffs) console.log(d);
    return diffs.length ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
