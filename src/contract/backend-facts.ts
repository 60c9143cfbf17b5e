/**
 * The request facts a site backend may state for its reader (userIp, userAgent, referrer, permalink,
 * commentType). Only keyed calls may set them; the same fields ride along on /comments, /check and /feedback.
 */
import { z } from 'zod';
import { FACT_LIMITS } from './limits.ts';
import { documented } from './registry.ts';
import { factText, isIpAddress } from './text-fields.ts';

const COMMENT_TYPE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** Blank means "not stated": the service falls back to what it sees itself. */
const blankIsAbsent = (v: string | undefined) => v || undefined;

export const BackendFacts = documented(
  z.object({
    userIp: documented(
      factText('userIp', FACT_LIMITS.userIp).refine((v) => v === '' || isIpAddress(v), 'userIp must be an IPv4 or IPv6 address'),
      { description: 'IPv4 or IPv6', anyOf: [{ pattern: '^\\s*$' }, { format: 'ipv4' }, { format: 'ipv6' }] },
    )
      .optional()
      .transform(blankIsAbsent),
    userAgent: factText('userAgent', FACT_LIMITS.userAgent).optional().transform(blankIsAbsent),
    referrer: factText('referrer', FACT_LIMITS.referrer).optional().transform(blankIsAbsent),
    permalink: factText('permalink', FACT_LIMITS.permalink).optional().transform(blankIsAbsent),
    commentType: documented(
      factText('commentType', FACT_LIMITS.commentType)
        .overwrite((v) => v.toLowerCase())
        .refine((v) => v === '' || COMMENT_TYPE.test(v), 'commentType: letters, digits, - and _ (e.g. comment, reply, forum-post, contact-form)'),
      { description: 'comment, reply, forum-post, contact-form, …', pattern: '^\\s*$|^\\s*[A-Za-z0-9][A-Za-z0-9_-]*\\s*$' },
    )
      .optional()
      .transform(blankIsAbsent),
  }),
  { id: 'BackendFacts', description: 'Only honoured with a site key: they replace what the service sees on the connection.' },
);

export type BackendFactFields = z.output<typeof BackendFacts>;
