/**
 * Managing moderator accounts (the CLI and the admin API share these): add, change password, role or
 * sites, disable (which also ends sessions and revokes tokens), and issue, list or revoke personal API tokens.
 * The CLI names an account by its name, the API by its id. Given who acts, each change is logged with it.
 */
import { MAX_TOKEN_LABEL_LENGTH, MODERATOR_ROLES, moderatorNameProblem, type Moderator, type ModeratorRole } from '../../models/moderator.ts';
import { SITE_ID_PATTERN } from '../../models/site.ts';
import {
  ModeratorInputError,
  ModeratorNotFoundError,
  tokenIdOf,
  type AccountAction,
  type AccountChange,
  type ApiTokenInfo,
  type ModeratorStore,
} from '../store/moderator-store.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { generateApiToken, secretHash } from './secrets.ts';

/** Which account: its name (case-insensitive), or `{ id }`. */
export type ModeratorRef = string | { id: string };

/** Who makes a change, for the log of account changes: a moderator id, `moderator` (MODERATOR_TOKEN) or `cli`. */
export interface AccountActor {
  actor: string;
  actorName: string | null;
}

/** The account has no token with that id (or it was revoked already). */
export class ApiTokenNotFoundError extends ModeratorNotFoundError {
  override name = 'ApiTokenNotFoundError';
}

function change(by: AccountActor | undefined, action: AccountAction, moderatorName: string, detail: Record<string, unknown> = {}): AccountChange | undefined {
  return by ? { actor: by.actor, actorName: by.actorName, action, moderatorName, detail } : undefined;
}

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
  by?: AccountActor,
): Promise<Moderator> {
  const problem = moderatorNameProblem(input.name);
  if (problem) throw new ModeratorInputError(problem, 'name');
  const sites = checkSites(input.sites);
  return store.create(
    { name: input.name, role: input.role, sites, passwordHash: await passwordHashOf(input.password) },
    change(by, 'add', input.name, { role: input.role, sites, password: input.password !== undefined }),
  );
}

/** The account, or ModeratorNotFoundError. */
export async function findModerator(store: ModeratorStore, who: ModeratorRef): Promise<Moderator> {
  const m = typeof who === 'string' ? await store.getByName(who) : await store.get(who.id);
  if (!m) throw new ModeratorNotFoundError(typeof who === 'string' ? `no moderator named "${who}"` : `no moderator with id "${who.id}"`);
  return m;
}

export async function setPassword(store: ModeratorStore, who: ModeratorRef, password: string, by?: AccountActor): Promise<Moderator> {
  const m = await findModerator(store, who);
  const updated = await store.update(m.id, { passwordHash: await passwordHashOf(password) }, change(by, 'set-password', m.name));
  // A new password signs the moderator out everywhere: whoever knew the old one loses access.
  await store.deleteSessions(m.id);
  return updated ?? m;
}

export async function setRole(store: ModeratorStore, who: ModeratorRef, role: ModeratorRole, by?: AccountActor): Promise<Moderator> {
  const m = await findModerator(store, who);
  return (await store.update(m.id, { role }, change(by, 'set-role', m.name, { from: m.role, to: role }))) ?? m;
}

export async function setSites(store: ModeratorStore, who: ModeratorRef, sites: string[], by?: AccountActor): Promise<Moderator> {
  const m = await findModerator(store, who);
  const checked = checkSites(sites);
  return (await store.update(m.id, { sites: checked }, change(by, 'set-sites', m.name, { from: m.sites, to: checked }))) ?? m;
}

/**
 * Disables the account, ends its sessions and revokes its tokens. Every request re-reads the account,
 * so the disabled flag alone already refuses it on every API process at once.
 */
