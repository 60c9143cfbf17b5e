/**
 * Pages router: the embeddable widget script (GET /widget.js), the moderator dashboard (GET /moderation) with
 * its assets, the favicon and, when switched on, the demo article (GET /) with the thread's published comments
 * rendered server-side for readers without JavaScript (and the reader's own comment awaiting moderation, named by
 * the cookie its form post set: src/http/posted-comments-cookie.ts). Files come from dist/public (see
 * runtime/browser-bundles.ts) and are read once when the router is created.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Request, type Response } from 'express';
import { ServiceError } from '../errors.ts';
import { DEFAULT_SITE_ID } from '../../models/site.ts';
import type { CommentStore } from '../store/comment-store.ts';
import type { Comment } from '../../models/comment.ts';
import { toAuthorView, toPublicView, type PublicComment } from '../comments/comment-views.ts';
import { postedCommentIds } from '../http/posted-comments-cookie.ts';
import { AWAITING_MODERATION } from '../browser/shared/awaiting-moderation.ts';
import { PUBLIC_DIR } from '../runtime/browser-bundles.ts';
import { escapeHtml, threadHtml } from './thread-html.ts';
import { LIMITS } from '../contract/limits.ts';

export interface PagesDeps {
  store: CommentStore;
  /** Serve the demo article at GET /: on for `npm start`, off for `npm run api` unless DEMO_PAGE=1. */
  demoPage: boolean;
  /** Where the built pages are; defaults to dist/public. */
  publicDir?: string;
}

/** The demo article shows at most this many pages of 100 comments without JavaScript. */
const DEMO_MAX_PAGES = 10;

interface Asset {
  body: Buffer;
  etag: string;
  type: string;
}

