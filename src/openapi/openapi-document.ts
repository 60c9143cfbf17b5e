/**
 * The OpenAPI 3.1 description of every HTTP endpoint. The schemas are generated from the zod schemas
 * the API validates with (src/contract/); this file adds what zod can't know: paths, status codes,
 * auth and headers. Served at GET /api/v1/openapi.json; test/openapi-conformance.test.ts checks real
 * requests and responses against it.
 */
import { z } from 'zod';
import { contractRegistry } from '../contract/registry.ts';
import { CommentSubmission, CommentSubmissionForm } from '../contract/submission.ts';
import { BackendFacts } from '../contract/backend-facts.ts';
import { CheckRequest, FeedbackRequest } from '../contract/check.ts';
import { AKISMET_THANKS, AkismetCommentForm, AkismetVerifyKeyForm } from '../contract/akismet.ts';
import * as R from '../contract/responses.ts';
import * as M from '../contract/moderators.ts';
import * as K from '../contract/clusters.ts';
import { SiteRulesBody, SiteRulesView } from '../contract/site-rules.ts';
import { COMMENT_STATUSES } from '../../models/comment.ts';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../http/pagination.ts';

type Json = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

/** A $ref to the component a contract schema is registered as. */
function ref(schema: z.ZodType): Json {
  const id = contractRegistry.get(schema)?.id;
  if (!id) throw new Error('schema is not a registered component');
  return { $ref: `${COMPONENTS}${id}` };
}

/** Every registered contract schema as a component, in its input form (what a client sends). */
function componentSchemas(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(contractRegistry, { io: 'input', metadata: contractRegistry, uri: (id) => `${COMPONENTS}${id}` });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema as Json]),
  );
}

const json = (schema: Json) => ({ 'application/json': { schema } });
const text = (schema: Json = { type: 'string' }) => ({ 'text/plain': { schema } });
const retryAfter = { 'Retry-After': { schema: { type: 'string' }, description: 'Seconds to wait before retrying' } };
const errorResponse = (description: string, headers?: Json) => ({ description, content: json(ref(R.ErrorBody)), ...(headers ? { headers } : {}) });
const ok = (description: string, schema: z.ZodType) => ({ description, content: json(ref(schema)) });

const E = {
  400: errorResponse('Malformed body or invalid query'),
  validation: {
    description: 'Validation failed (`fields` names every failing field), or a malformed body',
    content: json({ anyOf: [ref(R.ValidationErrorBody), ref(R.ErrorBody)] }),
  },
  401: errorResponse('Missing or invalid credentials', { 'WWW-Authenticate': { schema: { type: 'string' } } }),
  403: errorResponse('Wrong moderator token, a session request without its X-CSRF-Token (`csrf_failed`), or an admin-only route'),
  404: errorResponse('Not found'),
  409: errorResponse('A request with the same Idempotency-Key is still in progress', retryAfter),
  413: errorResponse('Body larger than 32 KB'),
  415: errorResponse('Content type other than application/json or application/x-www-form-urlencoded'),
  422: errorResponse('Idempotency-Key reused with a different body'),
  429: errorResponse('Rate limit exceeded', retryAfter),
  guessing: errorResponse('Too many wrong moderator tokens from this client (IP address or IPv6 /64); not checked until Retry-After', retryAfter),
  503: errorResponse('Redis unreachable', retryAfter),
};

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 64 } };
const limitParam = { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } };
const cursorParam = { name: 'cursor', in: 'query', schema: { type: 'string', maxLength: 100 }, description: 'nextCursor of the previous page' };
const siteIdQuery = { name: 'siteId', in: 'query', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' }, description: 'Only this site' };
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  description: 'Same key and body within 24 h → the first response again (with `Idempotent-Replayed: true`), nothing done twice; same key, other body → 422.',
};

// MODERATOR_TOKEN, a moderator's personal token (both bearer), or the dashboard's session cookie.
const moderator = [{ moderatorToken: [] }, { session: [] }];
const siteKey = [{ siteKey: [] }];
const html = { 200: { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } };

