/**
 * Who is calling: MODERATOR_TOKEN (the bootstrap admin), a personal API token, or a dashboard session.
 * Every call re-reads the moderator, so disabling an account takes effect at once on every API process.
 */
import { BOOTSTRAP_PRINCIPAL, principalOf, type Moderator, type Principal } from '../../models/moderator.ts';
import type { ModeratorStore, Session } from '../store/moderator-store.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import { generateCsrfToken, generateSessionId, secretHash, secretsMatch } from './secrets.ts';

export interface AuthDeps {
  moderatorToken: string;
  /** Named moderators; without them only MODERATOR_TOKEN is accepted. */
  moderators?: ModeratorStore | undefined;
  sessionTtlSeconds?: number | undefined;
}

export const DEFAULT_SESSION_TTL_SECONDS = 12 * 3600;

async function activeModerator(store: ModeratorStore, id: string | null): Promise<Moderator | null> {
  if (!id) return null;
  const m = await store.get(id);
  return m && !m.disabled ? m : null;
}

/** The principal a bearer token stands for, or null when it is unknown, revoked or its moderator disabled. */
export async function principalForToken(deps: AuthDeps, token: string): Promise<Principal | null> {
  if (secretsMatch(token, deps.moderatorToken)) return BOOTSTRAP_PRINCIPAL;
  if (!deps.moderators) return null;
  const m = await activeModerator(deps.moderators, await deps.moderators.moderatorIdForToken(secretHash(token)));
  return m ? principalOf(m, 'api-token') : null;
}

/** The principal and session a session cookie stands for, or null when it ended or expired. */
export async function principalForSession(deps: AuthDeps, sessionId: string): Promise<{ principal: Principal; session: Session } | null> {
  if (!deps.moderators) return null;
  const session = await deps.moderators.getSession(secretHash(sessionId));
  if (!session || Date.parse(session.expiresAt) <= Date.now()) return null;
  const m = await activeModerator(deps.moderators, session.moderatorId);
  return m ? { principal: principalOf(m, 'session'), session } : null;
}

export interface SignedIn {
  principal: Principal;
  /** The cookie value; only its hash is stored. */
  sessionId: string;
  session: Session;
  ttlSeconds: number;
}

/** Null for a wrong name or password (indistinguishable, and as slow as each other), or a disabled account. */
export async function signIn(deps: AuthDeps, name: string, password: string): Promise<SignedIn | null> {
  if (!deps.moderators) return null;
  const m = await deps.moderators.getByName(name);
  const ok = await verifyPassword(password, m?.passwordHash ?? (await dummyPasswordHash()));
  if (!m || !ok || !m.passwordHash || m.disabled) return null;
  const ttlSeconds = deps.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS;
  const sessionId = generateSessionId();
  const session: Session = { moderatorId: m.id, csrfToken: generateCsrfToken(), expiresAt: new Date(Date.now() + ttlSeconds * 1000).toISOString() };
  await deps.moderators.createSession(secretHash(sessionId), session, ttlSeconds);
  return { principal: principalOf(m, 'session'), sessionId, session, ttlSeconds };
}

export async function signOut(deps: AuthDeps, sessionId: string): Promise<void> {
  await deps.moderators?.deleteSession(secretHash(sessionId));
}
