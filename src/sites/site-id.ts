/** A new site's id when none is given: a slug of its name plus a random suffix, so names may repeat. */
import { randomBytes } from 'node:crypto';

export function siteIdFromName(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return `${s || 'site'}-${randomBytes(3).toString('hex')}`;
}
