/**
 * Rebuilds models/spam-model.json from the corpora the repository carries (corpora/): the recipe in
 * src/spam/default-recipe.ts (sources balanced by family, topic words and structural features capped unless they lean
 * the same way in two families, calibration fitted leave-one-source-out). Deterministic: same data, same bytes (sorted keys, no
 * timestamps). Every record of every corpus must parse: a malformed corpus is an error (exit 2, one line), never a
 * model trained on less than it should be.
 */
import { basename } from 'node:path';
import { readCorpus } from '../src/spam/corpus.ts';
import { DEFAULT_RECIPE, featurize, trainRecipe } from '../src/spam/default-recipe.ts';
import { PUBLIC_CORPORA } from '../src/spam/splits.ts';
import { DEFAULT_SPAM_MODEL_PATH, saveSpamModel } from '../src/spam/spam-model.ts';
import { UsageError, parseCli, runCli, runCliBody, type CliIo } from '../src/cli/common.ts';

const HELP = `Usage: npm run train:default

Rebuilds models/spam-model.json from the corpora in corpora/, reproducibly: the same corpora give the same bytes.
Every record of every corpus must parse.

Options:
  -h, --help      show this help

Exit status: 0 ok, 2 bad argument or a malformed or unreadable corpus.
`;

function main(argv: string[], io: CliIo): void {
  // Strict: a mistyped option, like --help, must never rebuild the model.
  const { values } = parseCli(argv, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout.write(HELP);
    return;
  }
  const sources = PUBLIC_CORPORA.map((c) => {
    let corpus;
    try {
      corpus = readCorpus(c.path, c.format);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    if (corpus.malformed > 0) {
      throw new UsageError(`${c.path}: ${corpus.malformed} malformed record(s), first at line ${corpus.malformedLines[0]}`);
    }
    if (corpus.docs.length === 0) throw new UsageError(`${c.path}: no records`);
    return { id: c.id, family: c.family, docs: featurize(corpus.docs) };
  });
  const names = PUBLIC_CORPORA.map((c) => basename(c.path)).join(', ');
  const r = DEFAULT_RECIPE;
  const model = {
    ...trainRecipe(sources, r),
    description:
      `default model: ${names}; sources balanced by family, topic words capped at ${r.topicCap} log-odds and structural ` +
      `features at ${r.structureCap} unless they lean the same way in two families (${r.minFamilyDocs}+ comments each), ` +
      `at most ${Object.entries(r.ceilings ?? {}).map(([f, c]) => `${f} ${c}`).join(', ')}, ` +
      `weighted count < ${r.minCount} pruned, calibrated leave-one-source-out`,
  };
  saveSpamModel(model, DEFAULT_SPAM_MODEL_PATH);
  io.stdout.write(`wrote ${DEFAULT_SPAM_MODEL_PATH}: ${model.spamDocs} spam + ${model.hamDocs} ham weighted docs, ${model.tokens.size} features, calibration ${JSON.stringify(model.calibration)}\n`);
}

runCli(import.meta.url, (argv, io) => runCliBody('train:default', main, argv, io));
