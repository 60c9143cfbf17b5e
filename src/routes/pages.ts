/**
 * Pages router: serves the demo article (GET /), the embeddable widget script (GET /widget.js) and the
 * moderator dashboard (GET /moderation) with its assets, all from src/public. Files are read once at startup.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Router, type Request, type Response } from 'express';

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

interface Asset {
  body: Buffer;
  etag: string;
  type: string;
}

function load(file: string, type: string): Asset {
  const body = readFileSync(PUBLIC_DIR + file);
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`, type };
}

/** Sends a static asset with an ETag so revalidation is a cheap 304. */
function send(req: Request, res: Response, asset: Asset, cacheControl: string): void {
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

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
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

export function createPagesRouter(): Router {
  const router = Router();
  const demo = readFileSync(PUBLIC_DIR + 'demo.html', 'utf8');
  const widget = load('widget.js', 'application/javascript; charset=utf-8');
  const demoCss = load('demo.css', 'text/css; charset=utf-8');
  const dashboard = load('dashboard.html', 'text/html; charset=utf-8');
  const dashboardJs = load('dashboard.js', 'application/javascript; charset=utf-8');
  const dashboardCss = load('dashboard.css', 'text/css; charset=utf-8');

  router.get('/', (req, res) => {
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
    const html = demo.replace('__REDIRECT_TO__', escapeHtml(here)).replace('<!--NOJS_STATUS-->', status);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(html);
  });

  router.get('/demo.css', (req, res) => send(req, res, demoCss, 'public, max-age=300'));

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
