/**
 * `npm run sites -- add|list|rotate-key|remove|set|rules`: manages sites (and their rules) in the service's Redis. A running
 * service picks changes up within SITE_REFRESH_MS (1 s by default). Keys are printed once, here.
 * Redis: as the service finds it (REDIS_URL, REDIS_CLUSTER, REDIS_CLUSTER_NODES, REDIS_PREFIX), else the private
 * redis-server of a running `npm start`, else redis://127.0.0.1:6379: see cli-redis.ts.
 */
import { readFileSync } from 'node:fs';
import { configFromEnv } from './config-from-env.ts';
import { openCliRedis } from './cli-redis.ts';
import { SiteInputError, type SitePatch, type SiteStore } from '../store/site-store.ts';
import { DEFAULT_SITE_ID, isModerationMode, normaliseOrigin, type ModerationMode, type Site, type ThresholdOverrides } from '../../models/site.ts';
import { setModerationMode } from '../sites/moderation-mode.ts';
import { thresholdsInOrder } from '../spam/policy.ts';
import { thresholdValue } from '../spam/threshold-value.ts';
import { isMain } from '../runtime/is-main.ts';
import { checkWebhookUrl } from '../webhooks/webhook-target.ts';
import { UsageError, parseCli, processIo, reportError, type CliIo } from './common.ts';
import type { SiteRulesStore } from '../store/site-rules-store.ts';
import { emptySiteRules, type SiteRules } from '../../models/site-rules.ts';
import { parseSiteRules } from '../contract/site-rules.ts';

type Out = Pick<CliIo['stdout'], 'write'>;

const HELP: Record<string, string> = {
  main: `Usage: npm run sites -- <command> [options]

Commands:
  add         create a site and print its API key and webhook secret (shown only once)
  list        list sites (keys are shown by prefix only)
  rotate-key  issue a new API key for a site; old keys stop working unless --keep-old
  remove      delete a site and revoke its keys (its comments stay)
  set         change a site's name, origins, webhook, thresholds or moderation mode
  rules       show or change a site's rules (words, links, first comment, allow and block lists)

Run \`npm run sites -- <command> --help\` for a command's options.
Environment: REDIS_URL (default: the private Redis of a running \`npm start\`, else redis://127.0.0.1:6379),
REDIS_CLUSTER, REDIS_CLUSTER_NODES, REDIS_PREFIX, WEBHOOK_ALLOW_PRIVATE=1 (allow webhook URLs on loopback or
private addresses).
Exit status: 0 done; 2 a usage or input error (an unknown option or site, an invalid REDIS_URL); 1 a failure
(Redis does not answer).`,
  add: `Usage: npm run sites -- add --name NAME [options]

  --name NAME                 display name (required)
  --id ID                     site id (default: derived from the name); lower-case letters, digits, dashes
  --origins A,B               origins of pages that embed the widget, e.g. https://blog.example.com
  --webhook-url URL           where to POST comment events (http or https; public addresses only)
  --webhook-include-email     include commenters' emails in webhook events
  --webhook-include-client-info  include commenters' IP address and user agent in webhook events
  --flag-threshold N          this site's FLAG_THRESHOLD (0..1)
  --reject-threshold N        this site's REJECT_THRESHOLD (0..1)
  --mode normal|shadow|hold-all  normal (default): the filter decides; shadow publishes and hold-all holds
                              every comment while the filter's verdict is kept for the shadow report
  --json                      print exactly one JSON object {"id","apiKey","webhookSecret"}`,
  list: `Usage: npm run sites -- list [--json]`,
  'rotate-key': `Usage: npm run sites -- rotate-key ID [--keep-old] [--json]

  --keep-old   keep the existing keys working (for a gradual switch); default: revoke them now
  --json       print {"id","apiKey"}`,
  remove: `Usage: npm run sites -- remove ID [--json]`,
  set: `Usage: npm run sites -- set ID [options]

  --name NAME
  --origins A,B                      replaces the list ('' clears it)
  --webhook-url URL                  '' or none removes the webhook
  --webhook-include-email true|false
  --webhook-include-client-info true|false
  --rotate-webhook-secret            generate a new webhook secret and print it
  --flag-threshold N | --reject-threshold N
  --mode normal|shadow|hold-all      shadow publishes, hold-all holds every comment, both keep the filter's
                                     verdict for the shadow report; normal lets the filter decide again
                                     (also for the default site before it is configured)
  --json                             print the site as JSON`,
  rules: `Usage: npm run sites -- rules ID [options]

Without options, prints the site's rules. Each --add-*/--remove-* option may be repeated.
  --set-file FILE                    replace the whole rule set with the JSON in FILE (the API's SiteRules)
  --add-hold-word W | --remove-hold-word W      word or phrase that holds a comment (* at an end: inside words)
  --add-spam-word W | --remove-spam-word W      word or phrase that sends a comment to spam
  --max-links N                      hold a comment with more than N links ('none' removes the limit)
  --hold-first-comment true|false    hold a comment unless its author had one published here
  --add-allow-email A | --remove-allow-email A                (also -email-domain, -ip, -link-domain)
  --add-block-email A | --remove-block-email A                (also -email-domain, -ip, -link-domain)
  --clear                            start from an empty rule set (with the options above: replace)
  --json                             print {"siteId","rules","revision","updatedAt"}

IPs take an address or a CIDR range (IPv4 or IPv6; an IPv6 address stands for its /64). Domains match
their subdomains too. A running service applies changes within 2 s. See docs/site-rules.md.`,
};

