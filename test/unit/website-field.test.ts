/**
 * The commenter's Website field (src/spam/website-field.ts): a business's site is a spam cue (`web:business`), a
 * person's is not; the commonest blog spam, a bland compliment whose only purpose is that link, is held, and the
 * same compliment from a reader with their own blog, or with no site, is published.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scoreSubmission } from '../../src/spam/classifier.ts';
import { extractFeatures } from '../../src/spam/features.ts';
import { DEFAULT_THRESHOLDS, decide } from '../../src/spam/policy.ts';
import { DEFAULT_SPAM_MODEL_PATH, loadSpamModel } from '../../src/spam/spam-model.ts';
import { isCommercialWebsite } from '../../src/spam/website-field.ts';

const model = loadSpamModel(DEFAULT_SPAM_MODEL_PATH);
const verdict = (sub: { text: string; name?: string; email?: string; website?: string }) => {
  const r = scoreSubmission(model, sub);
  return { v: decide(r.spamScore, DEFAULT_THRESHOLDS, r.evidenceKinds), r };
};

test('business sites are commercial, people\'s sites and blog hosts are not', () => {
  for (const host of ['cheap-essay-writers.co.uk', 'bestcbdgummiesusa.com', 'plumbernearme-la.com', 'rank-seo-agency.in', 'mytreats.shop']) {
    const base = host.endsWith('.co.uk') ? host : host.split('.').slice(-2).join('.');
    assert.ok(isCommercialWebsite(host, base), host);
  }
  for (const [host, base] of [['annakowalski.net', 'annakowalski.net'], ['jsmith.github.io', 'github.io'], ['shopgirl.wordpress.com', 'wordpress.com'], ['timhuang.dev', 'timhuang.dev'], ['thefamilytable.blog', 'thefamilytable.blog'], ['janedoe.xyz', 'janedoe.xyz'], ['annaskitchen.online', 'annaskitchen.online'], ['lee.site', 'lee.site'], ['hastingschess.club', 'hastingschess.club'], ['mira.work', 'mira.work']]) {
    assert.ok(!isCommercialWebsite(host!, base!), host);
  }
});

test('web:business is a feature of the Website field only', () => {
  assert.ok(extractFeatures({ text: 'Lovely photos', website: 'https://www.discount-kitchen-remodel.com/' }).includes('web:business'));
  assert.ok(!extractFeatures({ text: 'Lovely photos, see discount-kitchen-remodel.com' }).includes('web:business'));
  assert.ok(!extractFeatures({ text: 'Lovely photos', website: 'https://www.janedoe.me' }).includes('web:business'));
});

test('a bland compliment is held with a business site in the Website field, published with a person\'s site or none', () => {
  const texts = ['Great post, thanks for sharing!', 'Very informative article, I learned a lot from it.'];
  for (const text of texts) {
    const spam = verdict({ text, name: 'Olivia', email: 'olivia.k@gmail.com', website: 'https://www.best-assignment-help-services.com' });
    assert.notEqual(spam.v, 'publish', `${text}: ${spam.r.spamScore} ${spam.r.reasons.join(', ')}`);
    for (const website of ['https://oliviakeller.wordpress.com', '', undefined]) {
      const ham = verdict({ text, name: 'Olivia', email: 'olivia.k@gmail.com', ...(website === undefined ? {} : { website }) });
      assert.equal(ham.v, 'publish', `${text} (${String(website)}): ${ham.r.spamScore} ${ham.r.reasons.join(', ')}`);
    }
  }
});

test('a reader\'s own specific comment with a business site in the field is not held by the field alone', () => {
  const { v, r } = verdict({
    text: 'I followed the recipe but baked it at 170 for 50 minutes in a fan oven and it was perfect, thanks!',
    name: 'Tom Carter',
    email: 'tom@carterplumbing.co.uk',
    website: 'https://www.carterplumbing.co.uk',
  });
  assert.equal(v, 'publish', `${r.spamScore} ${r.reasons.join(', ')}`);
});
