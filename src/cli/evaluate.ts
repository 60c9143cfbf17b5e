/**
 * evaluate CLI: scores a labelled corpus with a model and reports accuracy, precision, recall, F1, MCC, ham
 * blocked, spam caught and ROC AUC at the flag threshold, plus the threshold keeping ham blocked <= 1%.
 */
import { scoreSubmission } from '../spam/classifier.ts';
import { metricsAt, rocAuc, thresholdForHamBlocked, type Metrics, type Scored } from '../spam/metrics.ts';
import { DEFAULT_THRESHOLDS } from '../spam/policy.ts';
import { UsageError, parseCli, readCorpusArg, runCli, runCliBody, processIo, type CliIo } from './common.ts';
import { loadModelFromArgs, thresholdsFromEnv } from './config-from-env.ts';

const HELP = `Usage: npm run evaluate -- [--model MODEL] --input FILE [--json]

Scores a labelled corpus (.jsonl / YouTube .csv / SMS .tsv or no extension) and reports accuracy, precision,
recall, F1, MCC, ham blocked, spam caught and ROC AUC, counting a comment as blocked when its score reaches
the flag threshold (FLAG_THRESHOLD, default ${DEFAULT_THRESHOLDS.flag}); also at the reject threshold, and the
lowest threshold that keeps ham blocked <= 1%.

Options:
  --model MODEL   model file (default: $SPAM_MODEL_PATH, else models/spam-model.json)
  --input FILE    labelled corpus
  --json          print one JSON object instead of a table
  -h, --help      show this help

Exit status: 0 ok, 2 bad argument, unreadable file or invalid model.
`;

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

function row(label: string, m: Metrics): string {
  return `${label.padEnd(26)} ${m.threshold.toPrecision(4).padStart(8)}  acc ${pct(m.accuracy).padStart(7)}  prec ${pct(m.precision).padStart(7)}  recall ${pct(m.recall).padStart(7)}  F1 ${m.f1.toFixed(4)}  MCC ${m.mcc.toFixed(4)}  ham blocked ${pct(m.hamBlocked).padStart(6)}  spam caught ${pct(m.spamCaught).padStart(7)}`;
}

function run(argv: string[], io: CliIo): void {
  const { values } = parseCli(argv, {
    model: { type: 'string' },
    input: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return;
  }
  if (!values.input) throw new UsageError('missing --input FILE (see --help)');
  const t = thresholdsFromEnv(io.env);
  const { model, path } = loadModelFromArgs(values.model, io.env);
  const corpus = readCorpusArg(values.input);
  if (corpus.docs.length === 0) throw new UsageError(`${values.input}: no usable labelled records (${corpus.malformed} malformed)`);

  const items: Scored[] = corpus.docs.map((d) => ({ score: scoreSubmission(model, d).spamScore, spam: d.label === 'spam' }));
  const auc = rocAuc(items);
  const atFlag = metricsAt(items, t.flag, auc);
  const atReject = metricsAt(items, t.reject, auc);
  const t1 = thresholdForHamBlocked(items, 0.01);
  const at1 = metricsAt(items, t1, auc);

  if (values.json) {
    io.stdout.write(
      JSON.stringify({
        model: path,
        input: values.input,
        documents: corpus.docs.length,
        malformed: corpus.malformed,
        ...atFlag,
        atRejectThreshold: atReject,
        thresholdForHamBlocked1pct: t1,
        atHamBlocked1pct: at1,
      }) + '\n',
    );
  } else {
    io.stdout.write(
      `model ${path}\ninput ${values.input}: ${corpus.docs.length} docs (${atFlag.spam} spam, ${atFlag.ham} ham), ${corpus.malformed} malformed skipped\n` +
        `ROC AUC ${Number.isNaN(auc) ? 'n/a (one class only)' : auc.toFixed(4)}\n` +
        `${'threshold'.padEnd(26)} ${'value'.padStart(8)}\n` +
        `${row('flag (blocked = held)', atFlag)}\n${row('reject', atReject)}\n${row('ham blocked <= 1%', at1)}\n` +
        `threshold that keeps ham blocked <= 1%: ${t1}\n`,
    );
  }
  if (corpus.malformed > 0) io.stderr.write(`evaluate: ${corpus.malformed} malformed record(s) skipped\n`);
}

/** The CLI in process: `argv` without the program name; returns the exit status. Importing this module runs nothing. */
export function main(argv: string[], io: CliIo = processIo()): number {
  return runCliBody('evaluate', run, argv, io);
}

runCli(import.meta.url, main);
