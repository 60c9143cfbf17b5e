/**
 * The default model's training recipe, shared by train:default (which ships its result) and bench:classifier
 * (which measures it leave-one-source-out): source balancing, the cross-source rule for topic words, pruning and
 * calibration. Works on pre-extracted features so the benchmark can train dozens of models cheaply; deterministic.
 */
import { modelTotals, textEvidence, type ScoringOptions } from './classifier.ts';
import type { LabeledDoc } from './corpus.ts';
import { extractFeatures, type FeatureOptions, DEFAULT_FEATURE_OPTIONS } from './features.ts';
import { isTopicFeature } from './lexicon.ts';
import { addFeaturesToModel, emptySpamModel, pruneSpamModel, type SpamModel } from './spam-model.ts';

/** A labelled document with its features extracted once. */
export interface FeaturedDoc {
  label: 'spam' | 'ham';
  features: string[];
}

/** One training source: a corpus file, and the family of sources it belongs to. */
export interface RecipeSource {
  id: string;
  /** Sources of one family share topic vocabulary (three videos); the cross-source rule counts families. */
  family: string;
  docs: FeaturedDoc[];
  /** Multiplies the source's balanced weight, for a source kept at a lower weight (1 = a full share). */
  share?: number;
}

export interface RecipeOptions {
  /**
   * Weight sources so each family adds the same total weight (split evenly among its sources), instead of each
   * document counting once; integer weights, so counts stay integers.
   */
  balance: boolean;
  /**
   * A plain word (or bigram, or domain) gets at most this much log-odds in either direction unless it leans the
   * same way in at least two families; null disables the rule.
   */
  topicCap: number | null;
  /**
   * The cross-source rule for the learned evidence of structural features (links, lexicon families, contact
   * channels, shape), with its own cap; null or absent leaves them uncapped. The hand-set priors stay floors.
   */
  structureCap?: number | null;
  /**
   * A family only vouches for a feature's direction when the feature occurs in at least this many of its documents
   * (unweighted, either class); default 1. Two stray text messages must not make a YouTube phrase "multi-family".
   */
  minFamilyDocs?: number;
  /**
   * Largest learned log-odds of a feature whatever the families say: a cue that should hold a comment only together
   * with another one (a request to the reader) is kept below what holds a comment by itself.
   */
  ceilings?: Readonly<Record<string, number>>;
  /** Features whose weighted count is below this are dropped. */
  minCount: number;
  /** Fit the calibration on sources each fold's model did not see (nested leave-one-source-out). */
  calibrate: boolean;
  /**
   * Spam share of the mix the calibration is fitted on (each class's cells weigh this share); the fitted offset is
   * moved back to even odds, so the stored calibration stays "for a 50/50 mix" whatever mix it was fitted at.
   * Fitting at the spam rate the scores are used at puts the fit's accuracy where the thresholds are.
   */
  calibrationSpamShare?: number;
  /** Fit separate slopes for word and structural evidence (default true); false fits one slope for both. */
  splitCalibration?: boolean;
  /** Upper bound of the structural slope (default MAX_STRUCTURE_SLOPE). */
  maxStructureSlope?: number;
  /** Scoring options the calibration is fitted with (experiments only: the shipped scorer uses its defaults). */
  scoring?: Partial<ScoringOptions>;
}

export const DEFAULT_RECIPE: Readonly<RecipeOptions> = Object.freeze({
  balance: true,
  topicCap: 1.5,
  structureCap: 4,
  minFamilyDocs: 5,
  // A request to the reader holds a comment only together with another cue: a link that is not a reference, (almost)
  // nothing else to say, or anything else. Higher ceilings for the link and the bare request measured the same on the
  // left-out sources and would hold a reader's "Watch this: <link>" on a news site more surely.
  // Calls to action ("check out", "click here") are spam evidence on YouTube and in text messages alike, but a reader
  // writes them too: at most what one family's cue alone is worth (structureCap), not the 5.5 the corpora teach.
  // Asking to be contacted ("message me", "contact him") is spam's hand-off on every site, and a reader's offer of help
  // too: no more than a request to the reader.
  // A testimonial to a named person ("with the help of Mr …", "look her name up") is how spam introduces the one to
  // contact, and how a reader recommends a singer or names a crook: the corpora have it in one comment (YouTube), which
  // alone would teach it at 3.2; its hand-set prior is all it is worth.
  ceilings: Object.freeze({ 'ask:reader': 2.5, 'ask:link': 1.5, 'ask:bare': 1.5, 'lex:cta': 4, 'lex:reachme': 2.5, 'lex:testimony': 2 }),
  minCount: 4,
  calibrate: true,
});

