/**
 * `npm run moderators -- add|list|set-password|set-role|set-sites|disable|enable|token|changes`: manages named
 * moderator accounts in the service's Redis (found as `npm run sites` finds it: cli-redis.ts).
 * Passwords are read from standard input (--password-stdin); personal API tokens are printed once. Every
 * change is logged as made by `cli` and the operating-system user.
 */
import { userInfo } from 'node:os';
import type { SiteStore } from '../store/site-store.ts';
import { DEFAULT_SITE_ID } from '../../models/site.ts';
import { ModeratorInputError, type ModeratorStore } from '../store/moderator-store.ts';
import { moderatorSummary, type Moderator } from '../../models/moderator.ts';
import { isMain } from '../runtime/is-main.ts';
import {
  addModerator,
  disableModerator,
  enableModerator,
  findModerator,
  issueApiToken,
  listApiTokens,
  parseRole,
  parseSites,
  revokeApiToken,
  revokeApiTokens,
  type AccountActor,
  setPassword,
  setRole,
  setSites,
} from '../moderators/manage-moderators.ts';
import { UsageError, parseCli, processIo, reportError, type CliIo } from './common.ts';
import { openCliRedis } from './cli-redis.ts';

type Out = Pick<CliIo['stdout'], 'write'>;

const HELP: Record<string, string> = {
  main: `Usage: npm run moderators -- <command> [options]

Commands:
  add           create a moderator: --name NAME --role admin|moderator [--sites ID,ID] [--password-stdin]
  list          list moderators
  set-password  --name NAME, the new password on standard input (signs the moderator out everywhere)
  set-role      --name NAME --role admin|moderator
  set-sites     --name NAME --sites ID,ID (the sites a moderator may decide on; '' for none)
  disable       --name NAME: ends its sessions and revokes its tokens at once
  enable        --name NAME
  token         --name NAME: issue a personal API token (printed once) [--label TEXT]; --list lists them;
                --revoke revokes all of them, --revoke --id ID one
  changes       the log of account changes, newest first [--name NAME] [--limit N]

Every command takes --json. Environment: REDIS_URL (default: the private Redis of a running \`npm start\`,
else redis://127.0.0.1:6379), REDIS_CLUSTER, REDIS_CLUSTER_NODES, REDIS_PREFIX.
Exit status: 0 done; 2 a usage or input error (an unknown option, account or site, an invalid REDIS_URL); 1 a
failure (Redis does not answer).`,
  add: `Usage: npm run moderators -- add --name NAME --role admin|moderator [--sites ID,ID] [--password-stdin] [--json]

  --name NAME         letters, digits, dots, dashes, underscores (what "decidedBy" shows)
  --role ROLE         admin (everything) or moderator (decisions on its sites)
  --sites ID,ID       the sites a moderator may decide on
  --password-stdin    read the dashboard password from standard input (at least 10 characters)
  --json              print {"id","name","role","sites"}`,
  list: `Usage: npm run moderators -- list [--json]`,
  'set-password': `Usage: printf '%s' "$PASSWORD" | npm run moderators -- set-password --name NAME [--json]`,
  'set-role': `Usage: npm run moderators -- set-role --name NAME --role admin|moderator [--json]`,
  'set-sites': `Usage: npm run moderators -- set-sites --name NAME --sites ID,ID [--json]

  --sites ID,ID   sites added with \`npm run sites -- add\` (or default); '' for none`,
  disable: `Usage: npm run moderators -- disable --name NAME [--json]`,
  enable: `Usage: npm run moderators -- enable --name NAME [--json]`,
  token: `Usage: npm run moderators -- token --name NAME [--label TEXT | --list | --revoke [--id ID]] [--json]

  prints {"token"} once: use it as Authorization: Bearer <token>
  --label TEXT   what the token is for, shown by --list
  --list         the tokens that still work: id, first characters, label, when issued; prints {"tokens": [...]}
  --revoke       revoke every token of this moderator instead; prints {"revoked": N}
  --id ID        with --revoke: only the token with this id (from --list); prints {"revoked": 1}`,
  changes: `Usage: npm run moderators -- changes [--name NAME] [--limit N] [--json]

  the newest N (default 50, at most 1000) changes to accounts: who, when, what; --name keeps one account's
  --json   prints {"entries": [...]}`,
};

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  name: { type: 'string' },
  role: { type: 'string' },
  sites: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  revoke: { type: 'boolean' },
  list: { type: 'boolean' },
  label: { type: 'string' },
  id: { type: 'string' },
  limit: { type: 'string' },
} as const;