/** The rule lists the CLI edits one entry at a time: flag stem → SiteRules field. */
const RULE_LISTS = {
  'hold-word': 'holdWords',
  'spam-word': 'spamWords',
  'allow-email': 'allowEmails',
  'allow-email-domain': 'allowEmailDomains',
  'allow-ip': 'allowIps',
  'allow-link-domain': 'allowLinkDomains',
  'block-email': 'blockEmails',
  'block-email-domain': 'blockEmailDomains',
  'block-ip': 'blockIps',
  'block-link-domain': 'blockLinkDomains',
} as const satisfies Record<string, keyof SiteRules>;

const RULE_OPTIONS = Object.fromEntries(
  Object.keys(RULE_LISTS).flatMap((stem) => [
    [`add-${stem}`, { type: 'string', multiple: true }],
    [`remove-${stem}`, { type: 'string', multiple: true }],
  ]),
) as Record<`${'add' | 'remove'}-${keyof typeof RULE_LISTS}`, { type: 'string'; multiple: true }>;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  name: { type: 'string' },
  id: { type: 'string' },
  origins: { type: 'string' },
  'webhook-url': { type: 'string' },
  'webhook-include-email': { type: 'string' },
  'webhook-include-client-info': { type: 'string' },
  'rotate-webhook-secret': { type: 'boolean' },
  'flag-threshold': { type: 'string' },
  'reject-threshold': { type: 'string' },
  'keep-old': { type: 'boolean' },
  mode: { type: 'string' },
  'set-file': { type: 'string' },
  'max-links': { type: 'string' },
  'hold-first-comment': { type: 'string' },
  clear: { type: 'boolean' },
  ...RULE_OPTIONS,
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  // `--webhook-include-email` (and `-client-info`) may be given bare on add; make that mean "true".
  const args = argv.flatMap((a, i) =>
    (a === '--webhook-include-email' || a === '--webhook-include-client-info') && (argv[i + 1] === undefined || argv[i + 1]!.startsWith('--')) ? [a, 'true'] : [a],
  );
  return parseCli(args, OPTIONS, true);
}

function origins(raw: string): string[] {
  const list = raw.split(',').map((o) => o.trim()).filter(Boolean);
  return list.map((o) => {
    const n = normaliseOrigin(o);
    if (!n) throw new UsageError(`--origins: "${o}" is not an http(s) origin`);
    return n;
  });
}

function webhookUrl(raw: string): string | null {
  if (raw === '' || raw === 'none') return null;
  try {
    const u = new URL(raw);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.toString();
  } catch {
    // reported below
  }
  throw new UsageError(`--webhook-url: "${raw}" is not an http(s) URL`);
}

/** The URL, once its host is known to resolve to public addresses only (unless WEBHOOK_ALLOW_PRIVATE=1). */
async function checkedWebhookUrl(raw: string, allowPrivate: boolean): Promise<string | null> {
  const url = webhookUrl(raw);
  if (url === null) return null;
  try {
    await checkWebhookUrl(url, { allowPrivate });
  } catch (err) {
    throw new UsageError(`--webhook-url: ${(err as Error).message}`);
  }
  return url;
}

