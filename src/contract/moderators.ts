/** Request and response schemas of the moderator accounts, sign-in sessions and the audit trail. */
import { z } from 'zod';
import { documented } from './registry.ts';
import { MODERATOR_ROLES } from '../../models/moderator.ts';
import { WouldHave } from './responses.ts';
import { MODERATION_MODES } from '../../models/site.ts';

export const ModerationModeRequest = documented(z.strictObject({ mode: z.enum(MODERATION_MODES) }), { id: 'ModerationModeRequest' });

export const ModerationModeView = documented(
  z.strictObject({ siteId: z.string(), mode: z.enum(MODERATION_MODES) }),
  { id: 'SiteModerationMode' },
);

export const SignInRequest = documented(
  z.strictObject({
    name: z.string().min(1).max(64),
    password: z.string().min(1).max(1024),
  }),
  { id: 'SignInRequest' },
);

export const ModeratorView = documented(
  z.strictObject({
    id: z.string(),
    name: z.string(),
    role: z.enum(MODERATOR_ROLES),
    sites: z.array(z.string()).describe('Site ids a `moderator` may decide on (empty for admins, who may decide on all)'),
  }),
  { id: 'Moderator' },
);

export const SessionView = documented(
  z.strictObject({
    moderator: ModeratorView,
    csrfToken: z.string().nullable().describe('Send it as X-CSRF-Token on every state-changing request made with the session cookie; null without a session'),
    expiresAt: z.string().nullable(),
  }),
  { id: 'Session' },
);

/** An optional note a moderator types with a decision; it goes to the audit trail. */
export const DecisionRequest = documented(
  z.object({ note: z.string().max(500).optional().describe('Why, in the moderator\'s words; recorded in the audit trail') }),
  { id: 'DecisionRequest' },
);

export const AuditEntryView = documented(
  z.strictObject({
    id: z.string(),
    commentId: z.string(),
    siteId: z.string(),
    at: z.string(),
    actor: z.string().describe('A moderator id, `moderator` (MODERATOR_TOKEN), `classifier`, `rule:<name>` or `site-backend:<site>`'),
    actorName: z.string().nullable().describe('The moderator\'s name when a moderator decided'),
    from: z.enum(['pending', 'published', 'flagged', 'spam']).nullable(),
    to: z.enum(['pending', 'published', 'flagged', 'spam', 'deleted']),
    reasons: z.array(z.string()),
    note: z.string().nullable(),
    wouldHave: WouldHave.optional().describe('When a shadow or hold-all mode decided (reasons start with `mode:<mode>`): what the filter would have done'),
  }),
  { id: 'AuditEntry' },
);

export const CommentHistory = documented(
  z.strictObject({ commentId: z.string(), entries: z.array(AuditEntryView).describe('Oldest first') }),
  { id: 'CommentHistory' },
);

export const AuditPage = documented(
  z.strictObject({ entries: z.array(AuditEntryView).describe('Newest first'), nextCursor: z.string().nullable() }),
  { id: 'AuditPage' },
);