/** The same schema for JSON and form bodies. */
const jsonOrForm = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: ref(schema) }, 'application/x-www-form-urlencoded': { schema: ref(schema) } } });
const form = (schema: z.ZodType) => ({ required: true, content: { 'application/x-www-form-urlencoded': { schema: ref(schema) } } });

const akismetInvalid = {
  'X-akismet-debug-help': { schema: { type: 'string' }, description: 'Only on `invalid`: what is missing or wrong' },
};

function paths(): Json {
  return {
    '/healthz': { get: { summary: 'Liveness', security: [], responses: { 200: ok('The process is up', R.Health) } } },
    '/readyz': {
      get: { summary: 'Readiness: Redis answers', security: [], responses: { 200: ok('Ready', R.Readiness), 503: errorResponse('Redis is not answering') } },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics (text exposition format)',
        description: 'Served when metrics are on. With `METRICS_TOKEN` set it needs `Authorization: Bearer <METRICS_TOKEN>`; otherwise it is open, so bind it to a private network.',
        security: [],
        responses: {
          200: { description: 'Metrics', content: text() },
          401: errorResponse('METRICS_TOKEN is set and no token was sent', { 'WWW-Authenticate': { schema: { type: 'string' } } }),
          403: errorResponse('Wrong metrics token'),
        },
      },
    },
    '/api/v1/openapi.json': {
      get: { summary: 'This document', security: [], responses: { 200: { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } } },
    },
    '/api/v1/comments': {
      post: {
        summary: 'Submit a reply (widget, plain HTML form, or a site backend with its key)',
        description:
          'Without a key the site is the one whose allowed origins include the Origin/Referer, else the default site; rate-limited per IP. With a site key: that site, rate-limited per key, and the backend facts (userIp, …) apply. A urlencoded browser form post (Accept not JSON) is answered with a 303 back to the page.',
        security: [{}, { siteKey: [] }],
        parameters: [idempotencyKey],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { allOf: [ref(CommentSubmission), ref(BackendFacts)] } },
            'application/x-www-form-urlencoded': { schema: { allOf: [ref(CommentSubmissionForm), ref(BackendFacts)] } },
          },
        },
        responses: {
          202: ok('Stored as pending and queued for scoring', R.Accepted),
          303: {
            description: 'Browser form post: back to the page',
            headers: {
              Location: { schema: { type: 'string' } },
              'Set-Cookie': {
                description: 'Only when a post succeeds back to the demo article: cm_posted=<id>[.<id>…] (HttpOnly, SameSite=Lax, Max-Age=600)',
                schema: { type: 'string' },
              },
            },
          },
          400: E.validation,
          401: E[401],
          409: E[409],
          413: E[413],
          415: E[415],
          422: E[422],
          429: E[429],
          503: E[503],
        },
      },
    },
    '/api/v1/comments/{id}': {
      get: {
        summary: 'A comment in the public view (spam → 404)',
        security: [],
        parameters: [idParam],
        responses: { 200: ok('The public view: never email, IP or score', R.PublicComment), 404: E[404], 503: E[503] },
      },
    },
    '/api/v1/threads/{threadId}/comments': {
      get: {
        summary: "A thread's published comments, oldest first",
        description: 'The thread of the site resolved from the site key, or the Origin/Referer, else the default site.',
        security: [{}, { siteKey: [] }],
        parameters: [{ name: 'threadId', in: 'path', required: true, schema: { type: 'string' } }, limitParam, cursorParam],
        responses: { 200: ok('One page', R.PublicPage), 400: E[400], 401: E[401], 503: E[503] },
      },
    },
    '/api/v1/form-token': {
      get: { summary: "The widget's signed render timestamp", security: [], responses: { 200: ok('A token to send back as formToken', R.FormToken) } },
    },
    '/api/v1/check': {
      post: {
        summary: 'Score a comment the backend keeps itself; stores nothing',
        security: siteKey,
        requestBody: jsonOrForm(CheckRequest),
        responses: { 200: ok('The verdict, computed within the request', R.CheckResult), 400: E.validation, 401: E[401], 413: E[413], 415: E[415], 429: E[429], 503: E[503] },
      },
    },
    '/api/v1/feedback': {
      post: {
        summary: "Teach this site's classifier that a comment is spam or ham",
        security: siteKey,
        parameters: [idempotencyKey],
        requestBody: jsonOrForm(FeedbackRequest),
        responses: {
          200: ok('Learned (for this site only); with `commentId`, decided too', R.FeedbackResult),
          400: E.validation,
          401: E[401],
          404: errorResponse('`commentId` names no comment of this site'),
          409: errorResponse(
            'A request with the same Idempotency-Key is still in progress (`idempotency_in_progress`, with Retry-After), or a moderator already decided otherwise on `commentId` (`already_decided`)',
            retryAfter,
          ),
          413: E[413],
          415: E[415],
          422: E[422],
          429: E[429],
          503: E[503],
        },
      },
    },
    '/api/v1/moderation/comments': {
      get: {
        summary: 'List comments by status (full records)',
        security: moderator,
        parameters: [
          { name: 'status', in: 'query', schema: { enum: ['flagged', ...COMMENT_STATUSES.filter((s) => s !== 'flagged')], default: 'flagged' } },
          siteIdQuery,
          limitParam,
          cursorParam,
          { name: 'order', in: 'query', schema: { enum: ['oldest', 'newest'], default: 'oldest' }, description: 'Oldest or newest first; pass the same order with a cursor' },
          {
            name: 'q',
            in: 'query',
            schema: { type: 'string', maxLength: 200 },
            description:
              "Only comments whose e-mail, IP address, name or text contains this (case-insensitive). A request reads at most 40 × limit comments of the list, so a page may come back short with a nextCursor to search on",
          },
        ],
        responses: { 200: ok('One page', R.FullPage), 400: E[400], 401: E[401], 403: E[403], 404: errorResponse('A siteId that names no site, or one outside the moderator\'s sites'), 429: E.guessing, 503: E[503] },
      },
    },
    '/api/v1/moderation/sites': {
      get: {
        summary: 'The sites this moderator may see (an admin: every site), by id',
        security: moderator,
        responses: {
          200: {
            description: 'The sites',
            content: json({
              type: 'object',
              additionalProperties: false,
              required: ['sites'],
              properties: {
                sites: {
                  type: 'array',
                  items: { type: 'object', additionalProperties: false, required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
                },
              },
            }),
          },
          401: E[401],
          403: E[403],
          429: E.guessing,
          503: E[503],
        },
      },
    },
    '/api/v1/moderation/authors/{email}': {
      delete: {
        summary: 'Erasure request: delete every comment sent with this email address, on every site, and every trace of its author',
        security: moderator,
        parameters: [{ name: 'email', in: 'path', required: true, schema: { type: 'string', maxLength: 254 }, description: 'Compared case-insensitively' }],
        responses: {
          200: {
            description: 'Erased (also when nothing was there)',
            content: json({ type: 'object', additionalProperties: false, required: ['deletedComments'], properties: { deletedComments: { type: 'integer', minimum: 0 } } }),
          },
          400: E.validation,
          401: E[401],
          403: E[403],
          429: E.guessing,
          503: E[503],
        },
      },
    },
    '/api/v1/moderation/comments/{id}': {
      get: {
        summary: 'A full record',
        security: moderator,
        parameters: [idParam],
        responses: { 200: ok('The full record', R.FullComment), 401: E[401], 403: E[403], 429: E.guessing, 404: E[404], 503: E[503] },
      },
      delete: {
        summary: 'Delete a comment from every list',
        security: moderator,
        parameters: [idParam],
        responses: {
          204: { description: 'Gone (also when it was already gone)' },
          401: E[401],
          403: E[403],
          404: errorResponse('For a moderator limited to some sites: missing, or on another site'),
          429: E.guessing,
          503: E[503],
        },
      },
    },
    '/api/v1/moderation/comments/{id}/approve': {
      post: {
        summary: 'Publish; teaches the site that this is ham. Idempotent.',
        security: moderator,
        parameters: [idParam],
        requestBody: { required: false, content: json(ref(M.DecisionRequest)) },
        responses: { 200: ok('The full record', R.FullComment), 400: E.validation, 401: E[401], 403: E[403], 429: E.guessing, 404: E[404], 503: E[503] },
      },
    },
    '/api/v1/moderation/comments/{id}/spam': {
      post: {
        summary: 'Mark spam; teaches the site that this is spam. Idempotent.',
        security: moderator,
        parameters: [idParam],
        requestBody: { required: false, content: json(ref(M.DecisionRequest)) },
        responses: { 200: ok('The full record', R.FullComment), 400: E.validation, 401: E[401], 403: E[403], 429: E.guessing, 404: E[404], 503: E[503] },
      },
    },
    '/api/v1/moderation/comments/{id}/history': {
      get: {
        summary: 'Every state change of a comment (also after it was deleted): who, when, from → to, why',
        security: moderator,
        parameters: [idParam],
        responses: { 200: ok('Oldest first', M.CommentHistory), 401: E[401], 403: E[403], 404: E[404], 429: E.guessing, 503: E[503] },
      },
    },
    '/api/v1/moderation/audit': {
      get: {
        summary: 'The audit trail, newest first (admins only)',
        security: moderator,
        parameters: [
          { name: 'moderator', in: 'query', schema: { type: 'string', maxLength: 64 }, description: 'A moderator\'s name or id, or `moderator`, `classifier`, `rule:<name>`, `site-backend:<site>`' },
          { name: 'site', in: 'query', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{0,64}$' }, description: 'Only this site' },
          { name: 'since', in: 'query', schema: { type: 'string' }, description: 'ISO 8601 time, or milliseconds since the epoch' },
          limitParam,
          cursorParam,
        ],
        responses: { 200: ok('One page', M.AuditPage), 400: E[400], 401: E[401], 403: E[403], 429: E.guessing, 503: E[503] },
      },
    },
    '/api/v1/session': {
      post: {
        summary: 'Dashboard sign-in with a moderator\'s name and password',
        description:
          'Sets the `cm_session` cookie (HttpOnly, SameSite=Strict, Secure over TLS, Max-Age = SESSION_TTL_SECONDS). Send the returned `csrfToken` as `X-CSRF-Token` with every state-changing request made with the cookie. Failed sign-ins are limited per name and per client (AUTH_FAILURE_LIMIT per AUTH_FAILURE_WINDOW_SECONDS).',
        security: [],
        requestBody: { required: true, content: json(ref(M.SignInRequest)) },
        responses: {
          200: { ...ok('Signed in', M.SessionView), headers: { 'Set-Cookie': { schema: { type: 'string' } } } },
          400: E.validation,
          401: errorResponse('Wrong name or password (`invalid_credentials`)'),
          415: errorResponse('Not a JSON body'),
          429: E[429],
          503: E[503],
        },
      },
      get: {
        summary: 'Who is signed in (or whose token this is), with the session\'s CSRF token',
        security: moderator,
        responses: { 200: ok('The caller', M.SessionView), 401: E[401], 403: E[403], 429: E.guessing, 503: E[503] },
      },
      delete: {
        summary: 'Sign out: ends the session (needs X-CSRF-Token) and clears the cookie',
        security: [{}, { session: [] }],
        responses: { 204: { description: 'Signed out (also without a session)' }, 403: E[403], 503: E[503] },
      },
    },
    '/api/v1/moderation/sites/{siteId}/mode': {
      put: {
        summary: 'Set a site\'s moderation mode (admins only): normal, shadow (publish everything) or hold-all (hold everything)',
        description:
          'In shadow and hold-all mode the filter still scores every comment; its verdict is kept with the comment (`wouldHave`) and compared with moderators\' later decisions in GET /api/v1/moderation/stats (`shadow`). Other processes pick the change up within SITE_REFRESH_MS.',
        security: moderator,
        parameters: [{ name: 'siteId', in: 'path', required: true, schema: { type: 'string', maxLength: 64 } }],
        requestBody: { required: true, content: json(ref(M.ModerationModeRequest)) },
        responses: { 200: ok('The site\'s mode now', M.ModerationModeView), 400: E.validation, 401: E[401], 403: E[403], 404: E[404], 429: E.guessing, 503: E[503] },
      },
    },
    '/api/v1/sites/{id}/rules': {
      get: {
        summary: "A site's rules (admins, and moderators of the site)",
        security: moderator,
        parameters: [idParam],
        responses: { 200: ok('The rules; empty lists for a site without rules', SiteRulesView), 401: E[401], 403: E[403], 404: errorResponse('No such site, or not one of the moderator\'s sites'), 429: E.guessing, 503: E[503] },
      },
      put: {
        summary: "Replace a site's whole rule set (admins only); in force on every process within a few seconds",
        security: moderator,
        parameters: [idParam],
        requestBody: { required: true, content: json(ref(SiteRulesBody)) },
        responses: {
          200: ok('The rules as stored', SiteRulesView),
          400: E.validation,
          401: E[401],
          403: E[403],
          404: errorResponse('No such site, or not one of the moderator\'s sites'),
          413: errorResponse('Body larger than 1 MB'),
          415: errorResponse('Not a JSON body'),
          429: E.guessing,
          503: E[503],
        },
      },
    },
    '/api/v1/moderators': {
      get: {
        summary: 'Every moderator account, oldest first (admins only)',
        security: moderator,
        responses: { 200: ok('The accounts (never a password hash or a token)', M.ModeratorList), 401: E[401], 403: E[403], 429: E.guessing, 503: E[503] },
      },
      post: {
        summary: 'Add a moderator (admins only); as `npm run moderators -- add`',
        security: moderator,
        requestBody: { required: true, content: json(ref(M.NewModeratorRequest)) },
        responses: {
          201: { ...ok('Added', M.ModeratorAccount), headers: { Location: { schema: { type: 'string' } } } },
          400: E.validation,
          401: E[401],
          403: E[403],
          409: errorResponse('The name is taken (`moderator_exists`), regardless of case'),
          415: errorResponse('Not a JSON body'),
          429: E.guessing,
          503: E[503],
        },
      },
    },
    '/api/v1/moderators/changes': {
      get: {
        summary: 'The log of changes to moderator accounts, newest first (admins only)',
        description: 'Every add, password, role, sites, disable and enable, and every token issued or revoked, through the API or `npm run moderators`, with who made it.',
        security: moderator,
        parameters: [
          { name: 'moderator', in: 'query', schema: { type: 'string', maxLength: 64 }, description: 'Only this account\'s changes: a name or an id' },
          { name: 'since', in: 'query', schema: { type: 'string' }, description: 'ISO 8601 time, or milliseconds since the epoch' },
          limitParam,
          cursorParam,
        ],
        responses: { 200: ok('One page', M.AccountChangePage), 400: E[400], 401: E[401], 403: E[403], 429: E.guessing, 503: E[503] },
      },
    },
    '/api/v1/moderators/{id}': {
      get: {
        summary: 'One moderator account (admins only)',
        security: moderator,
        parameters: [idParam],
        responses: { 200: ok('The account', M.ModeratorAccount), 401: E[401], 403: E[403], 404: E[404], 429: E.guessing, 503: E[503] },
      },
      patch: {
        summary: 'Change a moderator\'s role, sites, or disable (ending its sessions and revoking its tokens) or enable it (admins only)',
        description: 'An admin can\'t disable or demote the account it is signed in with (400).',
        security: moderator,
        parameters: [idParam],
        requestBody: { required: true, content: json(ref(M.ModeratorChangeRequest)) },
        responses: { 200: ok('The account as changed', M.ModeratorAccount), 400: E.validation, 401: E[401], 403: E[403], 404: E[404], 415: errorResponse('Not a JSON body'), 429: E.guessing, 503: E[503] },
      },
    },
    '/api/v1/moderators/{id}/password': {
      post: {
        summary: 'Set a moderator\'s dashboard password; ends its sessions (admins only)',
        security: moderator,
        parameters: [idParam],
        requestBody: { required: true, content: json(ref(M.PasswordRequest)) },
        responses: { 200: ok('The account', M.ModeratorAccount), 400: E.validation, 401: E[401], 403: E[403], 404: E[404], 415: errorResponse('Not a JSON body'), 429: E.guessing, 503: E[503] },
      },
    },
    '/api/v1/moderators/{id}/tokens': {
      get: {
        summary: 'The moderator\'s personal API tokens that still work: ids, prefixes and labels, never the tokens (admins only)',
        security: moderator,
        parameters: [idParam],
        responses: { 200: ok('Oldest first', M.ApiTokenList), 401: E[401], 403: E[403], 404: E[404], 429: E.guessing, 503: E[503] },
      },
      post: {
        summary: 'Issue a personal API token for the moderator, shown this once (admins only)',
        description: 'The body is optional: `{"label": "…"}` names what the token is for.',
        security: moderator,
        parameters: [idParam],
        requestBody: { required: false, content: json(ref(M.NewTokenRequest)) },
        responses: { 201: ok('The token; only its hash is kept', M.IssuedToken), 400: E.validation, 401: E[401], 403: E[403], 404: E[404], 429: E.guessing, 503: E[503] },
      },
      delete: {
        summary: 'Revoke every personal API token of the moderator (admins only)',
        security: moderator,
        parameters: [idParam],
        responses: { 200: ok('How many were revoked', M.RevokedTokens), 401: E[401], 403: E[403], 404: E[404], 429: E.guessing, 503: E[503] },
      },
    },
    '/api/v1/moderators/{id}/tokens/{tokenId}': {
      delete: {
        summary: 'Revoke one personal API token of the moderator, by the id its listing shows (admins only)',
        security: moderator,
        parameters: [idParam, { name: 'tokenId', in: 'path', required: true, schema: { type: 'string', maxLength: 64 } }],
        responses: { 200: ok('Revoked: `{"revoked": 1}`', M.RevokedTokens), 401: E[401], 403: E[403], 404: errorResponse('No such moderator, or it has no token with that id'), 429: E.guessing, 503: E[503] },
      },
    },
    '/api/v1/moderation/stats': {
      get: {
        summary: 'Counts by status, the model in use, and the shadow report of sites trying a moderation mode',
        security: moderator,
        parameters: [siteIdQuery],
        responses: { 200: ok('Stats', R.Stats), 400: E[400], 401: E[401], 403: E[403], 404: errorResponse('A siteId that names no site, or one outside the moderator\'s sites'), 429: E.guessing, 503: E[503] },
      },
    },
    '/api/v1/moderation/clusters': {
      get: {
        summary: 'Groups of queued comments that share a network, a link domain, an e-mail domain, or near-duplicate text',
        description: `Among the newest ${K.CLUSTER_WINDOW} comments of the queue on the caller's sites. Free-mail domains (gmail.com, …) never form an e-mail-domain cluster.`,
        security: moderator,
        parameters: [
          { name: 'status', in: 'query', schema: { type: 'string', enum: [...K.QUEUE_STATUSES], default: 'flagged' } },
          { name: 'site', in: 'query', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' }, description: 'Only this site (`siteId` is accepted too)' },
          siteIdQuery,
        ],
        responses: { 200: ok('The clusters, largest first', K.ClusterList), 400: E[400], 401: E[401], 403: E[403], 404: errorResponse("A site id that names no site, or one outside the moderator's sites"), 429: E.guessing, 503: E[503] },
      },
    },
    '/api/v1/moderation/clusters/{id}/decision': {
      post: {
        summary: 'Mark every comment of a cluster spam, or approve them all',
        description:
          'The cluster is computed again from the queue now; only its comments still queued (pending or flagged) and on the caller\'s sites are moved. Each move is recorded in the audit trail, teaches the site\'s classifier and sends its webhook event, as a single decision does.',
        security: moderator,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 400 }, description: 'A cluster id from GET /api/v1/moderation/clusters' }],
        requestBody: { required: true, content: json(ref(K.ClusterDecisionRequest)) },
        responses: { 200: ok('What happened to each comment', K.BulkDecisionResult), 400: E.validation, 401: E[401], 403: E[403], 404: errorResponse('No such cluster in the queue now, a site id that names no site, or one outside the moderator\'s sites'), 429: E.guessing, 503: E[503] },
      },
    },
    '/api/v1/moderation/comments/bulk-decision': {
      post: {
        summary: 'Mark many comments spam, or approve them, in one request',
        description:
          'Only comments still queued (pending or flagged) are moved; others are `skipped`, and missing ones or those on a site the caller does not moderate are `not_found`. Each move is recorded, learned and announced as a single decision is.',
        security: moderator,
        requestBody: { required: true, content: json(ref(K.BulkDecisionRequest)) },
        responses: { 200: ok('What happened to each comment', K.BulkDecisionResult), 400: E.validation, 401: E[401], 403: E[403], 413: errorResponse('Body larger than 256 KB'), 429: E.guessing, 503: E[503] },
      },
    },
    '/api/v1/moderation/webhooks/deliveries': {
      get: {
        summary: 'Recent webhook deliveries and their status, newest first',
        security: moderator,
        parameters: [siteIdQuery, { name: 'status', in: 'query', schema: { enum: R.DeliveryStatus.options } }, limitParam],
        responses: { 200: ok('Deliveries', R.WebhookDeliveryList), 400: E[400], 401: E[401], 403: E[403], 429: E.guessing, 503: E[503] },
      },
    },
    '/api/v1/moderation/webhooks/deliveries/{id}/redeliver': {
      post: {
        summary: 'Deliver an event again (same id, same body, new timestamp and signature)',
        security: moderator,
        parameters: [idParam],
        responses: { 202: ok('Queued', R.WebhookDelivery), 401: E[401], 403: E[403], 429: E.guessing, 404: E[404], 503: E[503] },
      },
    },
    '/1.1/verify-key': {
      post: {
        summary: 'Akismet: is this key valid?',
        security: [],
        requestBody: form(AkismetVerifyKeyForm),
        responses: { 200: { description: '`valid` or `invalid`', headers: akismetInvalid, content: text({ enum: ['valid', 'invalid'] }) } },
      },
    },
    '/1.1/comment-check': {
      post: {
        summary: 'Akismet: is this comment spam? Stores nothing.',
        security: [],
        requestBody: form(AkismetCommentForm),
        responses: {
          200: {
            description: '`true` (spam), `false` (ham) or `invalid`',
            headers: { ...akismetInvalid, 'X-akismet-pro-tip': { schema: { const: 'discard' }, description: 'Blatant spam: safe to discard' } },
            content: text({ enum: ['true', 'false', 'invalid'] }),
          },
          429: E[429],
          503: E[503],
        },
      },
    },
    ...Object.fromEntries(
      (['spam', 'ham'] as const).map((label) => [
        `/1.1/submit-${label}`,
        {
          post: {
            summary: `Akismet: teach the site that this comment is ${label} (never for is_test)`,
            security: [],
            requestBody: form(AkismetCommentForm),
            responses: {
              200: { description: 'Thanks, or `invalid`', headers: akismetInvalid, content: text({ enum: [AKISMET_THANKS, 'invalid'] }) },
              429: E[429],
              503: E[503],
            },
          },
        },
      ]),
    ),
    '/': { get: { summary: 'Demo article with the comment widget', security: [], responses: html } },
    '/widget.js': {
      get: {
        summary: 'The embeddable comment widget',
        security: [],
        responses: { 200: { description: 'JavaScript', content: { 'application/javascript': { schema: { type: 'string' } } } }, 304: { description: 'Not modified' } },
      },
    },
    '/moderation': { get: { summary: 'Moderator dashboard (asks for the token)', security: [], responses: html } },
  };
}

export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Comment moderation service',
      version: '1.0.0',
      description:
        "Reply intake, spam scoring and moderation for many sites. Public (widget) endpoints need no credentials; site backends authenticate with their site key; moderators with the moderator token. Webhook events are POSTed to each site's webhook URL (see `components.schemas.WebhookEvent`) with `X-Webhook-Id`, `X-Webhook-Timestamp` and `X-Webhook-Signature: sha256=<hex HMAC-SHA256 of \"<timestamp>.<raw body>\">`.",
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        siteKey: { type: 'http', scheme: 'bearer', description: 'A site API key from `npm run sites -- add`' },
        moderatorToken: { type: 'http', scheme: 'bearer', description: 'MODERATOR_TOKEN, or a moderator\'s personal token from `npm run moderators -- token`' },
        session: { type: 'apiKey', in: 'cookie', name: 'cm_session', description: 'The dashboard\'s session from POST /api/v1/session; state changes also need X-CSRF-Token' },
      },
      schemas: componentSchemas(),
    },
    paths: paths(),
  };
}