export async function disableModerator(
  store: ModeratorStore,
  who: ModeratorRef,
  by?: AccountActor,
): Promise<{ moderator: Moderator; revokedTokens: number; endedSessions: number }> {
  const m = await findModerator(store, who);
  const moderator = (await store.update(m.id, { disabled: true }, change(by, 'disable', m.name))) ?? m;
  const revokedTokens = await store.revokeTokens(m.id, change(by, 'tokens-revoked', m.name, { because: 'disable' }));
  const endedSessions = await store.deleteSessions(m.id);
  return { moderator, revokedTokens, endedSessions };
}

export async function enableModerator(store: ModeratorStore, who: ModeratorRef, by?: AccountActor): Promise<Moderator> {
  const m = await findModerator(store, who);
  return (await store.update(m.id, { disabled: false }, change(by, 'enable', m.name))) ?? m;
}

/** What an admin may change in one request; each part as its own command would do it. */
export interface ModeratorChanges {
  role?: ModeratorRole | undefined;
  sites?: string[] | undefined;
  disabled?: boolean | undefined;
}

/** Applies role, sites, then disabling (ending sessions, revoking tokens) or enabling; the account as it ends up. */
export async function changeModerator(store: ModeratorStore, who: ModeratorRef, changes: ModeratorChanges, by?: AccountActor): Promise<Moderator> {
  let m = await findModerator(store, who);
  const ref = { id: m.id };
  if (changes.role !== undefined) m = await setRole(store, ref, changes.role, by);
  if (changes.sites !== undefined) m = await setSites(store, ref, changes.sites, by);
  if (changes.disabled === true) m = (await disableModerator(store, ref, by)).moderator;
  if (changes.disabled === false) m = await enableModerator(store, ref, by);
  return m;
}

/** The characters of a token shown in listings: `cmt_` and four more (24 of its 192 random bits). */
const SHOWN_PREFIX_LENGTH = 8;

/** A new personal API token, returned this once with its id; only its hash is kept. */
export async function issueApiToken(
  store: ModeratorStore,
  who: ModeratorRef,
  opts: { label?: string | undefined; by?: AccountActor | undefined } = {},
): Promise<{ moderator: Moderator; token: string; id: string }> {
  const label = opts.label?.trim() || null;
  if (label !== null && label.length > MAX_TOKEN_LABEL_LENGTH) throw new ModeratorInputError(`label: at most ${MAX_TOKEN_LABEL_LENGTH} characters`, 'label');
  const m = await findModerator(store, who);
  if (m.disabled) throw new ModeratorInputError(`moderator "${m.name}" is disabled`);
  const token = generateApiToken();
  const hash = secretHash(token);
  const id = tokenIdOf(hash);
  await store.addToken(m.id, hash, { prefix: token.slice(0, SHOWN_PREFIX_LENGTH), label, createdAt: new Date().toISOString() }, change(opts.by, 'token-issued', m.name, { tokenId: id, label }));
  return { moderator: m, token, id };
}

/** The tokens of the account that still work, oldest first: ids, prefixes and labels, never the tokens. */
export async function listApiTokens(store: ModeratorStore, who: ModeratorRef): Promise<{ moderator: Moderator; tokens: ApiTokenInfo[] }> {
  const m = await findModerator(store, who);
  return { moderator: m, tokens: await store.listTokens(m.id) };
}

export async function revokeApiTokens(store: ModeratorStore, who: ModeratorRef, by?: AccountActor): Promise<number> {
  const m = await findModerator(store, who);
  return store.revokeTokens(m.id, change(by, 'tokens-revoked', m.name));
}

/** Revokes one token by its id (from listApiTokens); ApiTokenNotFoundError when the account has no such token. */
export async function revokeApiToken(store: ModeratorStore, who: ModeratorRef, tokenId: string, by?: AccountActor): Promise<void> {
  const m = await findModerator(store, who);
  const id = tokenId.trim().toLowerCase();
  if (!(await store.revokeToken(m.id, id, change(by, 'token-revoked', m.name, { tokenId: id })))) {
    throw new ApiTokenNotFoundError(`moderator "${m.name}" has no token "${tokenId}"`);
  }
}
