/**
 * The moderator model: named accounts with a role, the sites a `moderator` may decide on, and the
 * principal every moderation request acts as (a named moderator, or the MODERATOR_TOKEN bootstrap admin).
 */

/** `admin` may do everything (sites, moderators, every site's comments); `moderator` decides on its sites only. */
export type ModeratorRole = 'admin' | 'moderator';

export const MODERATOR_ROLES: readonly ModeratorRole[] = ['admin', 'moderator'];

/** A stored moderator account. The password hash never leaves the store layer except to be verified. */
export interface Moderator {
  id: string;
  name: string;
  role: ModeratorRole;
  /** Site ids a `moderator` may decide on; ignored for an `admin`. */
  sites: string[];
  disabled: boolean;
  createdAt: string;
  /** scrypt hash (see src/moderators/password.ts), or null when the moderator signs in with API tokens only. */
  passwordHash: string | null;
}

/**
 * Names are what `decidedBy` shows, so they must never read like another decider: no `classifier` or
 * `moderator`, and no colon (`rule:<name>`, `site-backend:<site>`).
 */
export const MODERATOR_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const RESERVED_NAMES = new Set(['classifier', 'moderator', 'admin', 'system']);

/** Why a name is not usable, or null when it is. */
export function moderatorNameProblem(name: string): string | null {
  if (!MODERATOR_NAME_PATTERN.test(name)) return 'name: 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit';
  if (RESERVED_NAMES.has(name.toLowerCase())) return `name: "${name}" is reserved`;
  return null;
}

/** Passwords longer than this are refused, so hashing time stays bounded. */
export const MAX_PASSWORD_LENGTH = 1024;
export const MIN_PASSWORD_LENGTH = 10;
/** Labels say what a personal API token is for in listings. */
export const MAX_TOKEN_LABEL_LENGTH = 100;

/** Who a moderation request acts as. */
export interface Principal {
  /** The moderator id, or `bootstrap` for MODERATOR_TOKEN. */
  id: string;
  /** What `decidedBy` records: the moderator's name, or `moderator` for MODERATOR_TOKEN. */
  name: string;
  role: ModeratorRole;
  /** Sites this principal may see and decide on; `all` for admins. */
  sites: 'all' | readonly string[];
  /** How the request was authenticated: a cookie session needs a CSRF token on state changes. */
  via: 'bootstrap-token' | 'api-token' | 'session';
}

/** The MODERATOR_TOKEN holder: an admin whose decisions read `decidedBy: "moderator"` as they always have. */
export const BOOTSTRAP_PRINCIPAL: Principal = { id: 'bootstrap', name: 'moderator', role: 'admin', sites: 'all', via: 'bootstrap-token' };

export function principalOf(m: Moderator, via: Principal['via']): Principal {
  return { id: m.id, name: m.name, role: m.role, sites: m.role === 'admin' ? 'all' : [...m.sites], via };
}

/** True when the principal may see and decide on this site's comments. */
export function canModerateSite(p: Principal, siteId: string): boolean {
  return p.sites === 'all' || p.sites.includes(siteId);
}

/** What the API and the CLI show of a moderator. */
export function moderatorSummary(m: Moderator): { id: string; name: string; role: ModeratorRole; sites: string[]; disabled: boolean; createdAt: string } {
  return { id: m.id, name: m.name, role: m.role, sites: [...m.sites], disabled: m.disabled, createdAt: m.createdAt };
}

/** What the log of account changes records. */
export const ACCOUNT_ACTIONS = ['add', 'set-password', 'set-role', 'set-sites', 'disable', 'enable', 'token-issued', 'token-revoked', 'tokens-revoked'] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];
