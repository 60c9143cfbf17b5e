/**
 * The OpenAPI 3.1 description of every HTTP endpoint: its schemas, errors and auth. Served at
 * GET /api/v1/openapi.json; test/openapi-conformance.test.ts checks real responses against it, so
 * a change to a route that is not reflected here fails the suite.
 */

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ 'application/json': { schema } });
const text = (schema: Json = { type: 'string' }) => ({ 'text/plain': { schema } });
const errorResponse = (description: string, headers?: Json) => ({ description, content: json(ref('Error')), ...(headers ? { headers } : {}) });
const retryAfter = { 'Retry-After': { schema: { type: 'string' }, description: 'Seconds to wait before retrying' } };

const E = {
  400: errorResponse('Malformed body or invalid query'),
  validation: {
    description: 'Validation failed (`fields` names every failing field), or a malformed body',
    content: json({ anyOf: [ref('ValidationError'), ref('Error')] }),
  },
  401: errorResponse('Missing or invalid credentials', { 'WWW-Authenticate': { schema: { type: 'string' } } }),
  403: errorResponse('Wrong moderator token'),
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
const limitParam = { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } };
const cursorParam = { name: 'cursor', in: 'query', schema: { type: 'string', maxLength: 100 }, description: 'nextCursor of the previous page' };
const siteIdQuery = { name: 'siteId', in: 'query', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' }, description: 'Only this site' };
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  description: 'Same key and body within 24 h → the first response again (with `Idempotent-Replayed: true`), nothing done twice; same key, other body → 422.',
};

const moderator = [{ moderatorToken: [] }];
const siteKey = [{ siteKey: [] }];

const akismetForm = (required: string[], extra: Json = {}) => ({
  required: true,
  content: {
    'application/x-www-form-urlencoded': {
      schema: {
        type: 'object',
        required,
        properties: {
          api_key: { type: 'string', description: 'The site API key (or give it as the first label of the Host header)' },
          blog: { type: 'string', description: 'The front page of the site' },
          user_ip: { type: 'string' },
          user_agent: { type: 'string' },
          referrer: { type: 'string' },
          permalink: { type: 'string' },
          comment_type: { type: 'string' },
          comment_author: { type: 'string', description: '`akismet-guaranteed-spam` is always spam' },
          comment_author_email: { type: 'string' },
          comment_author_url: { type: 'string' },
          comment_content: { type: 'string' },
          comment_date_gmt: { type: 'string' },
          comment_post_modified_gmt: { type: 'string' },
          blog_lang: { type: 'string' },
          blog_charset: { type: 'string' },
          user_role: { type: 'string', description: '`administrator` is always ham' },
          is_test: { type: 'string', description: 'Test calls never teach the model' },
          honeypot_field_name: { type: 'string', description: 'Name of a hidden form field, sent along with its value' },
          recheck_reason: { type: 'string' },
          ...extra,
        },
        additionalProperties: { type: 'string' },
      },
    },
  },
});

const akismetInvalid = {
  'X-akismet-debug-help': { schema: { type: 'string' }, description: 'Only on `invalid`: what is missing or wrong' },
};