function bool(name: string, raw: string): boolean {
  if (/^(true|yes|on|1)$/i.test(raw)) return true;
  if (/^(false|no|off|0)$/i.test(raw)) return false;
  throw new UsageError(`--${name}: expected true or false`);
}

function thresholds(v: Values): ThresholdOverrides {
  const out: ThresholdOverrides = {};
  for (const [flag, key] of [['flag-threshold', 'flag'], ['reject-threshold', 'reject']] as const) {
    const raw = v[flag];
    if (raw === undefined) continue;
    const n = thresholdValue.safeParse(raw);
    if (!n.success) throw new UsageError(`--${flag}: a number from 0 to 1`);
    out[key] = n.data;
  }
  if (!thresholdsInOrder(out)) {
    throw new UsageError('--flag-threshold must not be greater than --reject-threshold');
  }
  return out;
}

function moderationMode(v: Values): ModerationMode | undefined {
  if (v.mode === undefined) return undefined;
  if (!isModerationMode(v.mode)) throw new UsageError('--mode: one of normal, shadow, hold-all');
  return v.mode;
}

/** What listings show: never key hashes or the webhook secret. */
function summary(site: Site) {
  return {
    id: site.id,
    name: site.name,
    origins: site.origins,
    keys: site.keys.map((k) => ({ prefix: `${k.prefix}…`, createdAt: k.createdAt })),
    webhookUrl: site.webhookUrl,
    webhookIncludeEmail: site.webhookIncludeEmail,
    webhookIncludeClientInfo: site.webhookIncludeClientInfo === true,
    thresholds: site.thresholds,
    moderationMode: site.moderationMode ?? 'normal',
    createdAt: site.createdAt,
  };
}

/** The rule set the options ask for, validated as the API validates it; null when no option changes anything. */
function editedRules(v: Values, current: SiteRules): SiteRules | null {
  let base: unknown = v.clear ? emptySiteRules() : current;
  if (v['set-file'] !== undefined) {
    try {
      base = JSON.parse(readFileSync(v['set-file'], 'utf8'));
    } catch (err) {
      throw new UsageError(`--set-file: ${(err as Error).message}`);
    }
  }
  const draft = { ...(base as Record<string, unknown>) } as Record<string, unknown>;
  let changed = v.clear === true || v['set-file'] !== undefined;
  for (const [stem, field] of Object.entries(RULE_LISTS) as [keyof typeof RULE_LISTS, keyof SiteRules][]) {
    const add = v[`add-${stem}`] ?? [];
    const remove = new Set((v[`remove-${stem}`] ?? []).map((e) => e.trim().toLowerCase()));
    if (add.length === 0 && remove.size === 0) continue;
    changed = true;
    const list = Array.isArray(draft[field]) ? (draft[field] as string[]) : [];
    const kept = list.filter((e) => !remove.has(e.trim().toLowerCase()));
    for (const e of add) if (!kept.some((k) => k.trim().toLowerCase() === e.trim().toLowerCase())) kept.push(e.trim());
    draft[field] = kept;
  }
  if (v['max-links'] !== undefined) {
    changed = true;
    const raw = v['max-links'].trim();
    if (raw === 'none' || raw === '') draft.maxLinks = null;
    else if (/^\d{1,4}$/.test(raw)) draft.maxLinks = Number(raw);
    else throw new UsageError('--max-links: a whole number, or none');
  }
  if (v['hold-first-comment'] !== undefined) {
    changed = true;
    draft.holdFirstComment = bool('hold-first-comment', v['hold-first-comment']);
  }
  if (!changed) return null;
  const parsed = parseSiteRules(draft);
  if ('fields' in parsed) {
    throw new UsageError(Object.entries(parsed.fields).map(([f, m]) => `${f}: ${m}`).join('; '));
  }
  return parsed.rules;
}

/** The rules for people: one line per list that has entries. */
function rulesText(siteId: string, rules: SiteRules, changed: boolean): string {
  const lines = [`${changed ? 'Updated rules' : 'Rules'} of site ${siteId}:`];
  lines.push(`  maxLinks: ${rules.maxLinks ?? 'none'}`, `  holdFirstComment: ${rules.holdFirstComment}`);
  for (const field of Object.values(RULE_LISTS)) {
    const list = rules[field];
    lines.push(`  ${field}: ${list.length === 0 ? '-' : list.map((e) => JSON.stringify(e)).join(', ')}`);
  }
  return lines.join('\n');
}

