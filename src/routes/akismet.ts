/**
 * Akismet-compatible REST protocol (1.1), so existing Akismet clients work unchanged with the site's
 * API key as the Akismet key: form-encoded POSTs, plain-text answers. The key comes as `api_key`
 * (or `key` for verify-key), or as the first label of the Host header (`<key>.comments.example.com`).
 */
import { Router, type Request, type Response } from 'express';
import { RateLimitedError } from '../errors.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import { hashApiKey, looksLikeApiKey } from '../sites/api-key.ts';
import type { SiteRegistry } from '../sites/site-registry.ts';
import type { Site } from '../../models/site.ts';
import { fromAkismet, missingParameter } from '../comments/akismet-fields.ts';
import { AKISMET_THANKS } from '../contract/akismet.ts';
import { asFields, illFormedFields } from '../contract/read-fields.ts';
import { checkComment, type CheckDeps } from '../comments/check-comment.ts';
import { learnFeedback } from '../comments/learn-feedback.ts';
import { formParser } from '../http/body-parsers.ts';

export interface AkismetDeps extends Omit<CheckDeps, 'thresholds'> {
  sites: SiteRegistry;
  siteRateLimiter?: RateLimiter | undefined;
}

/** Akismet's guaranteed-spam test author and always-ham test role. */
const GUARANTEED_SPAM_AUTHOR = 'akismet-guaranteed-spam';
const ALWAYS_HAM_ROLE = 'administrator';

function text(res: Response, body: string, headers: Record<string, string> = {}): void {
  res.status(200).set({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers }).send(body);
}

/** `invalid` with the reason in X-akismet-debug-help, as Akismet answers a bad request. */
function invalid(res: Response, help: string): void {
  text(res, 'invalid', { 'X-akismet-debug-help': help });
}

function keyFromHost(req: Request): string | undefined {
  const host = (req.get('host') ?? '').replace(/:\d+$/, '');
  const labels = host.split('.');
  return labels.length > 1 && labels[0] ? labels[0] : undefined;
}

function form(req: Request): Record<string, unknown> {
  return asFields(req.body);
}

// Never echo a client's parameter name into the header: it may hold characters a header can't.
const ILL_FORMED = 'A parameter is not well-formed Unicode';

export function akismetRouter(deps: AkismetDeps): Router {
  const router = Router();
  const checkDeps: CheckDeps = { ...deps, thresholds: (siteId) => deps.sites.thresholds(siteId) };
  const parse = formParser();

  /** The site for the request's key, or undefined after answering `invalid`. Per-key rate limited. */
  async function site(req: Request, res: Response, params: readonly string[]): Promise<Site | undefined> {
    const body = form(req);
    if (illFormedFields(body).length > 0) {
      invalid(res, ILL_FORMED);
      return undefined;
    }
    const given = [body.api_key, body.key].find((k): k is string => typeof k === 'string' && k.trim() !== '')?.trim() ?? keyFromHost(req);
    if (!given) {
      invalid(res, 'Empty "api_key" value');
      return undefined;
    }
    const found = looksLikeApiKey(given) ? await deps.sites.byKey(given) : undefined;
    if (!found) {
      invalid(res, 'Your API key is invalid');
      return undefined;
    }
    const missing = missingParameter(body, params);
    if (missing) {
      invalid(res, `Empty "${missing}" value`);
      return undefined;
    }
    if (deps.siteRateLimiter) {
      const r = await deps.siteRateLimiter.consume(`key:${hashApiKey(given).slice(0, 24)}`);
      if (!r.allowed) {
        throw new RateLimitedError(`Too many requests; try again in ${r.retryAfterSeconds} s`, r.retryAfterSeconds);
      }
    }
    return found;
  }

  router.post('/1.1/verify-key', parse, async (req, res) => {
    const body = form(req);
    if (illFormedFields(body).length > 0) return invalid(res, ILL_FORMED);
    const given = [body.key, body.api_key].find((k): k is string => typeof k === 'string' && k.trim() !== '')?.trim() ?? keyFromHost(req);
    if (!given) return invalid(res, 'Empty "key" value');
    if (!(looksLikeApiKey(given) && (await deps.sites.byKey(given)))) return invalid(res, 'Your API key is invalid');
    if (missingParameter(body, ['blog'])) return invalid(res, 'Empty "blog" value');
    text(res, 'valid');
  });

  router.post('/1.1/comment-check', parse, async (req, res) => {
    const found = await site(req, res, ['blog', 'user_ip']);
    if (!found) return;
    const c = fromAkismet(req.body);
    if (c.author.toLowerCase() === GUARANTEED_SPAM_AUTHOR) return text(res, 'true');
    if (c.userRole === ALWAYS_HAM_ROLE) return text(res, 'false');
    const result = await checkComment(checkDeps, { ...c.text, siteId: found.id, ip: c.ip, userAgent: c.userAgent, signals: c.signals });
    if (result.verdict === 'publish') return text(res, 'false');
    // Blatant spam: the client may drop it without showing anyone, as Akismet's pro-tip says.
    text(res, 'true', result.verdict === 'reject' ? { 'X-akismet-pro-tip': 'discard' } : {});
  });

  for (const label of ['spam', 'ham'] as const) {
    router.post(`/1.1/submit-${label}`, parse, async (req, res) => {
      const found = await site(req, res, ['blog', 'user_ip']);
      if (!found) return;
      const c = fromAkismet(req.body);
      // Test traffic never teaches; neither does an empty comment.
      if (!c.isTest && c.text.comment) await learnFeedback(deps.learning, found.id, label, c.text);
      text(res, AKISMET_THANKS);
    });
  }

  return router;
}
