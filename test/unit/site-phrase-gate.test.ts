/**
 * The site phrase gate (src/comments/site-phrase-gate.ts): the worker leaves a comment's site phrases out of its
 * scoring only on sites whose last fetch showed no approval, where they could not change the score.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SitePhraseGate } from '../../src/comments/site-phrase-gate.ts';
import { scoreComment, type ScoreDeps } from '../../src/comments/score-comment.ts';
import type { LearnedCounts } from '../../src/spam/classifier.ts';
import { isPhraseFeature } from '../../src/spam/site-phrases.ts';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel } from '../../src/spam/spam-model.ts';
import type { Comment } from '../../models/comment.ts';

const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);

function comment(siteId: string, text: string): Comment {
  return {
    id: 'c1', siteId, threadId: 't', parentId: null, name: 'Ann', email: 'ann@example.org', website: null, comment: text,
    status: 'pending', createdAt: '2026-01-01T00:00:00.000Z', ip: null, userAgent: null, signals: {},
  } as unknown as Comment;
}

/** A learning store whose fetch answers the given totals and records the features it was asked for. */
function deps(totals: () => Pick<LearnedCounts, 'spamDocs' | 'hamDocs'>, gate?: SitePhraseGate) {
  const asked: string[][] = [];
  const d: ScoreDeps = {
    model: () => model,
    store: { scoringSignals: async () => ({ repeatCount: 0, authorHasPublished: false, authorMarkedSpam: false }) },
    learning: {
      fetch: async (_site, features) => {
        asked.push([...features]);
        return { ...totals(), tokens: new Map() };
      },
    },
    phraseGate: gate,
  };
  return { d, asked };
}

const text = 'I can not stop watching this video every single day';

test('SitePhraseGate: a site is scored with phrases until a fetch shows it has no approval, and again once one shows an approval', () => {
  const gate = new SitePhraseGate();
  assert.equal(gate.wants('a'), true);
  gate.saw('a', { hamDocs: 0 });
  assert.equal(gate.wants('a'), false);
  assert.equal(gate.wants('b'), true);
  gate.saw('a', { hamDocs: 2 });
  assert.equal(gate.wants('a'), true);
});

test('SitePhraseGate: once a fetch showed an approval, a late answer to a fetch begun before it does not close the gate again', () => {
  const gate = new SitePhraseGate();
  gate.saw('a', { hamDocs: 0 });
  gate.saw('a', { hamDocs: 1 });
  gate.saw('a', { hamDocs: 0 });
  assert.equal(gate.wants('a'), true);
});

test('SitePhraseGate: past its bound it forgets the sites it knew (they are scored with phrases again)', () => {
  const gate = new SitePhraseGate(2);
  gate.saw('a', { hamDocs: 0 });
  gate.saw('b', { hamDocs: 0 });
  gate.saw('c', { hamDocs: 0 });
  assert.equal(gate.wants('a'), true);
  assert.equal(gate.wants('c'), false);
});

test('scoreComment with a gate: a site without approvals is asked for no phrase after its first fetch; after an approval, phrases again', async () => {
  let hamDocs = 0;
  const { d, asked } = deps(() => ({ spamDocs: 3, hamDocs }), new SitePhraseGate());
  const phrasesAsked = () => asked[asked.length - 1]!.filter(isPhraseFeature).length;
  await scoreComment(d, comment('s1', text), null);
  assert.ok(phrasesAsked() > 0, 'the first comment of an unknown site is scored with its phrases');
  const first = await scoreComment(d, comment('s1', text), null);
  assert.equal(phrasesAsked(), 0);
  hamDocs = 1;
  await scoreComment(d, comment('s1', text), null);
  assert.equal(phrasesAsked(), 0, 'the comment whose fetch shows the first approval was asked without phrases');
  await scoreComment(d, comment('s1', text), null);
  assert.ok(phrasesAsked() > 0);
  // Without the phrases the score is the one it would have had with them, as no approval backs any.
  const { d: ungated } = deps(() => ({ spamDocs: 3, hamDocs: 0 }));
  assert.equal((await scoreComment(ungated, comment('s1', text), null)).spamScore, first.spamScore);
});

test('scoreComment without a gate always asks for the phrases', async () => {
  const { d, asked } = deps(() => ({ spamDocs: 0, hamDocs: 0 }));
  await scoreComment(d, comment('s1', text), null);
  await scoreComment(d, comment('s1', text), null);
  assert.ok(asked.every((f) => f.some(isPhraseFeature)));
});

test('scoreComment: on a site with spam decisions on its phrases but no approval, the gated score and reasons equal the ungated ones (what the check endpoints answer)', async () => {
  const c = comment('s2', text);
  const phrases = (await (async () => {
    const { d, asked } = deps(() => ({ spamDocs: 0, hamDocs: 0 }));
    await scoreComment(d, c, null);
    return asked[0]!.filter(isPhraseFeature);
  })());
  assert.ok(phrases.length > 0);
  // Many spam decisions, no approval; each phrase in one of them (rarer in spam than the estimate for ham, the case
  // that lowered a score before only approvals spoke for a phrase), each word in several.
  const counts = (features: readonly string[]): LearnedCounts => ({
    spamDocs: 400,
    hamDocs: 0,
    tokens: new Map(features.map((f) => [f, { spam: isPhraseFeature(f) ? 1 : 7, ham: 0 }])),
  });
  const run = async (gate?: SitePhraseGate) => {
    const asked: string[][] = [];
    const d: ScoreDeps = {
      model: () => model,
      store: { scoringSignals: async () => ({ repeatCount: 0, authorHasPublished: false, authorMarkedSpam: false }) },
      learning: { fetch: async (_site, features) => (asked.push([...features]), counts(features)) },
      phraseGate: gate,
    };
    if (gate) await scoreComment(d, c, null);
    const r = await scoreComment(d, c, null);
    return { r, asked: asked[asked.length - 1]! };
  };
  const gated = await run(new SitePhraseGate());
  const ungated = await run();
  assert.equal(gated.asked.filter(isPhraseFeature).length, 0, 'the gated fetch left the phrases out');
  assert.ok(ungated.asked.filter(isPhraseFeature).length > 0);
  assert.equal(gated.r.spamScore, ungated.r.spamScore);
  assert.deepEqual(gated.r.reasons, ungated.r.reasons);
});
