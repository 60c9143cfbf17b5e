/**
 * Each process's view of the sites: a cache reloaded whenever the store's version changes (polled
 * every SITE_REFRESH_MS), so a site added by the CLI is live within seconds without a restart.
 * API keys are always checked against Redis itself, so a rotated or removed key fails at once.
 */
import { DEFAULT_SITE_ID, implicitDefaultSite, normaliseOrigin, type ModerationMode, type Site } from '../../models/site.ts';
import type { SiteStore } from '../store/site-store.ts';
import type { Thresholds } from '../spam/policy.ts';

/** Read-side access to sites for the HTTP layer and the workers. */
export interface SiteRegistry {
  /** A site by id; 'default' always exists (implicitly unless configured). */
  get(id: string): Site | undefined;
  /**
   * Like get, but reads the store when the cache may not have caught up yet: for a site it does not hold, and
   * for the implicit default site unless the store was checked within the last two refresh periods.
   */
  load(id: string): Promise<Site | undefined>;
  /**
   * What load() would answer, when the cache can answer it without reading the store; undefined when load() has to
   * read it. The worker asks on every decision: no promise for a site whose cache entry is current.
   */
  peek(id: string): Site | undefined;
  /** Every site, the default one included, by id. */
  list(): Site[];
  /** The site whose allowed origins include this origin, if any. */
  byOrigin(origin: string): Site | undefined;
  /** The site an API key belongs to, or undefined for an unknown or revoked key. */
  byKey(apiKey: string): Promise<Site | undefined>;
  /** The service-wide thresholds with this site's overrides applied. */
  thresholds(siteId: string): Thresholds;
  /** How the site's comments are decided (`normal` for an unknown site). */
  mode(siteId: string): ModerationMode;
  /** Reloads now if the store changed. */
  refresh(): Promise<void>;
  stop(): void;
}

export interface SiteRegistryOptions {
  refreshMs: number;
  defaults: Thresholds;
  onError?: (err: unknown) => void;
}

/** A registry with only the implicit default site, for apps built without a site store. */
export function singleSiteRegistry(defaults: Thresholds): SiteRegistry {
  const site = implicitDefaultSite();
  const get = (id: string) => (id === DEFAULT_SITE_ID ? site : undefined);
  return {
    get,
    load: async (id) => get(id),
    peek: get,
    list: () => [site],
    byOrigin: () => undefined,
    byKey: async () => undefined,
    thresholds: () => ({ ...defaults }),
    mode: () => 'normal',
    refresh: async () => {},
    stop: () => {},
  };
}

export async function createSiteRegistry(store: SiteStore, opts: SiteRegistryOptions): Promise<SiteRegistry> {
  let byId = new Map<string, Site>();
  let origins = new Map<string, Site>();
  let loadedVersion = -1;
  /** When the store's version was last read: the cache is as fresh as that. */
  let checkedAt = -Infinity;
  let refreshing: Promise<void> | null = null;

  const reload = async () => {
    const startedAt = Date.now();
    const version = await store.version();
    if (version === loadedVersion) {
      checkedAt = startedAt;
      return;
    }
    const sites = await store.list();
    const nextById = new Map(sites.map((s) => [s.id, s]));
    const nextOrigins = new Map<string, Site>();
    for (const s of sites) for (const o of s.origins) nextOrigins.set(o, s);
    byId = nextById;
    origins = nextOrigins;
    loadedVersion = version;
    checkedAt = startedAt;
  };
  const refresh = () => {
    refreshing ??= reload().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  // A store that is down at startup must not stop the process: the cache fills on a later poll.
  await refresh().catch((err: unknown) => opts.onError?.(err));
  const timer = setInterval(() => {
    refresh().catch((err: unknown) => opts.onError?.(err));
  }, opts.refreshMs);
  timer.unref();

  const implicit = implicitDefaultSite();
  const get = (id: string) => byId.get(id) ?? (id === DEFAULT_SITE_ID ? implicit : undefined);

  const peek = (id: string): Site | undefined => {
    const cached = get(id);
    if (cached && (byId.has(id) || id !== DEFAULT_SITE_ID)) return cached;
    // The unconfigured default site, on every job of a single-site install: while the cache is fresh it is as
    // current as a configured site's entry (a refresh period or two behind at most), without a read per job.
    if (cached && Date.now() - checkedAt < 2 * opts.refreshMs) return cached;
    return undefined;
  };

  return {
    get,
    peek,
    async load(id) {
      return peek(id) ?? (await store.get(id)) ?? get(id);
    },
    list() {
      const all = byId.has(DEFAULT_SITE_ID) ? [...byId.values()] : [implicit, ...byId.values()];
      return all.sort((a, b) => a.id.localeCompare(b.id));
    },
    byOrigin(origin) {
      const o = normaliseOrigin(origin);
      return o ? origins.get(o) : undefined;
    },
    async byKey(apiKey) {
      const id = await store.siteIdForKey(apiKey);
      if (!id) return undefined;
      return byId.get(id) ?? (await store.get(id)) ?? undefined;
    },
    thresholds(siteId) {
      const o = byId.get(siteId)?.thresholds ?? {};
      const flag = o.flag ?? opts.defaults.flag;
      const reject = Math.max(o.reject ?? opts.defaults.reject, flag);
      return { flag, reject };
    },
    mode: (siteId) => byId.get(siteId)?.moderationMode ?? 'normal',
    refresh,
    stop: () => clearInterval(timer),
  };
}