/** Extracts the features of a corpus once. */
export function featurize(docs: readonly LabeledDoc[], opts: Readonly<FeatureOptions> = DEFAULT_FEATURE_OPTIONS): FeaturedDoc[] {
  return docs.map((d) => ({ label: d.label, features: extractFeatures(d, opts) }));
}

/** Integer weight per source: each family sums to about the largest family's size, split among its sources. */
export function sourceWeights(sources: readonly RecipeSource[], balance: boolean): Map<string, number> {
  const w = new Map<string, number>();
  if (!balance) {
    for (const s of sources) w.set(s.id, 1);
    return w;
  }
  const famSize = new Map<string, number>();
  const famCount = new Map<string, number>();
  for (const s of sources) {
    if (s.share !== undefined) continue;
    famSize.set(s.family, (famSize.get(s.family) ?? 0) + s.docs.length);
    famCount.set(s.family, (famCount.get(s.family) ?? 0) + 1);
  }
  const target = Math.max(...famSize.values());
  for (const s of sources) {
    const share = (target / famCount.get(s.family)!) * (s.share ?? 1);
    w.set(s.id, Math.max(1, Math.round(share / Math.max(1, s.docs.length))));
  }
  return w;
}


/**
 * Trains the recipe's model (without calibration) on the given sources.
 * Cross-source rule: per family, a feature leans spam (or ham) when its smoothed rate among the family's spam
 * documents is above (below) its rate among the family's ham documents, and the family has it in at least
 * `minFamilyDocs` comments. A feature whose overall log-odds exceeds its cap (`topicCap` for words, `structureCap`
 * for lexicon families, kinds of link and contact channels) but leans that way in fewer than two families has its
 * count on that side cut until it is at the cap: "subscribe" is evidence on YouTube, "txt" in text messages,
 * "merkel" for Fox News readers, a self-promotion phrase or a bare link only on YouTube; none of them should decide
 * a comment on another site by itself.
 */
export function trainRecipeCounts(sources: readonly RecipeSource[], opts: Readonly<RecipeOptions> = DEFAULT_RECIPE): SpamModel {
  const weights = sourceWeights(sources, opts.balance);
  const model = emptySpamModel();
  // Per family, weighted counts (for the direction a feature leans) and unweighted ones (for its support).
  const families = new Map<string, { m: SpamModel; n: SpamModel }>();
  for (const s of sources) {
    const w = weights.get(s.id)!;
    let fm = families.get(s.family);
    if (!fm) families.set(s.family, (fm = { m: emptySpamModel(), n: emptySpamModel() }));
    for (const d of s.docs) {
      addFeaturesToModel(model, d.features, d.label, w);
      addFeaturesToModel(fm.m, d.features, d.label, w);
      addFeaturesToModel(fm.n, d.features, d.label, 1);
    }
  }
  let out = pruneSpamModel(model, opts.minCount);
  if (opts.topicCap !== null || (opts.structureCap ?? null) !== null) {
    out = capTopicWords(out, [...families.values()], opts.topicCap, opts.structureCap ?? null, opts.minFamilyDocs ?? 1);
  }
  if (opts.ceilings) out = capCeilings(out, opts.ceilings);
  return out;
}

/** Cuts the spam count of each feature in `ceilings` until its log-odds is at most the ceiling. */
function capCeilings(model: SpamModel, ceilings: Readonly<Record<string, number>>): SpamModel {
  const alpha = 1;
  const tot = modelTotals(model);
  const denS = tot.spam + alpha * tot.vocab - 2 * alpha;
  const denH = tot.ham + alpha * tot.vocab - 2 * alpha;
  const tokens = new Map(model.tokens);
  for (const [f, cap] of Object.entries(ceilings).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const c = tokens.get(f);
    if (!c) continue;
    const l = Math.log((c[0] + alpha) / denS) - Math.log((c[1] + alpha) / denH);
    if (l > cap) tokens.set(f, [Math.max(0, Math.floor(Math.exp(cap) * ((c[1] + alpha) / denH) * denS - alpha)), c[1]]);
  }
  return { ...model, tokens };
}

