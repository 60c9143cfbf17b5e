/**
 * Site phrases (src/spam/site-phrases.ts): a comment's word triples, hashed, learned from a site's moderator decisions
 * only. A phrase the site's moderators approved lowers a comment's score; a phrase never raises one, and a site without
 * decisions on it scores as before.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDecision, scoreSubmission, type LearnedCounts } from '../../src/spam/classifier.ts';
import { extractFeatures } from '../../src/spam/features.ts';
import { MAX_PHRASES, isPhraseFeature, sitePhraseFeatures, withSitePhrases } from '../../src/spam/site-phrases.ts';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel } from '../../src/spam/spam-model.ts';
import { featuresOf } from '../../src/comments/score-comment.ts';

const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);

test('sitePhraseFeatures: one hashed feature per distinct word triple, in order; none for fewer than three words', () => {
  const p = sitePhraseFeatures('Can not stop watching this. Can not stop watching!');
  // can not stop / not stop watching / stop watching this / watching this can / this can not (the rest repeat)
  assert.equal(p.length, 5);
  assert.ok(p.every(isPhraseFeature));
  assert.deepEqual(sitePhraseFeatures('Great video'), []);
  assert.deepEqual(sitePhraseFeatures(''), []);
  assert.equal(isPhraseFeature('pharma'), false);
  assert.equal(isPhraseFeature('ph:x'), false);
});

test('sitePhraseFeatures: links and numbers are placeholders, case does not matter, so a campaign that changes them keeps its phrases', () => {
  assert.deepEqual(sitePhraseFeatures('Watch my video http://a.example/1 now 123 times'), sitePhraseFeatures('watch MY video https://b.example/xyz now 9 times'));
});

test('sitePhraseFeatures: at most MAX_PHRASES per comment, however long', () => {
  const long = Array.from({ length: 500 }, (_, i) => `w${i.toString(36)}x`).join(' ');
  assert.equal(sitePhraseFeatures(long).length, MAX_PHRASES);
});

test('featuresOf (what a decision teaches) is extractFeatures followed by the phrases', () => {
  const c = { comment: 'I love this song so much', name: 'Ann', email: 'ann@example.org', website: null };
  assert.deepEqual(featuresOf(c), withSitePhrases(extractFeatures({ text: c.comment, name: 'Ann', email: 'ann@example.org' }), c.comment));
  assert.equal(featuresOf(c).filter(isPhraseFeature).length, 4);
});

/** A site whose decisions are these texts. */
function site(decisions: ReadonlyArray<[string, 'spam' | 'ham']>): LearnedCounts {
  const l: LearnedCounts = { spamDocs: 0, hamDocs: 0, tokens: new Map() };
  for (const [text, label] of decisions) addDecision(l, label, withSitePhrases(extractFeatures({ text }), text));
  return l;
}

const score = (text: string, learned: LearnedCounts, phrases = true) =>
  scoreSubmission(model, { text }, { features: phrases ? withSitePhrases(extractFeatures({ text }), text) : extractFeatures({ text }), learned }).spamScore;

// Filler decisions so the site has class counts of its own, sharing no word triple with the comments below.
const filler: Array<[string, 'spam' | 'ham']> = Array.from({ length: 40 }, (_, i) => [`entry ${i} ${i % 2 ? 'alpha' : 'beta'}`, i % 2 ? 'spam' : 'ham']);

test('a phrase the site\'s moderators approved a few times lowers the score of a new comment with it', () => {
  const idiom = 'lol my cat sat on the keyboard again';
  const approved = site([...filler, ...Array.from({ length: 4 }, (_, i): [string, 'ham'] => [`${i} lol my cat sat on the keyboard`, 'ham'])]);
  // The same counts without the phrases: the words alone.
  const wordsOnly: LearnedCounts = { ...approved, tokens: new Map([...approved.tokens].filter(([f]) => !isPhraseFeature(f))) };
  assert.ok(score(idiom, approved) < score(idiom, wordsOnly, false), `${score(idiom, approved)} < ${score(idiom, wordsOnly, false)}`);
});

test('a phrase seen only in the site\'s spam decisions never raises a score', () => {
  const template = 'i rap real good thumbs up if you agree';
  const spammed = site([...filler, ...Array.from({ length: 6 }, (_, i): [string, 'spam'] => [`${i} i rap real good thumbs up if you agree`, 'spam'])]);
  const wordsOnly: LearnedCounts = { ...spammed, tokens: new Map([...spammed.tokens].filter(([f]) => !isPhraseFeature(f))) };
  assert.equal(score(template, spammed), score(template, wordsOnly, false));
});

test('a site whose decisions hold none of a comment\'s phrases scores it as without phrases, whatever its counts', () => {
  const text = 'lol my cat sat on the keyboard again, free tickets at http://example.com/x';
  for (const learned of [site([]), site(filler), site([...filler, ['the keyboard my cat', 'ham'], ['tickets free everyone', 'spam']])]) {
    assert.equal(score(text, learned), score(text, learned, false));
  }
});

test('a phrase is never named among the reasons (a hash means nothing to a moderator)', () => {
  const approved = site([...filler, ...Array.from({ length: 6 }, (_, i): [string, 'ham'] => [`${i} lol my cat sat on the keyboard`, 'ham'])]);
  const text = 'lol my cat sat on the keyboard';
  const r = scoreSubmission(model, { text }, { features: withSitePhrases(extractFeatures({ text }), text), learned: approved });
  assert.ok(r.reasons.every((x) => !x.startsWith('p:')), r.reasons.join(', '));
});

test('a phrase only the site\'s spam decisions had never lowers a score either, however many more spam decisions the site has', () => {
  // Many spam decisions and few approvals: a phrase in one spam decision is rarer in spam than the add-one estimate of
  // an unapproved phrase in ham, which would read as evidence for the readers if such phrases were scored.
  const spamHeavy: Array<[string, 'spam' | 'ham']> = [
    ...Array.from({ length: 300 }, (_, i): [string, 'spam'] => [`offer ${i.toString(36)} zq${i}`, 'spam']),
    ...Array.from({ length: 3 }, (_, i): [string, 'ham'] => [`reader ${i}`, 'ham']),
    ['cheap pills online today only', 'spam'],
  ];
  const learned = site(spamHeavy);
  const text = 'cheap pills online today only';
  const wordsOnly: LearnedCounts = { ...learned, tokens: new Map([...learned.tokens].filter(([f]) => !isPhraseFeature(f))) };
  assert.equal(score(text, learned), score(text, wordsOnly, false));
});