/** The CLI acts with direct access to Redis: the log says so, and names the operating-system user when it can. */
function cliActor(): AccountActor {
  try {
    return { actor: 'cli', actorName: userInfo().username || null };
  } catch {
    // A container user without a passwd entry has no name.
    return { actor: 'cli', actorName: null };
  }
}

export interface ModeratorsCliIo extends Pick<CliIo, 'stdout' | 'stderr'> {
  /** Standard input as text (the password). */
  readStdin(): Promise<string>;
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The password as typed or piped: one trailing newline (from echo or a here-string) is not part of it. */
async function passwordFromStdin(io: ModeratorsCliIo): Promise<string> {
  const raw = (await io.readStdin()).replace(/\r?\n$/, '');
  if (raw.length === 0) throw new UsageError('no password on standard input');
  return raw;
}

/** The accounts, and the sites when there are any to check site ids against. */
interface OpenedStores {
  store: ModeratorStore;
  sites?: SiteStore | undefined;
  close(): Promise<void>;
}

type OpenStore = () => Promise<OpenedStores>;

async function openRedisModeratorStore(env: NodeJS.ProcessEnv, err: Out): Promise<OpenedStores> {
  const { redis, prefix, close } = await openCliRedis('moderators', env, err);
  // Loaded here, not on import: the command on a given store (runModeratorsCommand, the in-memory tests) needs no Redis store.
  const [{ RedisModeratorStore }, { RedisSiteStore }] = await Promise.all([import('../store/redis-moderator-store.ts'), import('../store/redis-site-store.ts')]);
  return { store: new RedisModeratorStore(redis, prefix), sites: new RedisSiteStore(redis, prefix), close };
}

function exitStatus(err: unknown, io: Pick<CliIo, 'stderr'>): number {
  return reportError('moderators', err instanceof ModeratorInputError ? new UsageError(err.message) : err, io);
}

/** The CLI against the service's Redis: `argv` without the program name; returns the exit status. */
export async function main(argv: string[], io: CliIo = processIo(), readStdin: () => Promise<string> = readProcessStdin): Promise<number> {
  try {
    await moderatorsCommand(argv, () => openRedisModeratorStore(io.env, io.stderr), { ...io, readStdin });
    return 0;
  } catch (err) {
    return exitStatus(err, io);
  }
}

/**
 * The CLI in process against a given store (tests, embedding): same output and exit statuses. Site ids are checked
 * against `opts.sites` when it is given.
 */
export async function runModeratorsCommand(argv: string[], store: ModeratorStore, io: ModeratorsCliIo, opts: { sites?: SiteStore } = {}): Promise<number> {
  try {
    await moderatorsCommand(argv, async () => ({ store, sites: opts.sites, close: async () => {} }), io);
    return 0;
  } catch (err) {
    return exitStatus(err, io);
  }
}

function requiredName(name: string | undefined, command: string): string {
  if (!name?.trim()) throw new UsageError(`${command}: --name is required`);
  return name.trim();
}

/** Refuses site ids that name no site (a typo would give the moderator nothing to decide on, silently). */
async function checkSitesExist(sites: SiteStore, ids: string[]): Promise<void> {
  // The default site exists without a record until it is configured.
  // One read per id, all at once rather than one round trip after another.
  const found = await Promise.all(ids.map((id) => (id === DEFAULT_SITE_ID ? Promise.resolve(true) : sites.get(id))));
  const unknown = ids.filter((_, i) => !found[i]);
  if (unknown.length > 0) {
    throw new UsageError(`--sites: no site with id ${unknown.map((id) => `"${id}"`).join(', ')} (npm run sites -- list shows them)`);
  }
}

const line = (m: Moderator) => `${m.name}\t${m.role}\t${m.role === 'admin' ? 'all sites' : m.sites.join(',') || '(no sites)'}${m.disabled ? '\tdisabled' : ''}`;

async function moderatorsCommand(argv: string[], open: OpenStore, io: ModeratorsCliIo): Promise<void> {
  const { values: v, positionals } = parseCli(argv, OPTIONS, true);
  const out = io.stdout;
  const command = positionals[0];
  if (!command || (v.help && !HELP[command])) {
    out.write(HELP.main + '\n');
    if (!command && !v.help) throw new UsageError('missing command (add, list, set-password, set-role, set-sites, disable, enable, token, changes)');
    return;
  }
  if (!HELP[command] || command === 'main') throw new UsageError(`unknown command "${command}" (see --help)`);
  if (v.help) {
    out.write(HELP[command] + '\n');
    return;
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}" (see --help)`);
  const print = (json: unknown, text: string) => out.write(v.json ? JSON.stringify(json) + '\n' : text + '\n');
  const brief = (m: Moderator) => ({ id: m.id, name: m.name, role: m.role, sites: m.sites });

  // Arguments are checked before Redis is opened, so a typo never waits for a connection.
  const name = command === 'list' ? '' : command === 'changes' ? (v.name?.trim() ?? '') : requiredName(v.name, command);
  if (command === 'token' && [v.list, v.revoke, v.label !== undefined].filter(Boolean).length > 1) throw new UsageError('token: --label, --list and --revoke go one at a time');
  if (v.id !== undefined && !(command === 'token' && v.revoke)) throw new UsageError('--id goes with token --revoke');
  const limit = v.limit === undefined ? 50 : Number(v.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit: a whole number from 1 to 1000');
  const by = cliActor();
  const role = command === 'add' || command === 'set-role' ? parseRole(v.role) : undefined;
  if (command === 'set-sites' && v.sites === undefined) throw new UsageError('set-sites: --sites is required');
  const sites = parseSites(v.sites);
  const password = command === 'set-password' || (command === 'add' && v['password-stdin']) ? await passwordFromStdin(io) : undefined;

  const opened = await open();
  const store = opened.store;
  try {
    if ((command === 'add' || command === 'set-sites') && opened.sites) await checkSitesExist(opened.sites, sites);
    switch (command) {
      case 'add': {
        const m = await addModerator(store, { name, role: role!, sites, password }, by);
        print(brief(m), `Added ${m.role} ${m.name} (${m.id})${m.role === 'moderator' ? ` for ${m.sites.join(', ') || 'no sites yet'}` : ''}.`);
        return;
      }
      case 'list': {
        const all = await store.list();
        print(all.map(moderatorSummary), all.length === 0 ? 'No moderators yet: MODERATOR_TOKEN is the only credential.' : all.map(line).join('\n'));
        return;
      }
      case 'set-password': {
        const m = await setPassword(store, name, password!, by);
        print(brief(m), `Changed the password of ${m.name}; their sessions have ended.`);
        return;
      }
      case 'set-role': {
        const m = await setRole(store, name, role!, by);
        print(brief(m), `${m.name} is now ${m.role === 'admin' ? 'an admin' : 'a moderator'}.`);
        return;
      }
      case 'set-sites': {
        const m = await setSites(store, name, sites, by);
        print(brief(m), `${m.name} now decides on ${m.sites.join(', ') || 'no sites'}.`);
        return;
      }
      case 'disable': {
        const r = await disableModerator(store, name, by);
        print(
          { ...brief(r.moderator), disabled: true, revokedTokens: r.revokedTokens, endedSessions: r.endedSessions },
          `Disabled ${r.moderator.name}: ${r.endedSessions} session(s) ended, ${r.revokedTokens} token(s) revoked.`,
        );
        return;
      }
      case 'enable': {
        const m = await enableModerator(store, name, by);
        print({ ...brief(m), disabled: false }, `Enabled ${m.name}.`);
        return;
      }
      case 'token': {
        if (v.revoke && v.id !== undefined) {
          await revokeApiToken(store, name, v.id, by);
          print({ revoked: 1 }, `Revoked token ${v.id} of ${name}.`);
          return;
        }
        if (v.revoke) {
          const revoked = await revokeApiTokens(store, name, by);
          print({ revoked }, `Revoked ${revoked} token(s) of ${name}.`);
          return;
        }
        if (v.list) {
          const { moderator, tokens } = await listApiTokens(store, name);
          const rows = tokens.map((t) => `${t.id}\t${t.prefix ? `${t.prefix}…` : '(older token)'}\t${t.createdAt ?? ''}\t${t.label ?? ''}`.trimEnd());
          print({ tokens }, tokens.length === 0 ? `${moderator.name} has no tokens.` : rows.join('\n'));
          return;
        }
        const { moderator, token, id } = await issueApiToken(store, name, { label: v.label, by });
        print({ token }, `Personal API token for ${moderator.name} (id ${id}): ${token}\nStore it now: it is not shown again. Use it as Authorization: Bearer <token>.`);
        return;
      }
      case 'changes': {
        const moderatorId = name ? (await findModerator(store, name)).id : undefined;
        const { entries } = await store.listChanges({ moderatorId }, { limit });
        const text = entries.map((e) => `${e.at}\t${e.actorName ? `${e.actor} (${e.actorName})` : e.actor}\t${e.action}\t${e.moderatorName}${Object.keys(e.detail).length ? `\t${JSON.stringify(e.detail)}` : ''}`);
        print({ entries }, entries.length === 0 ? 'No changes recorded.' : text.join('\n'));
        return;
      }
    }
  } finally {
    await opened.close();
  }
}

if (isMain(import.meta.url)) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