function capTopicWords(
  model: SpamModel,
  families: ReadonlyArray<{ m: SpamModel; n: SpamModel }>,
  topicCap: number | null,
  structureCap: number | null,
  minFamilyDocs: number,
): SpamModel {
  const alpha = 1;
  const tot = modelTotals(model);
  const denS = tot.spam + alpha * tot.vocab - 2 * alpha;
  const denH = tot.ham + alpha * tot.vocab - 2 * alpha;
  const famTot = families.map(({ m, n }) => ({ m, n, t: modelTotals(m) }));
  const tokens = new Map<string, [number, number]>();
  for (const [f, c] of model.tokens) {
    let [s, h] = c;
    const cap = isTopicFeature(f) ? topicCap : structureCap;
    if (cap !== null) {
      const l = Math.log((s + alpha) / denS) - Math.log((h + alpha) / denH);
      if (Math.abs(l) > cap) {
        const dir = Math.sign(l);
        let agree = 0;
        for (const { m, n, t } of famTot) {
          const support = n.tokens.get(f);
          if (!support || support[0] + support[1] < minFamilyDocs) continue;
          if (t.spam === 0 || t.ham === 0) {
            // A one-class family (news comments: ham only) can only vouch for ham, by containing the word.
            if (dir < 0 && t.ham > 0 && (m.tokens.get(f)?.[1] ?? 0) > 0) agree++;
            continue;
          }
          const fc = m.tokens.get(f);
          if (!fc) continue;
          const fl = Math.log((fc[0] + alpha) / (t.spam + alpha * t.vocab)) - Math.log((fc[1] + alpha) / (t.ham + alpha * t.vocab));
          if (fl * dir > 0) agree++;
        }
        if (agree < 2) {
          if (dir > 0) s = Math.max(0, Math.floor(Math.exp(cap) * ((h + alpha) / denH) * denS - alpha));
          else h = Math.max(0, Math.floor(Math.exp(cap) * ((s + alpha) / denS) * denH - alpha));
        }
      }
    }
    tokens.set(f, [s, h]);
  }
  return { ...model, tokens };
}

/**
 * Platt scaling with two slopes: the scale of the learned word evidence `z`, the scale of the learned structural
 * evidence `z2` (links, contact channels, lexicon families, shape: it transfers between sites better than topic
 * words, so it earns its own slope), and an offset; the hand-set priors `fixed` stay as they are. Minimises the
 * weighted log loss (Newton's method with step halving). With `split` false both slopes are one parameter.
 */
