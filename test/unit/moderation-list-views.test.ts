/**
 * What the moderator's list and record offer the dashboard, through createApp on in-memory stores:
 * newest-first order, search by e-mail, IP or text, the parent's excerpt, the thread's URL, and the
 * sites a moderator may pick from.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startMemoryStack, type CreatedSite, type MemoryStack } from '../support/memory-app.ts';

let stack: MemoryStack;
let news: CreatedSite;
let sport: CreatedSite;
let newsModToken = '';
let bothModToken = '';
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
const admin = () => bearer(stack.moderatorToken);

interface Submission {
  threadId?: string;
  name?: string;
  email?: string;
  comment: string;
  parentId?: string;
  userIp?: string;
  permalink?: string;
}

async function submit(site: CreatedSite, s: Submission): Promise<string> {
  const res = await request(stack.origin)
    .post('/api/v1/comments')
    .set(bearer(site.apiKey))
    .send({ threadId: 't1', name: 'Reader', email: 'reader@example.com', ...s })
    .expect(202);
  return res.body.id as string;
}

async function list(query: string, auth = admin()): Promise<{ comments: Array<Record<string, any>>; nextCursor: string | null }> {
  return (await request(stack.origin).get(`/api/v1/moderation/comments${query}`).set(auth).expect(200)).body;
}

before(async () => {
  stack = await startMemoryStack();
  news = await stack.addSite('News', ['--id', 'news', '--origins', 'https://news.example']);
  sport = await stack.addSite('Sport', ['--id', 'sport']);
  await stack.registry.refresh();
  await stack.moderatorsCli(['add', '--name', 'nina', '--role', 'moderator', '--sites', 'news', '--json']);
  newsModToken = JSON.parse((await stack.moderatorsCli(['token', '--name', 'nina', '--json'])).stdout).token;
  await stack.moderatorsCli(['add', '--name', 'mia', '--role', 'moderator', '--sites', 'news,sport', '--json']);
  bothModToken = JSON.parse((await stack.moderatorsCli(['token', '--name', 'mia', '--json'])).stdout).token;
});
after(() => stack.stop());

describe('moderation list: order', () => {
  test('GET /moderation/comments?order=newest → newest first, paged by its cursor; without order still oldest first; order=sideways → 400', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await submit(sport, { threadId: 'order', comment: `Order test ${i}` }));
    const mine = (page: { comments: Array<Record<string, any>> }) => page.comments.map((c) => c.id as string).filter((id) => ids.includes(id));
    assert.deepEqual(mine(await list('?status=pending&siteId=sport&limit=100')), ids);
    assert.deepEqual(mine(await list('?status=pending&siteId=sport&limit=100&order=oldest')), ids);
    const first = await list('?status=pending&siteId=sport&limit=2&order=newest');
    assert.deepEqual(mine(first), ids.slice(2).reverse());
    const second = await list(`?status=pending&siteId=sport&limit=2&order=newest&cursor=${first.nextCursor}`);
    assert.deepEqual(mine(second), ids.slice(0, 2).reverse());
    const res = await request(stack.origin).get('/api/v1/moderation/comments?status=pending&order=sideways').set(admin()).expect(400);
    assert.equal(res.body.error, 'invalid_query');
  });
});

describe('moderation list: search', () => {
  test('q= finds comments by e-mail, IP address or text, case-insensitively, within the moderator’s sites', async () => {
    const byMail = await submit(news, { email: 'Zora.Quill@Example.org', comment: 'An ordinary remark.' });
    const byIp = await submit(news, { comment: 'Another ordinary remark.', userIp: '198.51.100.23' });
    const byText = await submit(news, { comment: 'The harbour of Valparaíso was busy today.' });
    const otherSite = await submit(sport, { email: 'zora.quill@example.org', comment: 'Same author, other site.' });
    const ids = async (q: string, auth = admin()) => (await list(`?status=pending&limit=100&q=${encodeURIComponent(q)}`, auth)).comments.map((c) => c.id);
    assert.deepEqual(await ids('zora.quill@example'), [byMail, otherSite]);
    assert.deepEqual(await ids('zora.quill@example', bearer(newsModToken)), [byMail], 'a moderator of news searches news only');
    const newest = await list(`?status=pending&limit=100&order=newest&q=zora.quill`, bearer(bothModToken));
    assert.deepEqual(newest.comments.map((c) => c.id), [otherSite, byMail], 'a moderator of two sites searches both, newest first');
    assert.deepEqual(await ids('198.51.100.23'), [byIp]);
    assert.deepEqual(await ids('VALPARAÍSO'), [byText]);
    assert.deepEqual(await ids('nothing like this anywhere'), []);
    await request(stack.origin).get(`/api/v1/moderation/comments?q=${'x'.repeat(201)}`).set(admin()).expect(400);
  });

  test('a search reads a bounded stretch of the list: a short page with a cursor, and following the cursor finds the match', async () => {
    const fillers: Promise<string>[] = [];
    for (let i = 0; i < 45; i++) fillers.push(submit(sport, { threadId: 'bounded', comment: `Filler number ${i}` }));
    await Promise.all(fillers);
    const needle = await submit(sport, { threadId: 'bounded', comment: 'The needle in the haystack.' });
    // limit=1: one request reads at most 40 comments of the list.
    let page = await list('?status=pending&siteId=sport&limit=1&q=needle%20in');
    assert.deepEqual(page.comments, []);
    assert.ok(page.nextCursor, 'the scan stopped early and says where to go on');
    let found: string[] = [];
    for (let hops = 0; hops < 5 && page.nextCursor && !found.length; hops++) {
      page = await list(`?status=pending&siteId=sport&limit=1&q=needle%20in&cursor=${page.nextCursor}`);
      found = page.comments.map((c) => c.id);
    }
    assert.deepEqual(found, [needle]);
  });
});

describe('moderation views: parent, thread URL', () => {
  test('a reply carries its parent’s id, excerpt and author; a top-level comment has parent null; a deleted parent keeps its id only', async () => {
    const long = `Opening words of a long parent comment. ${'More text follows here. '.repeat(20)}`;
    const parent = await submit(news, { name: 'Paula Parent', comment: long });
    // Replies are taken to published comments only.
    await request(stack.origin).post(`/api/v1/moderation/comments/${parent}/approve`).set(admin()).expect(200);
    const reply = await submit(news, { name: 'Rick Reply', comment: 'I disagree.', parentId: parent });
    const record = (await request(stack.origin).get(`/api/v1/moderation/comments/${reply}`).set(admin()).expect(200)).body;
    assert.equal(record.parentId, parent, 'parentId stays as it was');
    assert.equal(record.parent.id, parent);
    assert.equal(record.parent.author, 'Paula Parent');
    assert.ok(record.parent.excerpt.startsWith('Opening words of a long parent comment.'));
    assert.ok(record.parent.excerpt.length <= 161 && record.parent.excerpt.endsWith('…'), record.parent.excerpt);
    assert.deepEqual((await list('?status=pending&siteId=news&limit=100')).comments.find((c) => c.id === reply)!.parent, record.parent);
    assert.equal((await list('?status=published&siteId=news&limit=100')).comments.find((c) => c.id === parent)!.parent, null);

    await request(stack.origin).delete(`/api/v1/moderation/comments/${parent}`).set(admin()).expect(204);
    const orphan = (await request(stack.origin).get(`/api/v1/moderation/comments/${reply}`).set(admin()).expect(200)).body;
    assert.deepEqual(orphan.parent, { id: parent, excerpt: null, author: null });
  });

  test('threadUrl: the backend’s permalink, a thread id that is a URL, a path on the site’s origin; null otherwise', async () => {
    const withPermalink = await submit(news, { comment: 'Permalink given.', permalink: 'https://news.example/2026/a-story' });
    const urlThread = await submit(sport, { threadId: 'https://sport.example/match-report', comment: 'URL thread.' });
    const pathThread = await submit(news, { threadId: '/2026/11/harbour', comment: 'Path thread.' });
    const pathNoOrigin = await submit(sport, { threadId: '/2026/11/derby', comment: 'Path thread, site without origins.' });
    const plainId = await submit(news, { threadId: 'japan-eu-security', comment: 'Plain thread id.' });
    const url = async (id: string) => (await request(stack.origin).get(`/api/v1/moderation/comments/${id}`).set(admin()).expect(200)).body.threadUrl;
    assert.equal(await url(withPermalink), 'https://news.example/2026/a-story');
    assert.equal(await url(urlThread), 'https://sport.example/match-report');
    assert.equal(await url(pathThread), 'https://news.example/2026/11/harbour');
    assert.equal(await url(pathNoOrigin), null);
    assert.equal(await url(plainId), null);
  });
});

describe('GET /api/v1/moderation/sites', () => {
  test('an admin sees every site (the default one too); a moderator only theirs; without credentials → 401', async () => {
    const all = (await request(stack.origin).get('/api/v1/moderation/sites').set(admin()).expect(200)).body;
    assert.deepEqual(all.sites, [
      { id: 'default', name: 'Default site' },
      { id: 'news', name: 'News' },
      { id: 'sport', name: 'Sport' },
    ]);
    const mine = (await request(stack.origin).get('/api/v1/moderation/sites').set(bearer(newsModToken)).expect(200)).body;
    assert.deepEqual(mine.sites, [{ id: 'news', name: 'News' }]);
    await request(stack.origin).get('/api/v1/moderation/sites').expect(401);
  });
});
