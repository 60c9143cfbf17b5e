/**
 * Praise that names nothing of the post, from a commenter with a Website (src/spam/generic-praise.ts,
 * `shape:generic`): blog spam reworded every time is held, a reader who names what they did is published, and so is
 * the same bland praise from a person's own page or with no Website. None of these sentences is in the evaluation
 * sets or the corpora.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scoreSubmission } from '../../src/spam/classifier.ts';
import { extractFeatures } from '../../src/spam/features.ts';
import { isGenericPraise } from '../../src/spam/generic-praise.ts';
import { DEFAULT_THRESHOLDS, decide } from '../../src/spam/policy.ts';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel } from '../../src/spam/spam-model.ts';
import { isPersonalWebsite } from '../../src/spam/website-field.ts';

const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);
type Sub = { text: string; name: string; email: string; website?: string };
const verdict = (sub: Sub) => {
  const r = scoreSubmission(model, sub);
  return { v: decide(r.spamScore, DEFAULT_THRESHOLDS, r.evidenceKinds), r };
};

const SPAM: readonly Sub[] = [
  { text: 'Really helpful information, thanks a lot for sharing. Looking forward to your next post!', name: 'Karen', email: 'karen@top10hikingboots.net', website: 'https://top10hikingboots.net' },
  { text: 'I truly appreciate the time you put into this piece. Keep sharing such useful information!', name: 'Grace', email: 'grace.w@gmail.com', website: 'https://bestairfryerguide.org' },
  { text: 'What a wonderful read. You explained everything so clearly, I will recommend your site to my friends.', name: 'Lucas', email: 'lucas.m@outlook.com', website: 'https://smallbizmarketingtips.com' },
  { text: 'Superb article, I learned a lot. Bookmarked your blog and will be back for more great content.', name: 'Emily', email: 'emily.h@gmail.com', website: 'https://kitchenremodelpros-denver.com' },
];

const READERS: readonly Sub[] = [
  { text: 'Great post, I tried the spinach version with feta and it came out perfect.', name: 'Anna', email: 'anna.l@gmail.com', website: 'https://annaskitchen.blog' },
  { text: 'Thanks for sharing! The step about flashing the firmware saved my old router.', name: 'Jon Park', email: 'jon@jonpark.dev', website: 'https://jonpark.dev' },
  { text: 'Great article, I learned a lot about pruning roses from it. Thanks!', name: 'Bea', email: 'bea.t@gmail.com', website: 'https://beasgarden.net' },
  { text: 'Lovely post. We walked the same coastal path in April and the wildflowers were everywhere.', name: 'Hilde', email: 'hilde.n@gmail.com', website: 'https://hildewalks.wordpress.com' },
];

test('bland praise reworded (no phrase of the SEO lexicon needed) with a Website → shape:generic, held', () => {
  for (const sub of SPAM) {
    const { v, r } = verdict(sub);
    assert.ok(extractFeatures(sub).includes('shape:generic'), sub.text);
    assert.notEqual(v, 'publish', `${sub.text}: ${r.spamScore} ${r.reasons.join(', ')}`);
  }
});

test('a reader with a Website who names what they tried or saw → no shape:generic, published', () => {
  for (const sub of READERS) {
    const { v, r } = verdict(sub);
    assert.ok(!extractFeatures(sub).includes('shape:generic'), sub.text);
    assert.equal(v, 'publish', `${sub.text}: ${r.spamScore} ${r.reasons.join(', ')}`);
  }
});

test('the same bland praise with no Website, from a blog host or from a site named after the commenter → no shape:generic', () => {
  const text = 'Really helpful information, thanks a lot for sharing. Looking forward to your next post!';
  for (const website of [undefined, 'https://karenwrites.wordpress.com', 'https://karenholt.com']) {
    const sub = { text, name: 'Karen Holt', email: 'karen.h@gmail.com', ...(website === undefined ? {} : { website }) };
    assert.ok(!extractFeatures(sub).includes('shape:generic'), String(website));
  }
  // A keyword name of more than two words is what its site is named after, not a person.
  const keyword = { text, name: 'hiking boots reviews uk', email: 'info@hikingbootsreviews.co.uk', website: 'https://hikingbootsreviews.co.uk' };
  assert.ok(extractFeatures(keyword).includes('shape:generic'));
});

test('a comment of fewer than four words, or with one specific word in eight or fewer → not generic', () => {
  assert.equal(isGenericPraise(['great', 'post', 'thanks']), false);
  assert.equal(isGenericPraise(['great', 'post', 'thanks', 'for', 'sharing']), true);
  assert.equal(isGenericPraise(['great', 'post', 'thanks', 'for', 'sharing', 'sourdough']), false);
  assert.equal(isPersonalWebsite('oliviakeller.com', 'oliviakeller.com', 'olivia'), true);
  assert.equal(isPersonalWebsite('cheapcookwaredeals.store', 'cheapcookwaredeals.store', 'sofia'), false);
});
