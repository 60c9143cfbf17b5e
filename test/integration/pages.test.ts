/**
 * The pages the service serves besides the API: the demo article only when switched on (DEMO_PAGE=1, or
 * `npm start`), the widget and dashboard bundles always, and a favicon.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { startTestStack, type TestStack } from '../support/harness.ts';

describe('pages', () => {
  let plain: TestStack;
  let demo: TestStack;
  before(async () => {
    [plain, demo] = await Promise.all([startTestStack({ worker: false }), startTestStack({ worker: false, env: { DEMO_PAGE: '1' } })]);
  });
  after(async () => {
    await Promise.all([plain?.stop(), demo?.stop()]);
  });

  test('GET / without DEMO_PAGE (npm run api) → 404, no demo article; the widget and dashboard are still served', async () => {
    const res = await request(plain.origin).get('/').expect(404);
    assert.equal(res.body.error, 'not_found');
    assert.ok(!res.text.includes('Historic Security Partnership'));
    await request(plain.origin).get('/demo.css').expect(404);
    const widget = await request(plain.origin).get('/widget.js').expect(200);
    assert.match(String(widget.headers['content-type']), /^application\/javascript/);
    assert.match(widget.text, /awaiting moderation/);
    await request(plain.origin).get('/moderation').expect(200);
    await request(plain.origin).get('/moderation/dashboard.js').expect(200);
  });

  test('GET / with DEMO_PAGE=1 → the demo article with the field limits in its no-JS form', async () => {
    const res = await request(demo.origin).get('/').expect(200);
    assert.match(res.text, /Historic Security Partnership/);
    assert.match(res.text, /id="nojs-comment"[^>]*maxlength="10000"/);
    assert.doesNotMatch(res.text, /__MAXLENGTH_|<!--NOJS_/);
    await request(demo.origin).get('/demo.css').expect(200);
  });

  test('GET /favicon.ico → 200, an icon', async () => {
    const res = await request(plain.origin).get('/favicon.ico').buffer(true).expect(200);
    assert.equal(res.headers['content-type'], 'image/x-icon');
    const body = res.body as Buffer;
    assert.ok(body.length > 22);
    assert.deepEqual([...body.subarray(0, 4)], [0, 0, 1, 0], 'ICO header');
    await request(plain.origin).get('/favicon.ico').set('If-None-Match', String(res.headers.etag)).expect(304);
  });
});
