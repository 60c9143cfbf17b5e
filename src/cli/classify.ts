/**
 * classify CLI: scores a JSONL file of submissions and writes exactly one JSON line per input line, in order,
 * and nothing else on stdout. Malformed lines get {"error":"malformed","line":N} so line counts still match.
 */
import { readFileSync } from 'node:fs';
import { scoreSubmission } from '../spam/classifier.ts';
import { parseSubmissionLine, splitLines } from '../spam/corpus.ts';
import { DEFAULT_THRESHOLDS, decide, type Thresholds, type Verdict } from '../spam/policy.ts';
import { DEFAULT_SPAM_MODEL_PATH, type SpamModel } from '../spam/spam-model.ts';
import { envSet } from '../runtime/env-set.ts';
import { isMain } from '../runtime/is-main.ts';
import { MODEL_VARIABLES, THRESHOLD_VARIABLES, UsageError, loadModelArg, parseCli, runCli, runCliBody, processIo, type CliIo } from './common.ts';
import { sizeBatch, useBatchCompilerFlags } from './batch-compiler-flags.ts';
import { withDirectStdout } from './direct-stdout.ts';

/** The environment variables classify reads (through the service's config schema when one is set). */
const CLASSIFY_VARIABLES = [...MODEL_VARIABLES, ...THRESHOLD_VARIABLES];

const usesVariables = (env: NodeJS.ProcessEnv): boolean => CLASSIFY_VARIABLES.some((v) => envSet(env[v]));

/**
 * The config schema (zod) costs about a quarter of the CPU time of a run over an empty input to load, and with
 * none of classify's variables set it can only give their defaults. So the entry point loads it only when one is
 * set; imported as a module (tests run `main` in process with environments of their own) it always does.
 */
const fromEnv = isMain(import.meta.url) && !usesVariables(process.env) ? undefined : await import('./config-from-env.ts');

/** The thresholds and the model, as `loadConfig` would resolve them from `env` and `--model`. */
function settings(modelArg: string | undefined, env: NodeJS.ProcessEnv): { t: Thresholds; model: SpamModel } {
  if (!usesVariables(env)) {
    return { t: DEFAULT_THRESHOLDS, model: loadModelArg(modelArg ?? DEFAULT_SPAM_MODEL_PATH) };
  }
  // Only reachable without the schema if `main` were given an environment other than the one checked at start.
  if (!fromEnv) throw new Error('the config schema was not loaded for this environment');
  const t = fromEnv.thresholdsFromEnv(env);
  return { t, model: fromEnv.loadModelFromArgs(modelArg, env).model };
}

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

/** JSON.stringify({ spamScore, verdict, reasons }) without building the object; only the reasons go through the serializer. */
function resultLine(spamScore: number, verdict: Verdict, reasons: readonly string[]): string {
  // The list of reasons through the native serializer: one call, no escaping tests of our own.
  return `{"spamScore":${Number.isFinite(spamScore) ? String(spamScore) : 'null'},"verdict":"${verdict}","reasons":${JSON.stringify(reasons)}}`;
}

/**
 * Characters of output collected before each write. 16 K rather than 64 K: a chunk with a character beyond Latin-1
 * (most hold one, in a reason) is stored two bytes a character, and at 64 K characters the joined chunk was a large
 * object, allocated in the old generation: a batch of 7 608 lines piled up enough of them to start a full collection.
 * The extra writes cost a few microseconds each.
 */
const OUTPUT_CHUNK = 1 << 14;

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
  const { t, model } = settings(values.model, io.env);
  let text: string;
  try {
    text = readFileSync(values.input === '-' ? 0 : values.input, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${values.input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const lines = splitLines(text);
  sizeBatch(lines.length);
  // Output is built as one string per line by hand (same bytes as JSON.stringify of the object) and written in
  // chunks of about 16 K characters: the results of a large file are not all kept alive (and copied by every young-generation
  // collection) until the end.
  // The lines of a chunk are joined once (one flat string) rather than appended one by one (a rope of thousands of
  // pieces that the write then flattens).
  const chunk: string[] = [];
  let size = 0;
  let malformed = 0;
  const n = lines.length;
  for (let i = 0; i < n; i++) {
    const line = lines[i]!;
    // A blank line is malformed too: JSON.parse rejects a line of white space alone.
    const sub = parseSubmissionLine(line);
    let out: string;
    if (!sub) {
      malformed++;
      out = `{"error":"malformed","line":${i + 1}}\n`;
    } else {
      const r = scoreSubmission(model, sub);
      out = resultLine(r.spamScore, decide(r.spamScore, t, r.evidenceKinds), r.reasons) + '\n';
    }
    chunk.push(out);
    size += out.length;
    if (size >= OUTPUT_CHUNK) {
      io.stdout.write(chunk.join(''));
      chunk.length = 0;
      size = 0;
    }
  }
  if (size > 0) io.stdout.write(chunk.join(''));
  if (malformed > 0) io.stderr.write(`classify: ${malformed} malformed line(s) of ${lines.length}\n`);
}

/** The CLI in process: `argv` without the program name; returns the exit status. Importing this module runs nothing. */
export function main(argv: string[], io: CliIo = processIo()): number {
  return runCliBody('classify', run, argv, io);
}

// As a process, the output goes straight to descriptor 1: process.stdout is never created (direct-stdout.ts).
runCli(import.meta.url, (argv, io) => {
  useBatchCompilerFlags();
  return main(argv, withDirectStdout(io));
});
