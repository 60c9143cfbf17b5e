/**
 * train CLI: builds a model from one or more labelled corpora (format by extension), optionally on top of an
 * existing model's counts, and writes it canonically. Progress bar only on a terminal; always a one-line summary.
 */
import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import type { LabeledDoc } from '../spam/corpus.ts';
import { emptySpamModel, saveSpamModel, trainOne } from '../spam/spam-model.ts';
import { UsageError, loadModelArg, parseCli, readCorpusArg, runCli, runCliBody, processIo, type CliIo } from './common.ts';

const HELP = `Usage: npm run train -- --input FILE [--input FILE ...] [--base MODEL] --out MODEL

Trains the naive Bayes spam model. Input format by extension:
  .jsonl        one object a line: {"text","label":"spam"|"ham"}, optional "name","email","website"
  .csv          YouTube Spam Collection: COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS (1 = spam; AUTHOR is the name)
  .tsv or none  SMS Spam Collection: label<TAB>text

Options:
  --input FILE   training corpus (repeatable)
  --base MODEL   start from this model's counts and add to them
  --out MODEL    where to write the model (JSON, counts only)
  -h, --help     show this help

Malformed records are skipped and counted; no valid record at all is an error.
Exit status: 0 ok, 2 bad argument, unreadable file or no valid record.
`;

function run(argv: string[], io: CliIo): void {
  const { values } = parseCli(argv, {
    input: { type: 'string', multiple: true },
    base: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return;
  }
  const inputs = values.input ?? [];
  if (inputs.length === 0) throw new UsageError('missing --input FILE (see --help)');
  if (!values.out) throw new UsageError('missing --out MODEL (see --help)');
  const out = values.out;

  const model = values.base ? loadModelArg(values.base) : emptySpamModel(`trained from ${inputs.length} file(s)`);

  // Read everything first so an unreadable file fails before any work (and before the bar appears).
  const docs: LabeledDoc[] = [];
  let malformed = 0;
  for (const path of inputs) {
    const corpus = readCorpusArg(path);
    docs.push(...corpus.docs);
    malformed += corpus.malformed;
  }

  // A file that yields nothing is a mistake (wrong format, wrong file), not a model trained on zero documents.
  if (docs.length === 0) throw new UsageError(`no valid training records in ${inputs.join(', ')} (${malformed} malformed)`);

  const t0 = performance.now();
  // The bar only on the real terminal; in-process callers get the plain summary.
  const tty = io.stderr === process.stderr && Boolean(process.stderr.isTTY);
  const bar = tty ? new cliProgress.SingleBar({ stream: process.stderr, clearOnComplete: true, hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(docs.length, 0);
  let spam = 0;
  docs.forEach((d, i) => {
    trainOne(model, d, d.label);
    if (d.label === 'spam') spam++;
    if (bar && (i % 500 === 0 || i === docs.length - 1)) bar.update(i + 1);
  });
  bar?.stop();
  const ms = performance.now() - t0;
  try {
    saveSpamModel(model, out);
  } catch (err) {
    throw new UsageError(`cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  io.stdout.write(
    `trained ${docs.length} docs (${spam} spam, ${docs.length - spam} ham), ${malformed} malformed skipped, ` +
      `${model.tokens.size} features, in ${ms.toFixed(0)} ms${values.base ? ` on top of ${values.base}` : ''} -> ${out}\n`,
  );
}

/** The CLI in process: `argv` without the program name; returns the exit status. Importing this module runs nothing. */
export function main(argv: string[], io: CliIo = processIo()): number {
  return runCliBody('train', run, argv, io);
}

runCli(import.meta.url, main);
