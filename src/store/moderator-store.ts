/**
 * The moderator store boundary: accounts, their personal API tokens (kept as hashes) and their sign-in
 * sessions (kept as hashes, expiring), and the log of changes to accounts, each written in the same step as
 * the change it records. redis-moderator-store.ts is the implementation; the in-memory one serves the fast tests.
 */
import type { AccountAction, Moderator, ModeratorRole } from '../../models/moderator.ts';

export interface NewModerator {
  name: string;
  role: ModeratorRole;
  sites: string[];
  passwordHash: string | null;
}

export interface ModeratorPatch {
  role?: ModeratorRole;
  sites?: string[];
  passwordHash?: string | null;
  disabled?: boolean;
}

/** A signed-in dashboard session, found by the sha256 of its cookie value. */
export interface Session {
  moderatorId: string;
  /** Sent back by the dashboard in X-CSRF-Token on every state-changing request. */
  csrfToken: string;
  expiresAt: string;
}

/** A name already taken, or a malformed input the store refuses. `field` names the input at fault, when one is. */
export class ModeratorInputError extends Error {
  override name = 'ModeratorInputError';

  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Another moderator already has this name (names are unique regardless of case). */
export class ModeratorNameTakenError extends ModeratorInputError {
  override name = 'ModeratorNameTakenError';

  constructor(name: string) {
    super(`a moderator named "${name}" already exists`, 'name');
  }
}

/** No such moderator. */
export class ModeratorNotFoundError extends ModeratorInputError {
  override name = 'ModeratorNotFoundError';
}

/** What is shown of a personal API token: never the token, nor its whole hash. */
export interface ApiTokenInfo {
  /** The first 16 hex digits of the token's SHA-256: names the token for revocation without revealing it. */
  id: string;
  /** The token's first characters (`cmt_` and four more), so its holder can tell which one it is; null for older tokens. */
  prefix: string | null;
  /** What the token is for, as given when it was issued. */
  label: string | null;
  /** Null for tokens issued before creation times were kept. */
  createdAt: string | null;
}

/** What is kept of a token besides its hash. */
export type TokenMeta = Omit<ApiTokenInfo, 'id'>;

/** The hex digits of a token's SHA-256 that make its id. */
export const TOKEN_ID_LENGTH = 16;

export const tokenIdOf = (tokenHash: string): string => tokenHash.slice(0, TOKEN_ID_LENGTH);

export type { AccountAction };

/** A change to a moderator account as the caller describes it; the store adds the account's id, the entry's id and time. */
export interface AccountChange {
  /** Who made it: a moderator id, `moderator` (MODERATOR_TOKEN) or `cli` (`npm run moderators`). */
  actor: string;
  /** The acting moderator's name, or the operating-system user who ran the CLI; null when unknown. */
  actorName: string | null;
  action: AccountAction;
  /** The name of the account changed. */
  moderatorName: string;
  /** What changed: the new role or sites, a token's id and label, how many tokens were revoked. Never a secret. */
  detail: Record<string, unknown>;
}

export interface AccountChangeEntry extends AccountChange {
  id: string;
  at: string;
  /** The account changed. */
  moderatorId: string;
}

export interface AccountChangePage {
  /** Newest first. */
  entries: AccountChangeEntry[];
  nextCursor: string | null;
}

export interface ModeratorStore {
  /** Names are unique regardless of case; a taken name → ModeratorNameTakenError. `change` is logged with the account. */
  create(input: NewModerator, change?: AccountChange): Promise<Moderator>;
  get(id: string): Promise<Moderator | null>;
  /** Case-insensitive. */
  getByName(name: string): Promise<Moderator | null>;
  /** Oldest first. */
  list(): Promise<Moderator[]>;
  /** Null for an unknown id (and nothing is logged); `change` is logged in the same step as the patch. */
  update(id: string, patch: ModeratorPatch, change?: AccountChange): Promise<Moderator | null>;
  /** Registers a personal API token by its hash. False when the moderator does not exist (and nothing is logged). */
  addToken(moderatorId: string, tokenHash: string, meta?: TokenMeta, change?: AccountChange): Promise<boolean>;
  /** The moderator id a token hash belongs to, or null (unknown or revoked). */
  moderatorIdForToken(tokenHash: string): Promise<string | null>;
  /** The moderator's tokens that still work, oldest first (tokens without a creation time first). */
  listTokens(moderatorId: string): Promise<ApiTokenInfo[]>;
  /** Revokes one token of the moderator by its id; false when it has no such token (and nothing is logged). */
  revokeToken(moderatorId: string, tokenId: string, change?: AccountChange): Promise<boolean>;
  /** Revokes every token of the moderator; returns how many there were. `change` is logged only when there were some. */
  revokeTokens(moderatorId: string, change?: AccountChange): Promise<number>;
  /** The log of account changes, newest first; `moderatorId` keeps one account's. */
  listChanges(filter: { moderatorId?: string | undefined; sinceMs?: number | undefined }, page: { limit: number; cursor?: string | undefined }): Promise<AccountChangePage>;
  createSession(sessionHash: string, session: Session, ttlSeconds: number): Promise<void>;
  /** Null when unknown, signed out or expired. */
  getSession(sessionHash: string): Promise<Session | null>;
  deleteSession(sessionHash: string): Promise<void>;
  /** Ends every session of the moderator; returns how many there were. */
  deleteSessions(moderatorId: string): Promise<number>;
}
