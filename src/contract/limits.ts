/**
 * Every size limit of the HTTP contract, in one place: the validators, the generated OpenAPI document
 * and the browser code (form maxlength attributes, client-side checks) all read them from here.
 */

/** The reply form's fields, in characters after cleaning (trim, NFC). */
export const LIMITS = { threadId: 200, name: 100, email: 254, comment: 10_000, website: 200 } as const;

/** Facts a site backend may state for its reader (userIp, userAgent, …), in characters after trimming. */
export const FACT_LIMITS = { userIp: 45, userAgent: 500, referrer: 2000, permalink: 2000, commentType: 40 } as const;

/** Other identifiers clients send. */
export const ID_LIMITS = {
  /** Comment ids are short; anything longer can't be a published parent. */
  parentId: 64,
  /** A comment id of this service (commentId in POST /api/v1/feedback). */
  commentId: 64,
  /** A backend's own comment id in POST /api/v1/feedback; longer ones are ignored. */
  feedbackId: 200,
  /** Akismet's honeypot_field_name. */
  honeypotFieldName: 100,
  /** Akismet's user_role. */
  userRole: 40,
} as const;

/**
 * How deeply a JSON body may nest. Every body the API reads is a flat object; the bound keeps anything
 * recursive (fingerprinting, logging, serialising) away from client-chosen depths.
 */
export const MAX_BODY_DEPTH = 20;
