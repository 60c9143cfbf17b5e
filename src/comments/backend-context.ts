/**
 * The request facts a site backend may state for its reader (userIp, userAgent, referrer, permalink,
 * commentType), which replace what the service sees on the connection. Only keyed calls may set them;
 * the same fields feed /check, /feedback and the Akismet adapter. The rules are the contract's
 * (src/contract/backend-facts.ts).
 */
import type { SubmissionContext } from '../../models/comment.ts';
import { readFields } from '../contract/read-fields.ts';
import { BackendFacts as FactsSchema, type BackendFactFields } from '../contract/backend-facts.ts';

export interface BackendFacts {
  ip: string | null;
  userAgent: string | null;
  context: SubmissionContext;
}

export interface Connection {
  ip: string | null;
  userAgent: string | null;
}

/** The stated facts, anything absent falling back to `connection`. */
export function factsFrom(fields: BackendFactFields, connection: Connection): BackendFacts {
  const context: SubmissionContext = {};
  if (fields.referrer) context.referrer = fields.referrer;
  if (fields.permalink) context.permalink = fields.permalink;
  if (fields.commentType) context.commentType = fields.commentType;
  return { ip: fields.userIp ?? connection.ip, userAgent: fields.userAgent ?? connection.userAgent, context };
}

/** Reads the backend facts from a body. Throws a 400 validation_failed naming each bad field. */
export function backendFacts(body: unknown, connection: Connection): BackendFacts {
  return factsFrom(readFields(body, FactsSchema), connection);
}
