/**
 * Setting a site's moderation mode (normal, shadow, hold-all), shared by the admin API and `npm run sites`.
 * The implicit default site has no record until something is configured on it, so setting its mode
 * creates the record first (with the default site's settings and a key no one is shown).
 */
import { DEFAULT_SITE_ID, implicitDefaultSite, type ModerationMode, type Site } from '../../models/site.ts';
import { SiteInputError, type SiteStore } from '../store/site-store.ts';

/** The site with its new mode, or null when there is no such site. */
export async function setModerationMode(store: SiteStore, siteId: string, mode: ModerationMode): Promise<Site | null> {
  const updated = await store.update(siteId, { moderationMode: mode });
  if (updated || siteId !== DEFAULT_SITE_ID) return updated;
  const d = implicitDefaultSite();
  try {
    const { site } = await store.create({ id: d.id, name: d.name, origins: [], webhookUrl: null, webhookIncludeEmail: false, thresholds: {}, moderationMode: mode });
    return site;
  } catch (err) {
    // Another writer configured the default site meanwhile: set the mode on theirs.
    if (err instanceof SiteInputError) return store.update(siteId, { moderationMode: mode });
    throw err;
  }
}
