/**
 * `npm run bench:default-model`: how the default model's recipe (which corpora, with what weight) does on
 * sources it never saw. Leave-one-video-out: train on two YouTube videos + SMS (minus a held-out fifth),
 * score the third video; and score the held-out SMS fifth with a model of all videos + the rest of SMS.
 * Prints one table of the earlier weighting recipes, without the calibration; the shipped recipe and its
 * leave-one-source-out figures are in scripts/train-default.ts and `npm run bench:classifier`.
 */
import { readCorpus, type LabeledDoc } from '../src/spam/corpus.ts';
import { PUBLIC_CORPORA } from '../src/spam/splits.ts';
import { emptySpamModel, pruneSpamModel, trainOne, type SpamModel } from '../src/spam/spam-model.ts';
import { scoreSubmission } from '../src/spam/classifier.ts';
import { metricsAt, rocAuc, thresholdForHamBlocked, type Scored } from '../src/spam/metrics.ts';
import { DEFAULT_THRESHOLDS } from '../src/spam/policy.ts';
import { checkArgs } from './bench-args.ts';

checkArgs('bench:default-model', []);

const corpora = Object.fromEntries(PUBLIC_CORPORA.map((c) => [c.id, readCorpus(c.path, c.format).docs]));
const videos = PUBLIC_CORPORA.filter((c) => c.family === 'youtube').map((c) => c.id);
const sms = corpora.sms ?? [];
const smsTrain = sms.filter((_, i) => i % 5 !== 0);
const smsTest = sms.filter((_, i) => i % 5 === 0);

interface Recipe {
  name: string;
  youtubeWeight: number;
  sms: (docs: LabeledDoc[]) => LabeledDoc[];
  minCount: number;
}

const recipes: Recipe[] = [
  { name: 'YouTube only', youtubeWeight: 1, sms: () => [], minCount: 2 },
  { name: 'YouTube + all SMS, equal weight', youtubeWeight: 1, sms: (d) => d, minCount: 2 },
  { name: 'YouTube + every 8th SMS message', youtubeWeight: 1, sms: (d) => d.filter((_, i) => i % 8 === 0), minCount: 2 },
  { name: 'YouTube x4 + all SMS, count >= 4', youtubeWeight: 4, sms: (d) => d, minCount: 4 },
  { name: 'YouTube x8 + all SMS, count >= 4 (shipped)', youtubeWeight: 8, sms: (d) => d, minCount: 4 },
];

function build(r: Recipe, youtube: LabeledDoc[], smsDocs: LabeledDoc[]): SpamModel {
  const m = emptySpamModel();
  for (const d of youtube) trainOne(m, d, d.label, undefined, r.youtubeWeight);
  for (const d of r.sms(smsDocs)) trainOne(m, d, d.label);
  return pruneSpamModel(m, r.minCount);
}

const score = (m: SpamModel, docs: LabeledDoc[]): Scored[] => docs.map((d) => ({ score: scoreSubmission(m, d).spamScore, spam: d.label === 'spam' }));
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const flag = DEFAULT_THRESHOLDS.flag;

console.log(`| recipe | held-out video AUC | held-out video @${flag}: accuracy / ham blocked / spam caught | threshold for ham blocked <= 2% | unseen SMS AUC | unseen SMS @${flag}: accuracy / ham blocked | features |`);
console.log('|---|---|---|---|---|---|---|');
for (const r of recipes) {
  const pooled: Scored[] = [];
  for (const held of videos) {
    const train = videos.filter((v) => v !== held).flatMap((v) => corpora[v] ?? []);
    pooled.push(...score(build(r, train, smsTrain), corpora[held] ?? []));
  }
  const full = build(r, videos.flatMap((v) => corpora[v] ?? []), smsTrain);
  const s = score(full, smsTest);
  const v = metricsAt(pooled, flag);
  const m = metricsAt(s, flag);
  console.log(
    `| ${r.name} | ${rocAuc(pooled).toFixed(3)} | ${pct(v.accuracy)} / ${pct(v.hamBlocked)} / ${pct(v.spamCaught)} | ${thresholdForHamBlocked(pooled, 0.02).toFixed(3)} | ${rocAuc(s).toFixed(3)} | ${pct(m.accuracy)} / ${pct(m.hamBlocked)} | ${full.tokens.size} |`,
  );
}