export function fitCalibration(
  items: ReadonlyArray<{ z: number; z2?: number; fixed: number; spam: boolean; weight: number }>,
  split = true,
  maxStructureSlope = MAX_STRUCTURE_SLOPE,
): { scale: number; offset: number; structureScale?: number } {
  const clamp = (x: number): number => Math.max(-60, Math.min(60, x));
  // Parameters: [a (words), c (structure), b (offset)]; without `split`, c is tied to a.
  const xs = items.map((it) => (split ? [clamp(it.z), clamp(it.z2 ?? 0), 1] : [clamp(it.z + (it.z2 ?? 0)), 1]));
  const k = split ? 3 : 2;
  const loss = (w: number[]): number => {
    let l = 0;
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      const x = xs[i]!;
      let t = it.fixed;
      for (let j = 0; j < k; j++) t += w[j]! * x[j]!;
      // log(1 + e^-t) for spam, log(1 + e^t) for ham, computed without overflow.
      const u = it.spam ? -t : t;
      l += it.weight * (u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u)));
    }
    return l;
  };
  let w = split ? [1, 1, 0] : [1, 0];
  let cur = loss(w);
  for (let iter = 0; iter < 200; iter++) {
    const g = new Array<number>(k).fill(0);
    const h = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      const x = xs[i]!;
      let t = it.fixed;
      for (let j = 0; j < k; j++) t += w[j]! * x[j]!;
      const p = 1 / (1 + Math.exp(-t));
      const gi = (p - (it.spam ? 1 : 0)) * it.weight;
      const hi = Math.max(1e-9, p * (1 - p)) * it.weight;
      for (let a = 0; a < k; a++) {
        g[a]! += gi * x[a]!;
        for (let b = 0; b < k; b++) h[a]![b]! += hi * x[a]! * x[b]!;
      }
    }
    const d = solve(h, g) ?? g;
    // Damped Newton: halve the step until the loss goes down.
    let step = 1;
    let next = loss(w.map((v, j) => v - step * d[j]!));
    while (!(next < cur) && step > 1e-6) {
      step /= 2;
      next = loss(w.map((v, j) => v - step * d[j]!));
    }
    if (!(next < cur)) break;
    w = w.map((v, j) => v - step * d[j]!);
    const gain = cur - next;
    cur = next;
    if (gain < 1e-12) break;
  }
  // Rounded so the model file is short and the same on every machine. A slope is never below 0.01.
  const r = (x: number): number => Number(x.toFixed(4));
  if (!split) return { scale: r(Math.max(0.01, w[0]!)), offset: r(w[1]!) };
  if (w[1]! > maxStructureSlope) {
    // Sources the structural features separate (almost) perfectly drive their slope towards infinity; naive Bayes
    // over-counts, it does not under-count, so the slope stops at maxStructureSlope and the rest is refitted.
    const refit = fitCalibration(items.map((it) => ({ z: it.z, fixed: it.fixed + maxStructureSlope * clamp(it.z2 ?? 0), spam: it.spam, weight: it.weight })), false);
    return { ...refit, structureScale: maxStructureSlope };
  }
  return { scale: r(Math.max(0.01, w[0]!)), offset: r(w[2]!), structureScale: r(Math.max(0.01, w[1]!)) };
}

/** Largest slope of the structural evidence (see fitCalibration). */
export const MAX_STRUCTURE_SLOPE = 1;

/** Solves the small linear system h·x = g by Gaussian elimination with partial pivoting; null when singular. */
function solve(h: number[][], g: number[]): number[] | null {
  const n = g.length;
  const m = h.map((row, i) => [...row, g[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    if (Math.abs(m[p]![c]!) < 1e-12) return null;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let j = c; j <= n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/** Out-of-source evidence of every document: each source scored by a model trained on all the others. */
export function leaveOneSourceOutLogits(sources: readonly RecipeSource[], opts: Readonly<RecipeOptions>): Array<{ source: string; z: number; z2: number; fixed: number; spam: boolean }> {
  const out: Array<{ source: string; z: number; z2: number; fixed: number; spam: boolean }> = [];
  for (const held of sources) {
    const m = trainRecipeCounts(sources.filter((s) => s !== held), opts);
    for (const d of held.docs) {
      const e = textEvidence(m, d.features, opts.scoring);
      out.push({ source: held.id, z: e.learned, z2: e.structure, fixed: e.fixed, spam: d.label === 'spam' });
    }
  }
  return out;
}

/** The full recipe: counts from all sources, calibration fitted leave-one-source-out on the same sources. */
export function trainRecipe(sources: readonly RecipeSource[], opts: Readonly<RecipeOptions> = DEFAULT_RECIPE): SpamModel {
  const model = trainRecipeCounts(sources, opts);
  if (!opts.calibrate) return model;
  const oos = leaveOneSourceOutLogits(sources, opts);
  // Each (source, class) cell weighs the same within its class, and the two classes weigh the same.
  const cell = new Map<string, number>();
  for (const it of oos) cell.set(`${it.source}/${it.spam}`, (cell.get(`${it.source}/${it.spam}`) ?? 0) + 1);
  const cellsOf = (spam: boolean): number => [...cell.keys()].filter((k) => k.endsWith(`/${spam}`)).length;
  const cells = { true: cellsOf(true), false: cellsOf(false) };
  const share = opts.calibrationSpamShare ?? 0.5;
  const items = oos.map((it) => ({ z: it.z, z2: it.z2, fixed: it.fixed, spam: it.spam, weight: (it.spam ? share : 1 - share) / (cell.get(`${it.source}/${it.spam}`)! * cells[`${it.spam}`]) }));
  const fit = fitCalibration(items, opts.splitCalibration ?? true, opts.maxStructureSlope);
  const offset = Number((fit.offset - Math.log(share / (1 - share))).toFixed(4));
  return { ...model, calibration: { ...fit, offset } };
}
