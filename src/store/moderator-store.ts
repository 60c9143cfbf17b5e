/**
 * The moderator store boundary: accounts, their personal API tokens (kept as hashes) and their sign-in
 * sessions (kept as hashes, expiring). redis-moderator-store.ts is the implementation; the in-memory one
 * serves the fast tests.
 */
import type { Moderator, ModeratorRole } from '../../models/moderator.ts';

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

export interface ModeratorStore {
  /** Names are unique regardless of case; a taken name → ModeratorNameTakenError. */
  create(input: NewModerator): Promise<Moderator>;
  get(id: string): Promise<Moderator | null>;
  /** Case-insensitive. */
  getByName(name: string): Promise<Moderator | null>;
  /** Oldest first. */
  list(): Promise<Moderator[]>;
  update(id: string, patch: ModeratorPatch): Promise<Moderator | null>;
  /** Registers a personal API token by its hash. False when the moderator does not exist. */
  addToken(moderatorId: string, tokenHash: string): Promise<boolean>;
  /** The moderator id a token hash belongs to, or null (unknown or revoked). */
  moderatorIdForToken(tokenHash: string): Promise<string | null>;
  /** Revokes every token of the moderator; returns how many there were. */
  revokeTokens(moderatorId: string): Promise<number>;
  createSession(sessionHash: string, session: Session, ttlSeconds: number): Promise<void>;
  /** Null when unknown, signed out or expired. */
  getSession(sessionHash: string): Promise<Session | null>;
  deleteSession(sessionHash: string): Promise<void>;
  /** Ends every session of the moderator; returns how many there were. */
  deleteSessions(moderatorId: string): Promise<number>;
}
