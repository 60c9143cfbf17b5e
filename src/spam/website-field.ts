/**
 * The commenter's Website field: whether the site it names reads like a business rather than a person. A blog's
 * comment form sends this field with every comment, and the commonest blog spam is a bland compliment ("Great
 * post, thanks for sharing") whose only purpose is this link; its domain names the business
 * ("cheap-essay-writers", "bestcbdgummiesusa", "plumbernearme-la"). A reader's own site is their name, their blog
 * or a code or blog host. Domain labels are written without spaces, so the words are found as substrings; only
 * words long or specific enough not to sit inside another word are listed ("shop" is in "workshop", "store" in
 * "restore", "dating" in "updating", "slim" in "muslim", "seo" in "seoul"), and no topic a reader blogs about
 * ("keto", "reviews", "trading"): a person's site named after a hobby is not a business's.
 */

/** Business and spam-family words, matched inside the domain's labels. */
const COMMERCIAL_STEMS: readonly string[] = [
  'seoservice', 'seoexpert', 'seoagency', 'seocompany', 'seotool', 'bestseo', 'topseo', 'cheapseo', 'backlink',
  'marketing', 'agency', 'services', 'hosting', 'webdesign', 'smm', 'followers', 'loan', 'payday', 'credit',
  'insurance', 'mortgage', 'casino', 'slots', 'poker', 'betting', 'essay', 'dissertation', 'assignment', 'homework',
  'pharma', 'pills', 'viagra', 'cialis', 'meds', 'weightloss', 'slimming', 'cbd', 'supplement', 'gummies', 'replica',
  'outlet', 'cheap', 'discount', 'coupon', 'wholesale', 'plumb', 'cleaning', 'roofing', 'locksmith', 'movers',
  'remodel', 'repair', 'lawyer', 'attorney', 'dentist', 'clinic', 'training', 'institute', 'courses', 'cracked',
  'keygen', 'download', 'crypto', 'bitcoin', 'forex', 'escort', 'hookup', 'vbucks', 'robux', 'activation', 'support',
  'helpdesk', 'printer', 'jewelry', 'handbag', 'watches', 'jerseys', 'pestcontrol', 'pestpro', 'exterminat', 'hvac',
  'landscaping', 'implants',
];

/**
 * Generic top-level domains sold mostly for campaigns, not for people's sites. Not the cheap ones people put their own
 * pages on (.xyz, .site, .online, .club, .work: a developer's "jane.xyz", a chess club's page): on its own this
 * feature takes a reader's comment to about 0.43, one mild cue short of being held.
 */
const COMMERCIAL_TLDS: ReadonlySet<string> = new Set([
  'shop', 'store', 'biz', 'top', 'buzz', 'loan', 'loans', 'casino', 'bet', 'vip', 'win', 'icu', 'sale', 'deals',
  'discount', 'review', 'reviews', 'click', 'link',
]);

/** Hosts of people's own pages: the label in front of them is a person's or a blog's name, not the host's. */
const PERSONAL_HOSTS: ReadonlySet<string> = new Set([
  'github.com', 'github.io', 'gitlab.com', 'wordpress.com', 'blogspot.com', 'substack.com', 'medium.com', 'tumblr.com',
  'about.me', 'linkedin.com', 'mastodon.social', 'bsky.app', 'codeberg.org', 'neocities.org',
]);

/** Longest label looked at: DNS allows 63 characters. */
const MAX_LABEL = 63;

/**
 * True when `host` (lowercase, without "www.") is on a campaign TLD or its registrable name holds a business
 * word. `base` is its registrable domain (tokenize.ts baseDomain).
 */
export function isCommercialWebsite(host: string, base: string): boolean {
  if (PERSONAL_HOSTS.has(base)) return false;
  const dot = base.indexOf('.');
  const tld = host.slice(host.lastIndexOf('.') + 1);
  if (COMMERCIAL_TLDS.has(tld)) return true;
  const name = (dot < 0 ? base : base.slice(0, dot)).slice(0, MAX_LABEL);
  for (const stem of COMMERCIAL_STEMS) if (name.includes(stem)) return true;
  return false;
}

/**
 * True when the Website is plainly a person's own page: on a host of people's pages (a blog or code host) or named
 * after the commenter ("Olivia" and oliviakeller.com). `first` is the name field's first word, lowercase; shorter than
 * three letters it is not looked for. A business can be named after a person too, so this only spares a comment
 * that says nothing else from the generic-praise cue (generic-praise.ts), never from web:business.
 */
export function isPersonalWebsite(host: string, base: string, first: string): boolean {
  if (PERSONAL_HOSTS.has(base)) return true;
  if (first.length < 3) return false;
  const dot = base.indexOf('.');
  return (dot < 0 ? base : base.slice(0, dot)).slice(0, MAX_LABEL).includes(first);
}