function positionalId(positionals: string[], v: Values, command: string): string {
  const id = positionals[1] ?? v.id;
  if (!id) throw new UsageError(`${command}: which site? (npm run sites -- ${command} ID)`);
  return id;
}

/** Opens the site store a command works on (and the rules store, when there is one); `close` releases its connection. */
type OpenStore = () => Promise<{ store: SiteStore; rules?: SiteRulesStore | undefined; close: () => Promise<void> }>;

async function openRedisSiteStore(env: NodeJS.ProcessEnv, err: Out): Promise<{ store: SiteStore; rules: SiteRulesStore; close: () => Promise<void> }> {
  const { redis, prefix, close } = await openCliRedis('sites', env, err);
  // Loaded here, not on import: the command on a given store (runSitesCommand, the in-memory tests) needs no Redis store.
  const [{ RedisSiteStore }, { RedisSiteRulesStore }] = await Promise.all([import('../store/redis-site-store.ts'), import('../store/redis-site-rules-store.ts')]);
  return { store: new RedisSiteStore(redis, prefix), rules: new RedisSiteRulesStore(redis, prefix), close };
}

/** The CLI against the service's Redis (openCliRedis); throws what the CLI would print. */
export async function runSitesCli(argv: string[], env: NodeJS.ProcessEnv = process.env, out: Out = process.stdout, err: Out = process.stderr): Promise<void> {
  return sitesCommand(argv, () => openRedisSiteStore(env, err), out, configFromEnv(['WEBHOOK_ALLOW_PRIVATE'], env).webhooks.allowPrivate);
}

/** One stderr line and the exit status for an error, as the CLI reports it. */
function exitStatus(err: unknown, io: Pick<CliIo, 'stderr'>): number {
  return reportError('sites', err instanceof SiteInputError ? new UsageError(err.message) : err, io);
}

/** The CLI in process against the service's Redis: `argv` without the program name; returns the exit status. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    await runSitesCli(argv, io.env, io.stdout, io.stderr);
    return 0;
  } catch (err) {
    return exitStatus(err, io);
  }
}

/** The CLI in process against a given store (tests, embedding): same output and exit statuses. */
export async function runSitesCommand(
  argv: string[],
  store: SiteStore,
  io: Pick<CliIo, 'stdout' | 'stderr'>,
  opts: { allowPrivateWebhooks?: boolean; rules?: SiteRulesStore } = {},
): Promise<number> {
  try {
    await sitesCommand(argv, async () => ({ store, rules: opts.rules, close: async () => {} }), io.stdout, opts.allowPrivateWebhooks ?? false);
    return 0;
  } catch (err) {
    return exitStatus(err, io);
  }
}

