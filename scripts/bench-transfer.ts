/**
 * `npm run bench:transfer`: how the default model does on kinds of site it was not trained on. Scores the
 * hand-written evaluation sets (corpora/eval/transfer-comments.jsonl, transfer-comments-2.jsonl,
 * transfer-comments-3.jsonl, transfer-comments-4.jsonl and transfer-comments-5.jsonl, written independently of each other, never trained on) as a new site's worker does:
 * the shipped model, the production thresholds, no site history, no author or timing signals. Per half of
 * the fixed dev/test split and per site type: ham held for review, ham rejected, spam caught (held or rejected)
 * and spam rejected, and the highest score any ham got; then the spam-ward reasons that fire most on the ham held
 * and published and on the spam caught and missed.
 * `--model PATH` scores with another model file; `--errors` lists the dev half's wrong verdicts (the test half is
 * reported, not inspected); `--set NAME` scores one set only (NAME is the file's name or the set's number, 1–5); `--json` prints the figures as one JSON document
 * (`figures` is the first set scored, the one `--set` names if given, kept for readers of the one-set format;
 * `sets` holds every set scored).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { scoreSubmission, type LearnedCounts } from '../src/spam/classifier.ts';
import { DEFAULT_THRESHOLDS, decide, type Verdict } from '../src/spam/policy.ts';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel, type SpamModel } from '../src/spam/spam-model.ts';
import { PACKAGE_ROOT } from '../src/runtime/package-root.ts';
import { printTable, runBench, UsageError } from './bench-support.ts';

/** The evaluation sets, each with its own fixed dev/test split (corpora/eval/README.md). */
const TRANSFER_SETS: ReadonlyArray<{ name: string; path: string }> = ['transfer-comments', 'transfer-comments-2', 'transfer-comments-3', 'transfer-comments-4', 'transfer-comments-5'].map((name) => ({
  name,
  path: join(PACKAGE_ROOT, 'corpora', 'eval', `${name}.jsonl`),
}));

interface EvalComment {
  label: 'ham' | 'spam';
  site: string;
  split: 'dev' | 'test';
  name: string;
  email: string;
  website: string;
  text: string;
  /** What the comment is (a question, a scam warning, an SEO comment…), where the set records it. */
  kind?: string;
}

interface Scored extends EvalComment {
  spamScore: number;
  verdict: Verdict;
  reasons: readonly string[];
}

function readTransferSet(path: string): EvalComment[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as EvalComment);
}

/** What the worker does for a new site: an empty learning store, signals with nothing known about the author. */
function scoreAsNewSite(model: SpamModel, c: EvalComment): Scored {
  const learned: LearnedCounts = { spamDocs: 0, hamDocs: 0, tokens: new Map() };
  const r = scoreSubmission(model, { text: c.text, name: c.name || null, email: c.email || null, website: c.website || null }, {
    learned,
    signals: { repeatCount: 0, authorApprovedBefore: false, authorMarkedSpam: false },
  });
  return { ...c, spamScore: r.spamScore, verdict: decide(r.spamScore, DEFAULT_THRESHOLDS, r.evidenceKinds), reasons: r.reasons };
}

interface Figures {
  ham: number;
  hamHeld: number;
  hamRejected: number;
  spam: number;
  spamCaught: number;
  spamRejected: number;
}

function figures(xs: readonly Scored[]): Figures {
  const ham = xs.filter((x) => x.label === 'ham');
  const spam = xs.filter((x) => x.label === 'spam');
  return {
    ham: ham.length,
    hamHeld: ham.filter((x) => x.verdict !== 'publish').length,
    hamRejected: ham.filter((x) => x.verdict === 'reject').length,
    spam: spam.length,
    spamCaught: spam.filter((x) => x.verdict !== 'publish').length,
    spamRejected: spam.filter((x) => x.verdict === 'reject').length,
  };
}

