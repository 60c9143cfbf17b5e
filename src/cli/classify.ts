/**
 * classify CLI: scores a JSONL file of submissions and writes exactly one JSON line per input line, in order,
 * and nothing else on stdout. Malformed lines get {"error":"malformed","line":N} so line counts still match.
 */
import { readFileSync } from 'node:fs';
import { scoreSubmission } from '../spam/classifier.ts';
import { parseSubmissionLine, splitLines } from '../spam/corpus.ts';
import { DEFAULT_THRESHOLDS, decide } from '../spam/policy.ts';
import { UsageError, loadModelFromArgs, parseCli, runCli, runCliBody, processIo, type CliIo, thresholdsFromEnv } from './common.ts';

const HELP = `Usage: npm run --silent classify -- [--model MODEL] --input FILE.jsonl

Scores each line of FILE.jsonl ({"text", optional "name", "email", "website"}) and writes one JSON line per
input line, in order: {"spamScore":0..1,"verdict":"publish"|"flag"|"reject","reasons":[...]}.
Malformed lines produce {"error":"malformed","line":N} and are counted on stderr; they are never fatal.

Options:
  --model MODEL   model file (default: $SPAM_MODEL_PATH, else models/spam-model.json)
  --input FILE    JSONL input ("-" reads stdin)
  -h, --help      show this help

Environment: FLAG_THRESHOLD, REJECT_THRESHOLD (0..1, default ${DEFAULT_THRESHOLDS.flag} and ${DEFAULT_THRESHOLDS.reject}).
Exit status: 0 ok, 2 bad argument, unreadable file or invalid model/thresholds.
`;

function run(argv: string[], io: CliIo): void {
  const { values } = parseCli(argv, {
    model: { type: 'string' },
    input: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return;
  }
  if (!values.input) throw new UsageError('missing --input FILE.jsonl (see --help)');
  const t = thresholdsFromEnv(io.env);
  const { model } = loadModelFromArgs(values.model, io.env);
  let text: string;
  try {
    text = readFileSync(values.input === '-' ? 0 : values.input, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${values.input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const lines = splitLines(text);
  const out: string[] = [];
  let malformed = 0;
  lines.forEach((line, i) => {
    const sub = line.trim() === '' ? null : parseSubmissionLine(line);
    if (!sub) {
      malformed++;
      out.push(JSON.stringify({ error: 'malformed', line: i + 1 }));
      return;
    }
    const r = scoreSubmission(model, sub);
    out.push(JSON.stringify({ spamScore: r.spamScore, verdict: decide(r.spamScore, t, r.evidenceKinds), reasons: r.reasons }));
  });
  io.stdout.write(out.length ? out.join('\n') + '\n' : '');
  if (malformed > 0) io.stderr.write(`classify: ${malformed} malformed line(s) of ${lines.length}\n`);
}

/** The CLI in process: `argv` without the program name; returns the exit status. Importing this module runs nothing. */
export function main(argv: string[], io: CliIo = processIo()): number {
  return runCliBody('classify', run, argv, io);
}

runCli(import.meta.url, main);
