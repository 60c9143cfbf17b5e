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