const pct = (n: number, d: number): string => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}% (${n}/${d})`);

/** The feature names of the reasons ("lex:crypto +2.1" → "lex:crypto"), spam-ward ones only. */
function spamReasons(s: Scored): string[] {
  return s.reasons.filter((r) => !/ -\d/.test(r)).map((r) => r.replace(/ [+-][\d.]+$/, ''));
}

function topReasons(xs: readonly Scored[], n: number): string {
  const counts = new Map<string, number>();
  for (const x of xs) for (const r of new Set(spamReasons(x))) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([r, c]) => `${r} ${c}`)
    .join(', ');
}

runBench('bench:transfer', async () => {
  const { values } = parseArgs({ options: { model: { type: 'string' }, errors: { type: 'boolean' }, json: { type: 'boolean' }, set: { type: 'string' } } });
  const modelPath = values.model ?? DEFAULT_SPAM_MODEL_PATH;
  const model = loadSpamModel(modelPath);
  // A set is named by its file ('transfer-comments-3') or its number ('3'; the first set is '1').
  const wanted = values.set === undefined ? undefined : /^\d+$/.test(values.set) ? (values.set === '1' ? 'transfer-comments' : `transfer-comments-${values.set}`) : values.set;
  const sets = TRANSFER_SETS.filter((s) => wanted === undefined || s.name === wanted);
  if (sets.length === 0) throw new UsageError(`--set: no set named ${values.set} (${TRANSFER_SETS.map((s) => s.name).join(', ')})`);
  const all: Record<string, Record<string, Record<string, Figures>>> = {};
  for (const set of sets) {
    const scored = readTransferSet(set.path).map((c) => scoreAsNewSite(model, c));
    all[set.name] = report(set.name, modelPath, scored, values.json === true, values.errors === true);
  }
  if (values.json) {
    const first = all[sets[0]!.name];
    process.stdout.write(`${JSON.stringify({ model: modelPath, thresholds: DEFAULT_THRESHOLDS, figures: first, sets: all }, null, 2)}\n`);
  }
});

/** Prints one set's tables (unless `json`) and returns its figures per half and site. */
function report(setName: string, modelPath: string, scored: readonly Scored[], json: boolean, errors: boolean): Record<string, Record<string, Figures>> {
  const sites = [...new Set(scored.map((s) => s.site))];
  const rows: Array<Array<string | number>> = [];
  const out: Record<string, Record<string, Figures>> = {};
  for (const split of ['dev', 'test'] as const) {
    out[split] = {};
    for (const site of [...sites, 'all']) {
      const xs = scored.filter((s) => s.split === split && (site === 'all' || s.site === site));
      const f = figures(xs);
      out[split][site] = f;
      const hamMax = Math.max(0, ...xs.filter((x) => x.label === 'ham').map((x) => x.spamScore));
      rows.push([split, site, pct(f.hamHeld, f.ham), pct(f.hamRejected, f.ham), hamMax.toFixed(3), pct(f.spamCaught, f.spam), pct(f.spamRejected, f.spam)]);
    }
  }
  if (json) return out;
  printTable(
    `${setName} (${modelPath}), new site, flag ${DEFAULT_THRESHOLDS.flag} / reject ${DEFAULT_THRESHOLDS.reject}`,
    ['half', 'site', 'ham held', 'ham rejected', 'highest ham score', 'spam caught', 'spam rejected'],
    rows,
  );
  if (scored.some((s) => s.kind !== undefined)) {
    // Per kind of comment, dev half only (the test half is reported, not inspected): which kinds of reader are
    // held and which spam families get through.
    const kindRows: Array<Array<string | number>> = [];
    const dev = scored.filter((s) => s.split === 'dev');
    const kinds = [...new Set(dev.map((s) => `${s.label}/${s.kind ?? '-'}`))].sort();
    for (const k of kinds) {
      const xs = dev.filter((s) => `${s.label}/${s.kind ?? '-'}` === k);
      kindRows.push([k, `${xs.filter((x) => (x.label === 'ham') !== (x.verdict === 'publish')).length}/${xs.length}`]);
    }
    printTable(`${setName}, dev half: wrong verdicts per kind of comment (ham held, spam published)`, ['label/kind', 'wrong'], kindRows);
  }
  const reasonRows: Array<Array<string | number>> = [];
  for (const split of ['dev', 'test'] as const) {
    const xs = scored.filter((s) => s.split === split);
    reasonRows.push([split, 'ham held', topReasons(xs.filter((x) => x.label === 'ham' && x.verdict !== 'publish'), 8)]);
    // Structural spam cues on the ham that was published: what a lexicon or a field rule costs before it holds anyone.
    reasonRows.push([split, 'ham published', topReasons(xs.filter((x) => x.label === 'ham' && x.verdict === 'publish'), 8)]);
    reasonRows.push([split, 'spam caught', topReasons(xs.filter((x) => x.label === 'spam' && x.verdict !== 'publish'), 8)]);
    reasonRows.push([split, 'spam missed', topReasons(xs.filter((x) => x.label === 'spam' && x.verdict === 'publish'), 8)]);
  }
  printTable(`${setName}: spam-ward reasons that fire most (comments)`, ['half', 'comments', 'reasons'], reasonRows);
  if (errors) {
    process.stdout.write(`\n${setName}, dev half, wrong verdicts:\n`);
    for (const s of scored.filter((x) => x.split === 'dev' && (x.label === 'ham') !== (x.verdict === 'publish'))) {
      process.stdout.write(`${s.label} ${s.site} ${s.verdict} ${s.spamScore.toFixed(3)} [${s.reasons.join(', ')}] web=${s.website || '-'} name=${s.name} :: ${s.text}\n`);
    }
  }
  return out;
}
