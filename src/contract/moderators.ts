/** Request and response schemas of the moderator accounts, sign-in sessions and the audit trail. */
import { z } from 'zod';
import { documented } from './registry.ts';
import { MODERATOR_ROLES } from '../../models/moderator.ts';

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
  z.strictObject({ note: z.string().max(500).optional() }),
  { id: 'DecisionRequest' },
);
