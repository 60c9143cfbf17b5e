/** Request and response schemas of the moderator accounts, sign-in sessions and the audit trail. */
import { z } from 'zod';
import { documented } from './registry.ts';
import { ACCOUNT_ACTIONS, MAX_PASSWORD_LENGTH, MAX_TOKEN_LABEL_LENGTH, MIN_PASSWORD_LENGTH, MODERATOR_NAME_PATTERN, MODERATOR_ROLES } from '../../models/moderator.ts';
import { MODERATION_MODES, SITE_ID_PATTERN } from '../../models/site.ts';
import { WouldHave } from './responses.ts';

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
    actor: z.string().describe('A moderator id, `moderator` (MODERATOR_TOKEN), `classifier`, `rule:<name>`, `site-backend:<site>`, or `retention` (old spam deleted after SPAM_RETENTION_DAYS)'),
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

// ---- managing accounts (admins only) ----

const SiteList = z
  .array(z.string().regex(SITE_ID_PATTERN, 'a site id'))
  .max(1000)
  .describe('Site ids a `moderator` may decide on (ignored for admins)');

/** A moderator account as admins see it; never a password hash or a token. */
export const ModeratorAccount = documented(
  z.strictObject({
    id: z.string(),
    name: z.string(),
    role: z.enum(MODERATOR_ROLES),
    sites: z.array(z.string()).describe('Site ids a `moderator` may decide on (admins decide on all)'),
    disabled: z.boolean(),
    createdAt: z.string(),
  }),
  { id: 'ModeratorAccount' },
);

export const ModeratorList = documented(z.strictObject({ moderators: z.array(ModeratorAccount).describe('Oldest first') }), { id: 'ModeratorList' });

export const NewModeratorRequest = documented(
  z.strictObject({
    name: z
      .string()
      .regex(MODERATOR_NAME_PATTERN, '1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit')
      .describe('What `decidedBy` shows; `classifier`, `moderator`, `admin` and `system` are reserved'),
    role: z.enum(MODERATOR_ROLES),
    sites: SiteList.optional(),
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `At least ${MIN_PASSWORD_LENGTH} characters`)
      .max(MAX_PASSWORD_LENGTH)
      .optional()
      .describe('For the dashboard sign-in; without one the moderator uses personal API tokens only'),
  }),
  { id: 'NewModeratorRequest' },
);

export const ModeratorChangeRequest = documented(
  z
    .strictObject({
      role: z.enum(MODERATOR_ROLES).optional(),
      sites: SiteList.optional(),
      disabled: z.boolean().optional().describe('true ends the moderator\'s sessions and revokes its tokens at once'),
    })
    .refine((v) => v.role !== undefined || v.sites !== undefined || v.disabled !== undefined, 'Change at least one of role, sites, disabled'),
  { id: 'ModeratorChangeRequest', minProperties: 1 },
);

export const PasswordRequest = documented(
  z.strictObject({ password: z.string().min(MIN_PASSWORD_LENGTH, `At least ${MIN_PASSWORD_LENGTH} characters`).max(MAX_PASSWORD_LENGTH) }),
  { id: 'PasswordRequest' },
);

export const IssuedToken = documented(
  z.strictObject({
    token: z.string().describe('Shown this once; use it as `Authorization: Bearer <token>`'),
    id: z.string().describe('The token\'s id, to revoke this one token (DELETE …/tokens/{tokenId})'),
  }),
  { id: 'IssuedToken' },
);

export const NewTokenRequest = documented(
  z.strictObject({ label: z.string().max(MAX_TOKEN_LABEL_LENGTH).optional().describe('What the token is for, shown when tokens are listed') }),
  { id: 'NewTokenRequest' },
);

export const ApiTokenView = documented(
  z.strictObject({
    id: z.string().describe('The first 16 hex digits of the token\'s SHA-256: `printf %s "$TOKEN" | sha256sum | cut -c1-16`'),
    prefix: z.string().nullable().describe('The token\'s first 8 characters; null for tokens issued before they were kept'),
    label: z.string().nullable(),
    createdAt: z.string().nullable(),
  }),
  { id: 'ApiToken' },
);

export const ApiTokenList = documented(z.strictObject({ tokens: z.array(ApiTokenView).describe('The tokens that still work, oldest first') }), { id: 'ApiTokenList' });

export const RevokedTokens = documented(z.strictObject({ revoked: z.number().int().min(0) }), { id: 'RevokedTokens' });

export const AccountChangeView = documented(
  z.strictObject({
    id: z.string(),
    at: z.string(),
    moderatorId: z.string().describe('The account changed'),
    moderatorName: z.string(),
    actor: z.string().describe('Who changed it: an admin\'s moderator id, `moderator` (MODERATOR_TOKEN) or `cli` (`npm run moderators`)'),
    actorName: z.string().nullable().describe('The admin\'s name, or the operating-system user who ran the CLI'),
    action: z.enum(ACCOUNT_ACTIONS),
    detail: z.record(z.string(), z.unknown()).describe('The new role or sites (with `from`), a token\'s id and label, how many tokens were revoked; never a password or a token'),
  }),
  { id: 'AccountChange' },
);

export const AccountChangePage = documented(
  z.strictObject({ entries: z.array(AccountChangeView).describe('Newest first'), nextCursor: z.string().nullable() }),
  { id: 'AccountChangePage' },
);