export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Comment moderation service',
      version: '1.0.0',
      description:
        'Reply intake, spam scoring and moderation for many sites. Public (widget) endpoints need no credentials; site backends authenticate with their site key; moderators with the moderator token. Webhook events are POSTed to each site\'s webhook URL (see `components.schemas.WebhookEvent`) with `X-Webhook-Id`, `X-Webhook-Timestamp` and `X-Webhook-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        siteKey: { type: 'http', scheme: 'bearer', description: 'A site API key from `npm run sites -- add`' },
        moderatorToken: { type: 'http', scheme: 'bearer', description: 'MODERATOR_TOKEN' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error', 'message'],
          properties: { error: { type: 'string' }, message: { type: 'string' } },
        },
        ValidationError: {
          type: 'object',
          required: ['error', 'message', 'fields'],
          properties: {
            error: { const: 'validation_failed' },
            message: { type: 'string' },
            fields: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
        CommentSubmission: {
          type: 'object',
          required: ['threadId', 'name', 'email', 'comment'],
          properties: {
            threadId: { type: 'string', minLength: 1, maxLength: 200 },
            name: { type: 'string', minLength: 1, maxLength: 100 },
            email: { type: 'string', format: 'email', maxLength: 254 },
            comment: { type: 'string', minLength: 1, maxLength: 10000 },
            website: { type: 'string', format: 'uri', maxLength: 200 },
            parentId: { type: 'string', description: 'A published comment in the same thread' },
            formToken: { type: 'string', description: 'From GET /api/v1/form-token (widget only)' },
          },
        },
        BackendFacts: {
          type: 'object',
          description: 'Only honoured with a site key: they replace what the service sees on the connection.',
          properties: {
            userIp: { type: 'string', description: 'IPv4 or IPv6' },
            userAgent: { type: 'string', maxLength: 500 },
            referrer: { type: 'string', maxLength: 2000 },
            permalink: { type: 'string', maxLength: 2000 },
            commentType: { type: 'string', description: 'comment, reply, forum-post, contact-form, …' },
          },
        },
        CheckRequest: {
          allOf: [
            ref('BackendFacts'),
            {
              type: 'object',
              required: ['comment'],
              properties: {
                comment: { type: 'string', minLength: 1, maxLength: 10000 },
                name: { type: 'string', maxLength: 100 },
                email: { type: 'string', format: 'email' },
                website: { type: 'string', format: 'uri' },
                threadId: { type: 'string', maxLength: 200 },
              },
            },
          ],
        },
        FeedbackRequest: {
          allOf: [
            ref('CheckRequest'),
            {
              type: 'object',
              required: ['label'],
              properties: {
                label: { enum: ['spam', 'ham'] },
                id: { type: 'string', maxLength: 200, description: "The backend's own comment id: the same id again with the other label reverses the lesson" },
              },
            },
          ],
        },
        Accepted: {
          type: 'object',
          required: ['id', 'status'],
          additionalProperties: false,
          properties: { id: { type: 'string' }, status: { const: 'pending' } },
        },
        PublicComment: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'threadId', 'parentId', 'name', 'website', 'comment', 'createdAt', 'status'],
          properties: {
            id: { type: 'string' },
            threadId: { type: 'string' },
            parentId: { type: ['string', 'null'] },
            name: { type: 'string' },
            website: { type: ['string', 'null'] },
            comment: { type: 'string' },
            createdAt: { type: 'string', format: 'date-time' },
            status: { enum: ['published', 'pending'] },
          },
        },
        FullComment: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'siteId', 'threadId', 'parentId', 'name', 'email', 'website', 'comment', 'createdAt', 'status', 'spamScore', 'reasons', 'ip', 'userAgent', 'decidedAt', 'decidedBy'],
          properties: {
            id: { type: 'string' },
            siteId: { type: 'string' },
            threadId: { type: 'string' },
            parentId: { type: ['string', 'null'] },
            name: { type: 'string' },
            email: { type: 'string' },
            website: { type: ['string', 'null'] },
            comment: { type: 'string' },
            createdAt: { type: 'string', format: 'date-time' },
            status: { enum: ['pending', 'published', 'flagged', 'spam'] },
            spamScore: { type: ['number', 'null'], minimum: 0, maximum: 1 },
            reasons: { type: 'array', items: { type: 'string' } },
            ip: { type: ['string', 'null'] },
            userAgent: { type: ['string', 'null'] },
            decidedAt: { type: ['string', 'null'], format: 'date-time' },
            decidedBy: { enum: ['classifier', 'moderator', null] },
          },
        },
        WebhookComment: {
          type: 'object',
          additionalProperties: false,
          description: 'The full record, without email, ip and userAgent unless the site opted in to them.',
          required: ['id', 'siteId', 'threadId', 'parentId', 'name', 'website', 'comment', 'createdAt', 'status', 'spamScore', 'reasons', 'decidedAt', 'decidedBy'],
          properties: {
            id: { type: 'string' },
            siteId: { type: 'string' },
            threadId: { type: 'string' },
            parentId: { type: ['string', 'null'] },
            name: { type: 'string' },
            email: { type: 'string' },
            website: { type: ['string', 'null'] },
            comment: { type: 'string' },
            createdAt: { type: 'string', format: 'date-time' },
            status: { enum: ['pending', 'published', 'flagged', 'spam'] },
            spamScore: { type: ['number', 'null'], minimum: 0, maximum: 1 },
            reasons: { type: 'array', items: { type: 'string' } },
            ip: { type: ['string', 'null'] },
            userAgent: { type: ['string', 'null'] },
            decidedAt: { type: ['string', 'null'], format: 'date-time' },
            decidedBy: { enum: ['classifier', 'moderator', null] },
          },
        },
        PublicPage: {
          type: 'object',
          additionalProperties: false,
          required: ['comments', 'nextCursor'],
          properties: { comments: { type: 'array', items: ref('PublicComment') }, nextCursor: { type: ['string', 'null'] } },
        },
        FullPage: {
          type: 'object',
          additionalProperties: false,
          required: ['comments', 'nextCursor'],
          properties: { comments: { type: 'array', items: ref('FullComment') }, nextCursor: { type: ['string', 'null'] } },
        },
        Stats: {
          type: 'object',
          required: ['counts', 'model', 'learned'],
          properties: {
            counts: {
              type: 'object',
              required: ['pending', 'published', 'flagged', 'spam'],
              properties: Object.fromEntries(['pending', 'published', 'flagged', 'spam'].map((s) => [s, { type: 'integer', minimum: 0 }])),
            },
            model: {
              type: 'object',
              required: ['version', 'baseVersion', 'baseDocuments', 'learnedVersion'],
              properties: { version: { type: 'string' }, baseVersion: { type: 'string' }, baseDocuments: { type: 'integer' }, learnedVersion: { type: 'integer' } },
            },
            learned: {
              type: 'object',
              required: ['documents', 'spam', 'ham'],
              properties: { documents: { type: 'integer' }, spam: { type: 'integer' }, ham: { type: 'integer' } },
            },
          },
        },
        CheckResult: {
          type: 'object',
          additionalProperties: false,
          required: ['spamScore', 'verdict', 'reasons'],
          properties: {
            spamScore: { type: 'number', minimum: 0, maximum: 1 },
            verdict: { enum: ['publish', 'flag', 'reject'], description: 'What the worker would do: publish, flag for a moderator, or reject as spam (per-site thresholds apply)' },
            reasons: { type: 'array', items: { type: 'string' } },
          },
        },
        FeedbackResult: {
          type: 'object',
          additionalProperties: false,
          required: ['siteId', 'label', 'learned'],
          properties: { siteId: { type: 'string' }, label: { enum: ['spam', 'ham'] }, learned: { type: 'boolean', description: 'False when this lesson was already learned' } },
        },
        WebhookDelivery: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'siteId', 'commentId', 'type', 'createdAt', 'seq', 'status', 'attempts', 'lastAttemptAt', 'lastStatusCode', 'lastError', 'deliveredAt', 'url'],
          properties: {
            id: { type: 'string', description: 'The event id (X-Webhook-Id)' },
            siteId: { type: 'string' },
            commentId: { type: 'string' },
            type: ref('WebhookEventType'),
            createdAt: { type: 'string', format: 'date-time' },
            seq: { type: 'integer', minimum: 1 },
            status: { enum: ['pending', 'retrying', 'delivered', 'dead'] },
            attempts: { type: 'integer', minimum: 0 },
            lastAttemptAt: { type: ['string', 'null'], format: 'date-time' },
            lastStatusCode: { type: ['integer', 'null'] },
            lastError: { type: ['string', 'null'] },
            deliveredAt: { type: ['string', 'null'], format: 'date-time' },
            url: { type: ['string', 'null'] },
          },
        },
        WebhookEventType: { enum: ['comment.published', 'comment.flagged', 'comment.spam', 'comment.approved', 'comment.deleted'] },
        WebhookEvent: {
          type: 'object',
          description:
            'The body POSTed to a site\'s webhook URL. `comment.email` is present only if the site opted in to emails, `comment.ip` and `comment.userAgent` only if it opted in to client info.',
          required: ['id', 'type', 'createdAt', 'siteId', 'comment'],
          properties: {
            id: { type: 'string' },
            type: ref('WebhookEventType'),
            createdAt: { type: 'string', format: 'date-time' },
            siteId: { type: 'string' },
            comment: ref('WebhookComment'),
          },
        },
      },
    },
    paths: {
      '/healthz': {
        get: { summary: 'Liveness', security: [], responses: { 200: { description: 'The process is up', content: json({ type: 'object', required: ['status'], properties: { status: { const: 'ok' } } }) } } },
      },
      '/readyz': {
        get: {
          summary: 'Readiness: Redis answers',
          security: [],
          responses: {
            200: { description: 'Ready', content: json({ type: 'object', required: ['status'], properties: { status: { const: 'ready' } } }) },
            503: errorResponse('Redis is not answering'),
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
              'application/json': { schema: { allOf: [ref('CommentSubmission'), ref('BackendFacts')] } },
              'application/x-www-form-urlencoded': { schema: ref('CommentSubmission') },
            },
          },
          responses: {
            202: { description: 'Stored as pending and queued for scoring', content: json(ref('Accepted')) },
            303: { description: 'Browser form post: back to the page', headers: { Location: { schema: { type: 'string' } } } },
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
          responses: { 200: { description: 'The public view: never email, IP or score', content: json(ref('PublicComment')) }, 404: E[404], 503: E[503] },
        },
      },
      '/api/v1/threads/{threadId}/comments': {
        get: {
          summary: "A thread's published comments, oldest first",
          description: 'The thread of the site resolved from the site key, or the Origin/Referer, else the default site.',
          security: [{}, { siteKey: [] }],
          parameters: [{ name: 'threadId', in: 'path', required: true, schema: { type: 'string' } }, limitParam, cursorParam],
          responses: { 200: { description: 'One page', content: json(ref('PublicPage')) }, 400: E[400], 401: E[401], 503: E[503] },
        },
      },
      '/api/v1/form-token': {
        get: {
          summary: "The widget's signed render timestamp",
          security: [],
          responses: { 200: { description: 'A token to send back as formToken', content: json({ type: 'object', required: ['token'], additionalProperties: false, properties: { token: { type: 'string' } } }) } },
        },
      },
      '/api/v1/check': {
        post: {
          summary: 'Score a comment the backend keeps itself; stores nothing',
          security: siteKey,
          requestBody: { required: true, content: { 'application/json': { schema: ref('CheckRequest') }, 'application/x-www-form-urlencoded': { schema: ref('CheckRequest') } } },
          responses: { 200: { description: 'The verdict, computed within the request', content: json(ref('CheckResult')) }, 400: E.validation, 401: E[401], 413: E[413], 415: E[415], 429: E[429], 503: E[503] },
        },
      },
      '/api/v1/feedback': {
        post: {
          summary: "Teach this site's classifier that a comment is spam or ham",
          security: siteKey,
          parameters: [idempotencyKey],
          requestBody: { required: true, content: { 'application/json': { schema: ref('FeedbackRequest') }, 'application/x-www-form-urlencoded': { schema: ref('FeedbackRequest') } } },
          responses: { 200: { description: 'Learned (for this site only)', content: json(ref('FeedbackResult')) }, 400: E.validation, 401: E[401], 409: E[409], 413: E[413], 415: E[415], 422: E[422], 429: E[429], 503: E[503] },
        },
      },
      '/api/v1/moderation/comments': {
        get: {
          summary: 'List comments by status (full records)',
          security: moderator,
          parameters: [{ name: 'status', in: 'query', schema: { enum: ['flagged', 'pending', 'published', 'spam'], default: 'flagged' } }, siteIdQuery, limitParam, cursorParam],
          responses: { 200: { description: 'One page', content: json(ref('FullPage')) }, 400: E[400], 401: E[401], 403: E[403], 429: E.guessing, 503: E[503] },
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
          responses: { 200: { description: 'The full record', content: json(ref('FullComment')) }, 401: E[401], 403: E[403], 429: E.guessing, 404: E[404], 503: E[503] },
        },
        delete: {
          summary: 'Delete a comment from every list',
          security: moderator,
          parameters: [idParam],
          responses: { 204: { description: 'Gone (also when it was already gone)' }, 401: E[401], 403: E[403], 429: E.guessing, 503: E[503] },
        },
      },
      '/api/v1/moderation/comments/{id}/approve': {
        post: {
          summary: 'Publish; teaches the site that this is ham. Idempotent.',
          security: moderator,
          parameters: [idParam],
          responses: { 200: { description: 'The full record', content: json(ref('FullComment')) }, 401: E[401], 403: E[403], 429: E.guessing, 404: E[404], 503: E[503] },
        },
      },
      '/api/v1/moderation/comments/{id}/spam': {
        post: {
          summary: 'Mark spam; teaches the site that this is spam. Idempotent.',
          security: moderator,
          parameters: [idParam],
          responses: { 200: { description: 'The full record', content: json(ref('FullComment')) }, 401: E[401], 403: E[403], 429: E.guessing, 404: E[404], 503: E[503] },
        },
      },
      '/api/v1/moderation/stats': {
        get: {
          summary: 'Counts by status and the model in use',
          security: moderator,
          parameters: [siteIdQuery],
          responses: { 200: { description: 'Stats', content: json(ref('Stats')) }, 400: E[400], 401: E[401], 403: E[403], 429: E.guessing, 503: E[503] },
        },
      },
      '/api/v1/moderation/webhooks/deliveries': {
        get: {
          summary: 'Recent webhook deliveries and their status, newest first',
          security: moderator,
          parameters: [siteIdQuery, { name: 'status', in: 'query', schema: { enum: ['pending', 'retrying', 'delivered', 'dead'] } }, limitParam],
          responses: {
            200: { description: 'Deliveries', content: json({ type: 'object', required: ['deliveries'], additionalProperties: false, properties: { deliveries: { type: 'array', items: ref('WebhookDelivery') } } }) },
            400: E[400],
            401: E[401],
            403: E[403], 429: E.guessing,
            503: E[503],
          },
        },
      },
      '/api/v1/moderation/webhooks/deliveries/{id}/redeliver': {
        post: {
          summary: 'Deliver an event again (same id, same body, new timestamp and signature)',
          security: moderator,
          parameters: [idParam],
          responses: { 202: { description: 'Queued', content: json(ref('WebhookDelivery')) }, 401: E[401], 403: E[403], 429: E.guessing, 404: E[404], 503: E[503] },
        },
      },
      '/1.1/verify-key': {
        post: {
          summary: 'Akismet: is this key valid?',
          security: [],
          requestBody: akismetForm(['blog'], { key: { type: 'string' } }),
          responses: { 200: { description: '`valid` or `invalid`', headers: akismetInvalid, content: text({ enum: ['valid', 'invalid'] }) } },
        },
      },
      '/1.1/comment-check': {
        post: {
          summary: 'Akismet: is this comment spam? Stores nothing.',
          security: [],
          requestBody: akismetForm(['blog', 'user_ip']),
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
              requestBody: akismetForm(['blog', 'user_ip']),
              responses: {
                200: { description: 'Thanks, or `invalid`', headers: akismetInvalid, content: text({ enum: ['Thanks for making the web a better place.', 'invalid'] }) },
                429: E[429],
                503: E[503],
              },
            },
          },
        ]),
      ),
      '/': { get: { summary: 'Demo article with the comment widget', security: [], responses: { 200: { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } } } },
      '/widget.js': { get: { summary: 'The embeddable comment widget', security: [], responses: { 200: { description: 'JavaScript', content: { 'application/javascript': { schema: { type: 'string' } } } }, 304: { description: 'Not modified' } } } },
      '/moderation': { get: { summary: 'Moderator dashboard (asks for the token)', security: [], responses: { 200: { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } } } },
    },
  };
}