/** The file, or undefined when it has not been built (the route then answers 503 saying so). */
function load(dir: string, file: string, type: string): Asset | undefined {
  let body: Buffer;
  try {
    body = readFileSync(join(dir, file));
  } catch {
    return undefined;
  }
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`, type };
}

function notBuilt(file: string): ServiceError {
  return new ServiceError('unavailable', `${file} is not built: run npm run build`);
}

/** Sends a static asset with an ETag so revalidation is a cheap 304. */
function send(req: Request, res: Response, asset: Asset | undefined, cacheControl: string): void {
  if (!asset) throw notBuilt(req.path.slice(1));
  res.setHeader('Content-Type', asset.type);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('ETag', asset.etag);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (req.headers['if-none-match'] === asset.etag) {
    res.status(304).end();
    return;
  }
  res.status(200).end(req.method === 'HEAD' ? undefined : asset.body);
}

const ERROR_MESSAGES: Record<string, string> = {
  validation_failed: 'Your comment was not posted. Please check the fields marked below.',
  rate_limited: 'You are posting too quickly. Please wait a minute and try again.',
  unavailable: 'Comments are temporarily unavailable. Please try again later.',
};

const FIELD_LABELS: Record<string, string> = { name: 'Name', email: 'Email', website: 'Website', comment: 'Comment', parentId: 'Reply' };

/** Strict policy for the dashboard: only its own script and styles, no framing, no referrer. */
const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The demo page with the field limits filled in; its thread id comes from the widget's host element. */
function demoTemplate(dir: string): { html: string; threadId: string } | undefined {
  let html: string;
  try {
    html = readFileSync(join(dir, 'demo.html'), 'utf8');
  } catch {
    return undefined;
  }
  html = html.replace(/__MAXLENGTH_(\w+)__/g, (m, field: string) => String(LIMITS[field as keyof typeof LIMITS] ?? m));
  return { html, threadId: /data-thread-id="([^"]+)"/.exec(html)?.[1] ?? 'demo' };
}

/** The demo thread's published comments, oldest first, up to DEMO_MAX_PAGES pages. */
async function demoComments(store: CommentStore, threadId: string): Promise<PublicComment[]> {
  const out: PublicComment[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < DEMO_MAX_PAGES; i++) {
    const page = await store.listThread(DEFAULT_SITE_ID, threadId, { limit: 100, cursor });
    for (const c of page.comments) {
      const view = toPublicView(c);
      if (view) out.push(view);
    }
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return out;
}

/**
 * The reader's own comments on the demo thread that are not published yet, from the ids its form posts left in the
 * cookie. Pending, flagged and spam alike: the author sees the same note whatever the verdict. A comment that is
 * published is in the list already, and one that is gone (deleted, erased) or elsewhere is not shown.
 */
async function ownUnpublished(store: CommentStore, threadId: string, ids: readonly string[]): Promise<PublicComment[]> {
  const found = await Promise.all(ids.map((id) => store.get(id)));
  return found
    .filter((c): c is Comment => c !== null && c.siteId === DEFAULT_SITE_ID && c.threadId === threadId && c.status !== 'published')
    .map(toAuthorView);
}

export function createPagesRouter(deps: PagesDeps): Router {
  const router = Router();
  const dir = deps.publicDir ?? PUBLIC_DIR;
  const js = 'application/javascript; charset=utf-8';
  const css = 'text/css; charset=utf-8';
  const widget = load(dir, 'widget.js', js);
  const dashboard = load(dir, 'dashboard.html', 'text/html; charset=utf-8');
  const dashboardJs = load(dir, 'dashboard.js', js);
  const dashboardCss = load(dir, 'dashboard.css', css);
  const favicon = load(dir, 'favicon.ico', 'image/x-icon');

  router.get('/favicon.ico', (req, res) => send(req, res, favicon, 'public, max-age=86400'));

  if (deps.demoPage) {
    const demo = demoTemplate(dir);
    const demoCss = load(dir, 'demo.css', css);
    router.get('/', async (req, res) => {
      if (!demo) throw notBuilt('demo.html');
      // The no-JS form needs this page's absolute URL to come back to, and shows any error from that round trip.
      const here = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.path}`;
      let status = '';
      const code = typeof req.query.comment_error === 'string' ? req.query.comment_error : '';
      if (code) {
        const fields = typeof req.query.comment_fields === 'string' ? req.query.comment_fields.split(',') : [];
        const names = fields.map((f) => FIELD_LABELS[f]).filter((f): f is string => Boolean(f));
        const msg = ERROR_MESSAGES[code] ?? 'Your comment could not be posted. Please try again.';
        status = `<p class="nojs-status" role="alert">${escapeHtml(msg)}${names.length ? ` (${escapeHtml(names.join(', '))})` : ''}</p>`;
      }
      const postedIds = postedCommentIds(req);
      const [published, own] = await Promise.all([
        demoComments(deps.store, demo.threadId),
        postedIds.length ? ownUnpublished(deps.store, demo.threadId, postedIds) : [],
      ]);
      // An error from the round trip says more than the note about an earlier comment, so it wins the one status line.
      if (own.length && !status) status = `<p class="nojs-status nojs-awaiting" role="status">${escapeHtml(AWAITING_MODERATION)}</p>`;
      const comments = threadHtml(published, own);
      // Functions as replacements, so `$` in a comment is never read as a replacement pattern.
      const html = demo.html
        .replace('__REDIRECT_TO__', () => escapeHtml(here))
        .replace('<!--NOJS_STATUS-->', () => status)
        .replace('<!--NOJS_COMMENTS-->', () => comments);
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      // With the reader's own unpublished comment in it, the page is theirs alone.
      res.setHeader('Cache-Control', own.length ? 'private, no-store' : 'no-cache');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.send(html);
    });
    router.get('/demo.css', (req, res) => send(req, res, demoCss, 'public, max-age=300'));
  }

  router.get('/widget.js', (req, res) => {
    // Embedded by other sites: allow cross-origin loading; short max-age so updates roll out, ETag for cheap revalidation.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    send(req, res, widget, 'public, max-age=300, stale-while-revalidate=86400');
  });

  const dashboardHeaders = (res: Response): void => {
    res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
  };
  router.get('/moderation', (req, res) => {
    dashboardHeaders(res);
    send(req, res, dashboard, 'no-store');
  });
  router.get('/moderation/dashboard.js', (req, res) => {
    dashboardHeaders(res);
    send(req, res, dashboardJs, 'no-cache');
  });
  router.get('/moderation/dashboard.css', (req, res) => {
    dashboardHeaders(res);
    send(req, res, dashboardCss, 'no-cache');
  });

  return router;
}
