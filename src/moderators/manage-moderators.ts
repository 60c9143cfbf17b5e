/**
 * Managing moderator accounts (the CLI and the admin API share these): add, change password, role or
 * sites, disable (which also ends sessions and revokes tokens), and issue or revoke personal API tokens.
 */
import { MODERATOR_ROLES, moderatorNameProblem, type Moderator, type ModeratorRole } from '../../models/moderator.ts';
import { SITE_ID_PATTERN } from '../../models/site.ts';
import { ModeratorInputError, type ModeratorStore } from '../store/moderator-store.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { generateApiToken, secretHash } from './secrets.ts';

export function parseRole(raw: string | undefined): ModeratorRole {
  if (!raw || !(MODERATOR_ROLES as readonly string[]).includes(raw)) throw new ModeratorInputError('role: admin or moderator');
  return raw as ModeratorRole;
}

/** `a,b` → ['a','b']; each a site id. */
export function parseSites(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const sites = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
  for (const s of sites) if (!SITE_ID_PATTERN.test(s)) throw new ModeratorInputError(`sites: "${s}" is not a site id`);
  return sites;
}

async function passwordHashOf(password: string | undefined): Promise<string | null> {
  if (password === undefined) return null;
  const problem = passwordProblem(password);
  if (problem) throw new ModeratorInputError(problem);
  return hashPassword(password);
}

export async function addModerator(
  store: ModeratorStore,
  input: { name: string; role: ModeratorRole; sites: string[]; password?: string | undefined },
): Promise<Moderator> {
  const problem = moderatorNameProblem(input.name);
  if (problem) throw new ModeratorInputError(problem);
  return store.create({ name: input.name, role: input.role, sites: input.sites, passwordHash: await passwordHashOf(input.password) });
}

export async function moderatorNamed(store: ModeratorStore, name: string): Promise<Moderator> {
  const m = await store.getByName(name);
  if (!m) throw new ModeratorInputError(`no moderator named "${name}"`);
  return m;
}

export async function setPassword(store: ModeratorStore, name: string, password: string): Promise<Moderator> {
  const m = await moderatorNamed(store, name);
  const updated = await store.update(m.id, { passwordHash: await passwordHashOf(password) });
  // A new password signs the moderator out everywhere: whoever knew the old one loses access.
  await store.deleteSessions(m.id);
  return updated ?? m;
}

export async function setRole(store: ModeratorStore, name: string, role: ModeratorRole): Promise<Moderator> {
  const m = await moderatorNamed(store, name);
  return (await store.update(m.id, { role })) ?? m;
}

export async function setSites(store: ModeratorStore, name: string, sites: string[]): Promise<Moderator> {
  const m = await moderatorNamed(store, name);
  return (await store.update(m.id, { sites })) ?? m;
}

/**
 * Disables the account, ends its sessions and revokes its tokens. Every request re-reads the account,
 * so the disabled flag alone already refuses it on every API process at once.
 */
export async function disableModerator(store: ModeratorStore, name: string): Promise<{ moderator: Moderator; revokedTokens: number; endedSessions: number }> {
  const m = await moderatorNamed(store, name);
  const moderator = (await store.update(m.id, { disabled: true })) ?? m;
  const revokedTokens = await store.revokeTokens(m.id);
  const endedSessions = await store.deleteSessions(m.id);
  return { moderator, revokedTokens, endedSessions };
}

export async function enableModerator(store: ModeratorStore, name: string): Promise<Moderator> {
  const m = await moderatorNamed(store, name);
  return (await store.update(m.id, { disabled: false })) ?? m;
}

/** A new personal API token, returned this once; only its hash is kept. */
export async function issueApiToken(store: ModeratorStore, name: string): Promise<{ moderator: Moderator; token: string }> {
  const m = await moderatorNamed(store, name);
  if (m.disabled) throw new ModeratorInputError(`moderator "${name}" is disabled`);
  const token = generateApiToken();
  await store.addToken(m.id, secretHash(token));
  return { moderator: m, token };
}

export async function revokeApiTokens(store: ModeratorStore, name: string): Promise<number> {
  const m = await moderatorNamed(store, name);
  return store.revokeTokens(m.id);
}
