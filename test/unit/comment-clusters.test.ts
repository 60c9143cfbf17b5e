/** Clustering queued comments (pure): networks, link domains, e-mail domains and near-duplicate text. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterComments, clusterId, emailDomainKey, isFreeMailDomain, linkDomains, networkKey, type ClusterInput } from '../../src/spam/comment-clusters.ts';
import { estimatedSimilarity, minHashSignature, nearDuplicateGroups } from '../../src/spam/near-duplicates.ts';

let seq = 0;
const c = (over: Partial<ClusterInput>): ClusterInput => ({ id: `c${++seq}`, comment: 'x', email: `r${seq}@gmail.com`, website: null, ip: null, ...over });

/** Ordinary readers' comments: different words, networks, free-mail addresses, no links. */
const UNRELATED = [
  'I grew up two streets from that bakery and the smell of bread on Saturday mornings is still the best thing about the town.',
  'The council should publish the full budget before the vote, not a summary that leaves out the road repairs.',
  'Great interview. I did not know she trained as an engineer before going into politics.',
  'My daughter plays in the under-twelves league and the new pitch has made a real difference this season.',
  'Does anyone know whether the library will keep its Sunday opening hours after the renovation?',
  'The photo of the harbour at dusk is lovely, who took it?',
  'Respectfully, the figures in the third paragraph do not match the ones the ministry released last week.',
  'We tried the new tram line yesterday and it took twenty minutes less than the bus did.',
  'Thanks for covering the school concert, the kids were thrilled to see themselves in the paper.',
  'I disagree with the columnist, raising parking fees will just push shoppers to the retail park.',
  'Is the farmers market moving to the square permanently or only during the summer months?',
  'The recipe worked perfectly, although I used half the sugar and it was still sweet enough.',
];

function unrelated(): ClusterInput[] {
  return UNRELATED.map((text, i) => c({ comment: text, ip: `198.51.${i}.${10 + i}`, email: `reader${i}@${['gmail.com', 'yahoo.co.uk', 'outlook.de', 'icloud.com'][i % 4]}` }));
}

describe('clustering queued comments', () => {
  test('50 comments from one IPv6 /64 with varied text form one ip cluster; unrelated comments form none', () => {
    const wave = Array.from({ length: 50 }, (_, i) =>
      c({ comment: `${UNRELATED[i % UNRELATED.length]} (${i})`.split(' ').reverse().join(' '), ip: `2001:db8:aa:bb:${((i * 7919) & 0xffff).toString(16)}::${i + 1}` }),
    );
    const clusters = clusterComments([...unrelated(), ...wave]);
    const ip = clusters.filter((k) => k.kind === 'ip');
    assert.equal(ip.length, 1);
    assert.equal(ip[0]!.key, '2001:db8:aa:bb::/64');
    assert.deepEqual(ip[0]!.commentIds, wave.map((w) => w.id));
    assert.equal(ip[0]!.id, clusterId('ip', '2001:db8:aa:bb::/64'));
    assert.equal(clusters[0], ip[0], 'the largest group comes first');
    assert.deepEqual(clusterComments(unrelated()), []);
  });

  test('20 near-duplicates with changed names and links form one near-duplicate cluster, whatever else they share', () => {
    const names = ['Anna', 'Ben', 'Carla', 'Dmitri', 'Eva', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Kira', 'Luca', 'Mia', 'Nils', 'Olga', 'Piet', 'Rosa', 'Sven', 'Tara', 'Uwe'];
    const wave = names.map((name, i) =>
      c({
        comment: `Hi ${name}, thank you for this wonderful article! I made $${300 + i} a day working from home with this simple method, see https://promo${i}.example-${i}.net/${name.toLowerCase()} and change your life today.`,
        ip: `203.0.${i}.9`,
      }),
    );
    const clusters = clusterComments([...unrelated(), ...wave]);
    const near = clusters.filter((k) => k.kind === 'near-duplicate');
    assert.equal(near.length, 1);
    assert.deepEqual(near[0]!.commentIds, wave.map((w) => w.id));
    assert.equal(near[0]!.key, wave[0]!.id, 'keyed by its first comment');
    assert.equal(clusters.filter((k) => k.kind !== 'near-duplicate').length, 0, 'no shared network, link or mail domain');
  });

  test('IPv4 /24, link domain (text or website field) and e-mail domain clusters; free-mail domains never cluster', () => {
    const net = [c({ comment: 'first', ip: '192.0.2.10' }), c({ comment: 'second', ip: '::ffff:192.0.2.200' })];
    const link = [
      c({ comment: 'Read more at https://shop.cheap-pills.co.uk/offer now', ip: null }),
      c({ comment: 'an unrelated remark', website: 'http://www.cheap-pills.co.uk' }),
      c({ comment: 'visit cheap-pills.co.uk!' }),
    ];
    const mail = [c({ comment: 'one', email: 'a@mail.spam-domain.biz' }), c({ comment: 'two', email: 'B@SPAM-DOMAIN.BIZ' })];
    const freeMail = [c({ comment: 'alpha', email: 'x@gmail.com' }), c({ comment: 'beta', email: 'y@gmail.com' }), c({ comment: 'gamma', email: 'z@yahoo.co.uk' })];
    const clusters = clusterComments([...net, ...link, ...mail, ...freeMail, ...unrelated()]);
    const summary = clusters.map((k) => [k.kind, k.key, k.commentIds]);
    assert.deepEqual(summary, [
      ['link-domain', 'cheap-pills.co.uk', link.map((x) => x.id)],
      ['email-domain', 'spam-domain.biz', mail.map((x) => x.id)],
      ['ip', '192.0.2.0/24', net.map((x) => x.id)],
    ]);
  });

  test('the keys: networks, link domains, e-mail domains', () => {
    assert.equal(networkKey('2001:DB8:0:1:ffff::1'), '2001:db8:0:1::/64');
    assert.equal(networkKey('10.1.2.3'), '10.1.2.0/24');
    assert.equal(networkKey('not an ip'), null);
    assert.deepEqual(linkDomains({ comment: 'see http://1.2.3.4/x and www.a.example.com and b.example.com', website: null }), ['example.com']);
    assert.equal(emailDomainKey('someone@sub.corp.example.org'), 'example.org');
    assert.equal(emailDomainKey('no-at-sign'), null);
    assert.ok(isFreeMailDomain('googlemail.com') && isFreeMailDomain('outlook.de') && !isFreeMailDomain('example.com'));
  });

  test('near-duplicate similarity: copies are similar, unrelated texts are not, empty texts are never grouped', () => {
    const a = minHashSignature('Buy cheap watches online today, best prices guaranteed for all our customers worldwide')!;
    const b = minHashSignature('Buy cheap watches online now, best prices guaranteed for all our customers worldwide')!;
    const d = minHashSignature(UNRELATED[0]!)!;
    assert.ok(estimatedSimilarity(a, b) >= 0.5, `copies: ${estimatedSimilarity(a, b)}`);
    assert.ok(estimatedSimilarity(a, d) < 0.2, `unrelated: ${estimatedSimilarity(a, d)}`);
    assert.equal(minHashSignature('!!! ...'), null);
    assert.deepEqual(nearDuplicateGroups(['', '', '???']), []);
    assert.deepEqual(nearDuplicateGroups(UNRELATED), []);
  });

  test('a thousand identical comments are one group, found with bounded comparisons', () => {
    const texts = Array.from({ length: 1000 }, () => 'Same text posted again and again by a bot');
    const groups = nearDuplicateGroups(texts);
    assert.equal(groups.length, 1);
    assert.equal(groups[0]!.length, 1000);
  });
});