async function sitesCommand(argv: string[], open: OpenStore, out: Out, allowPrivateWebhooks: boolean): Promise<void> {
  const { values: v, positionals } = parse(argv);
  const command = positionals[0];
  if (!command || (v.help && !HELP[command])) {
    out.write(HELP.main + '\n');
    if (!command && !v.help) throw new UsageError('missing command (add, list, rotate-key, remove, set, rules)');
    return;
  }
  if (!HELP[command] || command === 'main') throw new UsageError(`unknown command "${command}" (see --help)`);
  if (v.help) {
    out.write(HELP[command] + '\n');
    return;
  }

  const { store, rules: rulesStore, close } = await open();
  try {
    const print = (json: unknown, text: string) => out.write(v.json ? JSON.stringify(json) + '\n' : text + '\n');

    switch (command) {
      case 'add': {
        if (!v.name?.trim()) throw new UsageError('add: --name is required');
        const { site, apiKey } = await store.create({
          ...(v.id !== undefined ? { id: v.id } : {}),
          name: v.name.trim(),
          origins: v.origins !== undefined ? origins(v.origins) : [],
          webhookUrl: v['webhook-url'] !== undefined ? await checkedWebhookUrl(v['webhook-url'], allowPrivateWebhooks) : null,
          webhookIncludeEmail: v['webhook-include-email'] !== undefined ? bool('webhook-include-email', v['webhook-include-email']) : false,
          webhookIncludeClientInfo:
            v['webhook-include-client-info'] !== undefined ? bool('webhook-include-client-info', v['webhook-include-client-info']) : false,
          thresholds: thresholds(v),
          ...(v.mode !== undefined ? { moderationMode: moderationMode(v) } : {}),
        });
        print(
          { id: site.id, apiKey, webhookSecret: site.webhookSecret },
          `Created site ${site.id} (${site.name}).\nAPI key:        ${apiKey}\nWebhook secret: ${site.webhookSecret}\nStore the key now: it is not shown again.`,
        );
        return;
      }
      case 'list': {
        const sites = await store.list();
        print(
          sites.map(summary),
          sites.length === 0
            ? 'No sites: every comment belongs to the default site.'
            : sites
                .map(
                  (s) =>
                    `${s.id}\t${s.name}\tkeys: ${s.keys.map((k) => k.prefix + '…').join(', ')}\torigins: ${s.origins.join(', ') || '-'}\twebhook: ${s.webhookUrl ?? '-'}` +
                    (s.moderationMode && s.moderationMode !== 'normal' ? `\tmode: ${s.moderationMode}` : ''),
                )
                .join('\n'),
        );
        return;
      }
      case 'rotate-key': {
        const id = positionalId(positionals, v, command);
        const res = await store.rotateKey(id, { keepOld: v['keep-old'] === true });
        if (!res) throw new UsageError(`no site with id "${id}"`);
        print({ id, apiKey: res.apiKey }, `New API key for ${id}: ${res.apiKey}\n${v['keep-old'] ? 'Earlier keys still work.' : 'Earlier keys no longer work.'}`);
        return;
      }
      case 'remove': {
        const id = positionalId(positionals, v, command);
        if (!(await store.remove(id))) throw new UsageError(`no site with id "${id}"`);
        await rulesStore?.remove(id);
        print({ id, removed: true }, `Removed site ${id}; its keys no longer work.`);
        return;
      }
      case 'set': {
        const id = positionalId(positionals, v, command);
        const patch: SitePatch = {};
        if (v.name !== undefined) patch.name = v.name.trim();
        if (v.origins !== undefined) patch.origins = origins(v.origins);
        if (v['webhook-url'] !== undefined) patch.webhookUrl = await checkedWebhookUrl(v['webhook-url'], allowPrivateWebhooks);
        if (v['webhook-include-email'] !== undefined) patch.webhookIncludeEmail = bool('webhook-include-email', v['webhook-include-email']);
        if (v['webhook-include-client-info'] !== undefined) {
          patch.webhookIncludeClientInfo = bool('webhook-include-client-info', v['webhook-include-client-info']);
        }
        if (v['rotate-webhook-secret']) patch.rotateWebhookSecret = true;
        const t = thresholds(v);
        if (Object.keys(t).length) patch.thresholds = t;
        const mode = moderationMode(v);
        if (mode !== undefined) patch.moderationMode = mode;
        if (Object.keys(patch).length === 0) throw new UsageError('set: nothing to change (see --help)');
        let site = await store.update(id, patch);
        // The implicit default site gets a record when its mode is first set, so a one-site install can use modes.
        if (!site && id === DEFAULT_SITE_ID && mode !== undefined && (await setModerationMode(store, id, mode))) site = await store.update(id, patch);
        if (!site) throw new UsageError(`no site with id "${id}"`);
        const shown = { ...summary(site), ...(patch.rotateWebhookSecret ? { webhookSecret: site.webhookSecret } : {}) };
        const modeLine = mode === undefined ? '' : `\nModeration mode: ${mode}${mode === 'normal' ? '' : ' (the filter only records what it would have done)'}`;
        print(shown, `Updated site ${id}.${modeLine}${patch.rotateWebhookSecret ? `\nNew webhook secret: ${site.webhookSecret}` : ''}`);
        return;
      }
      case 'rules': {
        const id = positionalId(positionals, v, command);
        if (!rulesStore) throw new Error('rules: no rules store');
        if (id !== DEFAULT_SITE_ID && !(await store.get(id))) throw new UsageError(`no site with id "${id}"`);
        const current = await rulesStore.get(id);
        const next = editedRules(v, current?.rules ?? emptySiteRules());
        const stored = next ? await rulesStore.put(id, next) : current;
        const view = { siteId: id, rules: stored?.rules ?? emptySiteRules(), revision: stored?.revision ?? 0, updatedAt: stored?.updatedAt ?? null };
        print(view, rulesText(view.siteId, view.rules, next !== null));
        return;
      }
    }
  } finally {
    await close();
  }
}

if (isMain(import.meta.url)) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
