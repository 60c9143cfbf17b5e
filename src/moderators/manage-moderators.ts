/**
 * Managing moderator accounts (the CLI and the admin API share these): add, change password, role or
 * sites, disable (which also ends sessions and revokes tokens), and issue or revoke personal API tokens.
 * The CLI names an account by its name, the API by its id.
 */
import { MODERATOR_ROLES, moderatorNameProblem, type Moderator, type ModeratorRole } from '../../models/moderator.ts';
import { SITE_ID_PATTERN } from '../../models/site.ts';
import { ModeratorInputError, ModeratorNotFoundError, type ModeratorStore } from '../store/moderator-store.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { generateApiToken, secretHash } from './secrets.ts';

/** Which account: its name (case-insensitive), or `{ id }`. */
export type ModeratorRef = string | { id: string };

export function parseRole(raw: string | undefined): ModeratorRole {
  if (!raw || !(MODERATOR_ROLES as readonly string[]).includes(raw)) throw new ModeratorInputError('role: admin or moderator', 'role');
  return raw as ModeratorRole;
}

/** Each a site id, without repeats. */
export function checkSites(list: readonly string[]): string[] {
  const sites = [...new Set(list.map((s) => s.trim()).filter(Boolean))];
  for (const s of sites) if (!SITE_ID_PATTERN.test(s)) throw new ModeratorInputError(`sites: "${s}" is not a site id`, 'sites');
  return sites;
}

/** `a,b` → ['a','b']; each a site id. */
export function parseSites(raw: string | undefined): string[] {
  return raw === undefined ? [] : checkSites(raw.split(','));
}

async function passwordHashOf(password: string | undefined): Promise<string | null> {
  if (password === undefined) return null;
  const problem = passwordProblem(password);
  if (problem) throw new ModeratorInputError(problem, 'password');
  return hashPassword(password);
}

export async function addModerator(
  store: ModeratorStore,
  input: { name: string; role: ModeratorRole; sites: string[]; password?: string | undefined },
): Promise<Moderator> {
  const problem = moderatorNameProblem(input.name);
  if (problem) throw new ModeratorInputError(problem, 'name');
  return store.create({ name: input.name, role: input.role, sites: checkSites(input.sites), passwordHash: await passwordHashOf(input.password) });
}

/** The account, or ModeratorNotFoundError. */
export async function findModerator(store: ModeratorStore, who: ModeratorRef): Promise<Moderator> {
  const m = typeof who === 'string' ? await store.getByName(who) : await store.get(who.id);
  if (!m) throw new ModeratorNotFoundError(typeof who === 'string' ? `no moderator named "${who}"` : `no moderator with id "${who.id}"`);
  return m;
}

export async function setPassword(store: ModeratorStore, who: ModeratorRef, password: string): Promise<Moderator> {
  const m = await findModerator(store, who);
  const updated = await store.update(m.id, { passwordHash: await passwordHashOf(password) });
  // A new password signs the moderator out everywhere: whoever knew the old one loses access.
  await store.deleteSessions(m.id);
  return updated ?? m;
}

export async function setRole(store: ModeratorStore, who: ModeratorRef, role: ModeratorRole): Promise<Moderator> {
  const m = await findModerator(store, who);
  return (await store.update(m.id, { role })) ?? m;
}

export async function setSites(store: ModeratorStore, who: ModeratorRef, sites: string[]): Promise<Moderator> {
  const m = await findModerator(store, who);
  return (await store.update(m.id, { sites: checkSites(sites) })) ?? m;
}

/**
 * Disables the account, ends its sessions and revokes its tokens. Every request re-reads the account,
 * so the disabled flag alone already refuses it on every API process at once.
 */
export async function disableModerator(store: ModeratorStore, who: ModeratorRef): Promise<{ moderator: Moderator; revokedTokens: number; endedSessions: number }> {
  const m = await findModerator(store, who);
  const moderator = (await store.update(m.id, { disabled: true })) ?? m;
  const revokedTokens = await store.revokeTokens(m.id);
  const endedSessions = await store.deleteSessions(m.id);
  return { moderator, revokedTokens, endedSessions };
}

export async function enableModerator(store: ModeratorStore, who: ModeratorRef): Promise<Moderator> {
  const m = await findModerator(store, who);
  return (await store.update(m.id, { disabled: false })) ?? m;
}

/** What an admin may change in one request; each part as its own command would do it. */
export interface ModeratorChanges {
  role?: ModeratorRole | undefined;
  sites?: string[] | undefined;
  disabled?: boolean | undefined;
}

/** Applies role, sites, then disabling (ending sessions, revoking tokens) or enabling; the account as it ends up. */
export async function changeModerator(store: ModeratorStore, who: ModeratorRef, changes: ModeratorChanges): Promise<Moderator> {
  let m = await findModerator(store, who);
  const ref = { id: m.id };
  if (changes.role !== undefined) m = await setRole(store, ref, changes.role);
  if (changes.sites !== undefined) m = await setSites(store, ref, changes.sites);
  if (changes.disabled === true) m = (await disableModerator(store, ref)).moderator;
  if (changes.disabled === false) m = await enableModerator(store, ref);
  return m;
}

/** A new personal API token, returned this once; only its hash is kept. */
export async function issueApiToken(store: ModeratorStore, who: ModeratorRef): Promise<{ moderator: Moderator; token: string }> {
  const m = await findModerator(store, who);
  if (m.disabled) throw new ModeratorInputError(`moderator "${m.name}" is disabled`);
  const token = generateApiToken();
  await store.addToken(m.id, secretHash(token));
  return { moderator: m, token };
}

export async function revokeApiTokens(store: ModeratorStore, who: ModeratorRef): Promise<number> {
  const m = await findModerator(store, who);
  return store.revokeTokens(m.id);
}
