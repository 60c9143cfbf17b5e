/**
 * Feature extraction: maps a submission (text plus name/email/website) to the list of string features the
 * naive Bayes model counts. The same function is used for training, scoring and moderator learning, so it
 * must stay deterministic; changing it means retraining, and bumping FEATURE_SET_VERSION when a feature is new or
 * renamed (see there).
 */
import { isCommercialWebsite, isPersonalWebsite } from './website-field.ts';
import { isGenericPraise } from './generic-praise.ts';
import { namesExpert } from './named-expert.ts';
import {
  baseDomain,
  deobfuscatedWords,
  findUrls,
  rawWordTokens,
  wordOfToken,
  joinSpacedLetters,
  joinSpacedRuns,
  matchUrls,
  normalizeText,
  cleanText,
  normalizeNonAscii,
  removeUrlChunks,
  urlDomain,
  findContacts,
  wordTokens,
  type ContactScan,
  NON_ASCII,
  SPACED_HINT,
  URL_HINT,
  isAlnum,
  isDigit,
} from './tokenize.ts';
import { isBusinessName, lexiconFamilies, MAIL_PROVIDERS, SPELLED_TLDS, wordInfo, type WordInfo } from './lexicon.ts';
import { CUE_ASK, CUE_CONTACT, CUE_DIGIT_WORD, CUE_FACTS, CUE_FAMILY, CUE_LETTER, CUE_PHRASE_NEXT, CUE_PHRASE_START, DIGIT_WORDS, currentSlots, nextStamp, tokenSlot, wordSlot, type WordSlot } from './word-slots.ts';
import { isDisposableEmailDomain } from './disposable-email.ts';
import { asksReader } from './reader-requests.ts';
import { warnsAboutSpam, withoutQuotedSpam } from './quoted-warnings.ts';

/**
 * The feature set a model file was trained with, stored in it: loadSpamModel refuses a file of another number, so
 * the service and the CLIs stop until it is retrained. Bumped when a feature is new or renamed, when an older
 * file's counts would be of features this code no longer emits (or it would lack counts for ones it does); not when
 * a rule only changes which existing features a text gives (docs/classifier.md, "the feature set keeps its number").
 *
 * Not bumped for misspelt key words read as the word ("suscribe" → token:subscribe, tokenize.ts keyWordOf): no
 * feature is new or renamed, and a model trained before scores as before on everything but those misspellings. A bump
 * would not touch the sites' learned counts in Redis either way (redis-learning-store.ts keys them by site and
 * feature, never by feature set, and nothing clears them when the number changes); it would only make every model
 * trained with `npm run train` refuse to load until retrained, for no gain. What a site learned from a misspelling
 * before stays counted under the misspelt token, which newer comments no longer give: bump or not, the same.
 *
 * 7: new features `url:business`, `obf:spelled-phone`, `shape:generic` and `text:named-expert`, which a file of
 * set 6 has no counts for.
 */
export const FEATURE_SET_VERSION = 7;

/** What a submission looks like to the classifier. Only `text` is required. */
export interface SubmissionText {
  text: string;
  name?: string | null;
  email?: string | null;
  website?: string | null;
}

/** Knobs for experiments (scripts/bench-classifier.ts); production always uses DEFAULT_FEATURE_OPTIONS. */
export interface FeatureOptions {
  /** Word bigrams ("b:check_out"). */
  bigrams: boolean;
  /** Character n-grams inside de-obfuscated words, against spelling tricks; 0 disables. */
  charNgrams: number;
  /** Emit each feature once per document (binarised NB) instead of once per occurrence. */
  binary: boolean;
  /** URL/domain/link-count tokens. */
  urls: boolean;
  /** Shape features: capitals, exclamation marks, long numbers, money. */
  shape: boolean;
  /** Features from name / email / website fields. */
  meta: boolean;
  /** Spam-family lexicon features (`lex:`) and the business-name feature. */
  lexicon: boolean;
  /** Contact channels and obfuscated addresses (`contact:`, `obf:`, `email:disposable`). */
  contacts: boolean;
  /** Kinds of link beyond the domain: referral codes, social profiles, shops, fundraisers, downloads (`url:`). */
  linkKinds: boolean;
  /**
   * Requests to the reader (`ask:reader`), the same with a link that is not a reference source (`ask:link`) or with at
   * most three words (`ask:bare`).
   */
  asks?: boolean;
}

export const DEFAULT_FEATURE_OPTIONS: Readonly<FeatureOptions> = Object.freeze({
  bigrams: false,
  charNgrams: 0,
  binary: true,
  urls: true,
  shape: true,
  meta: true,
  lexicon: true,
  contacts: true,
  linkKinds: true,
  asks: true,
});

/** What the cheap checks of the normalised text find; see scanText. */
interface TextScan {
  /** At least 12 letters, more than half of them capitals. */
  caps: boolean;
  /** ASCII digits. */
  digits: number;
  /** Contains "!!". */
  excl: boolean;
  /** Passes mayHaveUrl: worth running the URL scan. */
  url: boolean;
  /** Passes the spaced-letters pre-check: worth running joinSpacedRuns. */
  spaced: boolean;
}

const NOT_DIGITS_G = /[^0-9]+/g;
const NOT_CAPITALS_G = /[^A-Z]+/g;
const NOT_LETTERS_G = /[^A-Za-z]+/g;
/** Seven ASCII capitals, counted from the start (each [^A-Z]* stops at a capital, so the test is linear). */
const SEVEN_CAPITALS = /^(?:[^A-Z]*[A-Z]){7}/;

/**
 * Counts and pre-checks of the text, each a native string or regex operation rather than a loop over the
 * characters in JavaScript: a batch of comments is mostly over before the optimising compiler has compiled such a
 * loop, and until then each character costs dozens of interpreted instructions. The URL and spaced-letters
 * pre-checks (tokenize.ts) decide whether their scans need to run at all.
 */
function scanText(text: string, ascii: boolean): TextScan {
  // Most texts have no digit: one native test instead of building the string of digits.
  const digits = HAS_DIGIT.test(text) ? text.replace(NOT_DIGITS_G, '').length : 0;
  return {
    caps: ascii ? asciiCaps(text) : unicodeCaps(text),
    digits,
    excl: text.includes('!!'),
    url: URL_HINT.test(text),
    spaced: SPACED_HINT.test(text),
  };
}

/** At least 12 letters and more than half of them capitals, for ASCII text. */
function asciiCaps(text: string): boolean {
  // Fewer than 7 capitals cannot be more than half of 12 or more letters; most texts have fewer, which one native
  // test tells without building the string of capitals.
  if (!SEVEN_CAPITALS.test(text)) return false;
  const upper = text.replace(NOT_CAPITALS_G, '').length;
  const letters = text.replace(NOT_LETTERS_G, '').length;
  return letters >= 12 && upper / letters > 0.5;
}

/**
 * asciiCaps for text with other characters: a letter is what has a case (Unicode case mapping). The ASCII letters
 * are counted natively; only the other characters (one UTF-16 unit at a time) go through the case mapping.
 */
function unicodeCaps(text: string): boolean {
  let upper = text.replace(NOT_CAPITALS_G, '').length;
  let letters = text.replace(NOT_LETTERS_G, '').length;
  const other = text.replace(ASCII_RUNS_G, '');
  for (let i = 0; i < other.length; i++) {
    const ch = other[i]!;
    if (ch.toLowerCase() !== ch) {
      letters++;
      upper++;
    } else if (ch.toUpperCase() !== ch) letters++;
  }
  return letters >= 12 && upper / letters > 0.5;
}

// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL on purpose
const ASCII_RUNS_G = /[\x00-\x7f]+/g;

/** Three single-letter words in a row: the shortest run of letters that may spell out an address. */
const LETTER_RUN = 8;
/**
 * A word that starts a phrase right before a phrase's second word (CUE_PHRASE_START, then CUE_PHRASE_NEXT, adjacent in
 * the word list): where a phrase may be found.
 */
const PHRASE_PAIR = 256;
/** SPELLED_PHONE_DIGITS digits written as words in a row ("five five five zero one …"): where a spelled-out phone number may be. */
const DIGIT_RUN = 1024;
/** Digits a phone number has at the least (without its area code). */
const SPELLED_PHONE_DIGITS = 7;
/** Where the lexicon may find a family: without these bits lexiconFamilies finds none. */
const LEXICON_CUES = CUE_FAMILY | PHRASE_PAIR;
const ALL_CUES = CUE_FACTS | CUE_LETTER | CUE_CONTACT | CUE_ASK | LETTER_RUN | CUE_FAMILY | CUE_PHRASE_START | CUE_PHRASE_NEXT | PHRASE_PAIR | DIGIT_RUN;

/**
 * The lexicon's facts about each word of the comment being extracted, index-aligned with its word list (entries past
 * its length are left over from earlier comments and never read). Extraction is synchronous, so one list serves
 * every call.
 */
const wordFacts: Array<WordInfo | undefined> = [];

/** Features other than words a list holds before it looks them up in a Set rather than scanning for them. */
const SCAN_LIMIT = 16;

/**
 * Order-preserving list of features; with `unique` each feature is kept once (binarised NB). Words come first:
 * wordFeatures lists them itself, kept once through their slots (word-slots.ts), and `add` then only checks the
 * features after them (for extractFeaturesWithSlots the words are in its WordSlotList instead, and `out` holds none). A word never equals another feature (those all hold a colon, which no word does), and the
 * few other features of a comment are scanned, with a Set only for the rare comment that has many (links, bigrams).
 */
class FeatureList {
  readonly out: string[] = [];
  /** How many of `out` are the words (set by wordFeatures when `unique` and the words are listed in `out`). */
  words = 0;
  /**
   * What the words may take part in (set by wordFeatures): CUE_* bits of word-slots.ts, with LETTER_RUN, PHRASE_PAIR
   * and DIGIT_RUN (above) for what neighbouring words show. Every bit when not known.
   */
  cues = ALL_CUES;
  private seen: Set<string> | null = null;
  constructor(readonly unique: boolean) {}
  add(f: string): void {
    const out = this.out;
    if (this.unique) {
      const seen = this.seen;
      if (seen !== null) {
        // One hash operation: the Set grows only for a feature it did not hold.
        const before = seen.size;
        seen.add(f);
        if (seen.size === before) return;
      } else {
        for (let i = this.words; i < out.length; i++) if (out[i] === f) return;
        if (out.length - this.words >= SCAN_LIMIT) this.seen = new Set(out.slice(this.words)).add(f);
      }
    }
    out.push(f);
  }
}

/**
 * Work per comment is bounded whatever the caller passes in: every stage is linear, and these caps keep the constant
 * small. They sit above the API's field limits, so nothing a valid submission holds is ignored.
 */
export const MAX_SCORED_TEXT = 20_000;
export const MAX_SCORED_FIELD = 1_000;

function bounded(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  return value.length > max ? value.slice(0, max) : value;
}

/**
 * A long number that is not a count: shortcodes, account and phone numbers. A number that continues a formatted one
 * ("2,124923004") or counts something ("5277478 comments", "1000000 views") is a reader talking about numbers.
 * The lookahead-and-backreference makes the number's match atomic, so the check after it runs once per number.
 */
const LONG_NUMBER = /(?<![\d,.])(?=(\d{5,}|\d{3,}[ -]\d{3,}))\1(?![\d,.]*\s*(?:views|comments|likes|subscribers|subs|people|times|years|miles|km|dollars)\b)/i;
/**
 * A cryptocurrency address (Bitcoin legacy, SegWit, Ethereum): where crypto and fund-recovery spam sends the money.
 * Bounded repetitions, so the work per start position is bounded too.
 */
const WALLET = /(?<![A-Za-z0-9])(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[02-9ac-hj-np-z]{25,60}|0x[0-9a-fA-F]{40})(?![A-Za-z0-9])/;
const MONEY = /[£$€]\s?\d|\d\s?(?:[£$€]|usd|dollars?|euros?|bucks)\b/i;
/**
 * Zeros written as the letter O in a number ("8OOO dollars", "$5OO", "1O,OOO"): a figure spelled to get past a filter.
 * Only inside a run that starts with a digit and is not part of a word ("3Ohms", "2nd" stay as they are). This is
 * the definition; it backtracks quadratically on a long run of digits with no O after it ("1111…", "1,1,1,…": from
 * each digit to the run's end), so it never runs on user input: readLetterOZeros finds the same matches in linear time
 * (a test holds them to each other).
 */
export const LETTER_O_ZEROS_DEFINITION = /(?<![A-Za-z])\d[\d,.]*[Oo][\dOo,.]*(?![A-Za-z])/g;
/** A digit, comma or point right before an O: without one the definition has no match. */
const DIGIT_BEFORE_O = /[\d,.][Oo]/;
const LETTER_O_G = /[Oo]/g;

const isDigitOrSeparator = (c: number): boolean => isDigit(c) || c === 44 || c === 46;
const isO = (c: number): boolean => c === 79 || c === 111;
const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * `text` with the Os of LETTER_O_ZEROS_DEFINITION's matches read as zeros, in linear time: the definition's search,
 * left to right, except that a start that fails skips the starts after it that would fail the same way.
 */
export function readLetterOZeros(text: string): string {
  if (!DIGIT_BEFORE_O.test(text)) return text;
  const n = text.length;
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < n) {
    if (!isDigit(text.charCodeAt(i)) || (i > 0 && isAsciiLetter(text.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    // \d[\d,.]*[Oo]: the run ends at the same place from every digit of it, so when no O ends it none of them matches.
    let o = i + 1;
    while (o < n && isDigitOrSeparator(text.charCodeAt(o))) o++;
    if (o >= n || !isO(text.charCodeAt(o))) {
      i = o;
      continue;
    }
    // [\dOo,.]*(?![A-Za-z]): the greedy tail, given back up to the last place no letter follows.
    let end = o + 1;
    while (end < n && (isDigitOrSeparator(text.charCodeAt(end)) || isO(text.charCodeAt(end)))) end++;
    if (end < n && isAsciiLetter(text.charCodeAt(end))) {
      end--;
      while (end > o && isO(text.charCodeAt(end))) end--;
      // Only Os between the first and the letter: no start in this run matches, nor any in its tail (no digit there).
      if (end === o) {
        i = o + 1;
        continue;
      }
    }
    out += text.slice(copied, i) + text.slice(i, end).replace(LETTER_O_G, '0');
    copied = end;
    i = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Link shorteners: the target is hidden, which is what a spammer wants and a reader citing a source does not. */
const SHORTENERS = new Set([
  'bit.ly', 'goo.gl', 'tinyurl.com', 't.co', 'ow.ly', 'is.gd', 'adf.ly', 'buff.ly', 'rebrand.ly', 'cutt.ly', 'shorturl.at',
  'rb.gy', 'tiny.cc', 'bl.ink', 'lnkd.in', 'shorte.st', 'bc.vc', 'v.gd', 'qr.net', 'u.to', 'x.co', 'linktr.ee', 'wa.me', 't.me',
  'linkbucks.com', 'adfoc.us', 'sh.st', 'ouo.io', 'shrinkme.io', 'clk.sh',
]);

/**
 * Sources readers cite: news agencies and public broadcasters, reference works, governments and international
 * institutions. A link to one of them is a small ham cue; any other link is neutral by itself.
 */
const REFERENCE_DOMAINS = new Set([
  'reuters.com', 'apnews.com', 'bbc.co.uk', 'bbc.com', 'wikipedia.org', 'wikimedia.org', 'nytimes.com', 'washingtonpost.com',
  'theguardian.com', 'ft.com', 'economist.com', 'npr.org', 'pbs.org', 'cnn.com', 'foxnews.com', 'nbcnews.com', 'cbsnews.com',
  'abcnews.go.com', 'aljazeera.com', 'dw.com', 'france24.com', 'lemonde.fr', 'spiegel.de', 'nature.com', 'science.org',
  'who.int', 'un.org', 'europa.eu', 'nasa.gov', 'bloomberg.com', 'wsj.com', 'politico.com', 'politico.eu', 'afp.com',
  'arxiv.org', 'nih.gov', 'cdc.gov', 'gov.uk', 'parliament.uk', 'bundestag.de', 'snopes.com', 'factcheck.org', 'imf.org',
  'worldbank.org', 'oecd.org', 'nato.int', 'jstor.org', 'doi.org', 'nhk.or.jp', 'japantimes.co.jp', 'mofa.go.jp', 'kyodonews.net',
  'britannica.com', 'merriam-webster.com', 'ourworldindata.org', 'pewresearch.org', 'statista.com', 'latimes.com', 'usatoday.com',
  'theatlantic.com', 'axios.com', 'thehill.com', 'newsweek.com', 'time.com', 'independent.co.uk', 'telegraph.co.uk', 'cbc.ca', 'abc.net.au',
]);

/** Public-sector suffixes: ministries, agencies, universities, EU and UN bodies. */
function isReferenceHost(host: string, base: string): boolean {
  if (REFERENCE_DOMAINS.has(base) || REFERENCE_DOMAINS.has(host)) return true;
  const last = host.slice(host.lastIndexOf('.') + 1);
  if (last === 'gov' || last === 'edu' || last === 'int' || last === 'mil') return true;
  // gov.uk, gov.au, go.jp, gouv.fr, gc.ca, ac.uk, edu.au ...
  const labels = host.split('.');
  const second = labels[labels.length - 2];
  return second === 'gov' || second === 'gouv' || second === 'go' || second === 'gc' || second === 'ac' || second === 'edu' || base === 'europa.eu';
}

/** Social networks and streaming sites: a link to a person's page there is self-promotion, a link to a post may be a citation. */
const SOCIAL_HOSTS = new Set([
  'facebook.com', 'fb.com', 'twitter.com', 'x.com', 'instagram.com', 'tiktok.com', 'soundcloud.com', 'twitch.tv', 'reverbnation.com',
  'bandcamp.com', 'youtube.com', 'vk.com', 'pinterest.com', 'tumblr.com', 'myspace.com', 'snapchat.com', 'linkedin.com',
]);
/** Path starts that name a person's or a business's page on a social site, not a post. */
const PROFILE_PATHS = new Set(['pages', 'profile.php', 'user', 'channel', 'c', 'people', 'in', 'groups']);
/** First path segments of a member's page on any site. */
const ACCOUNT_PATHS = new Set(['account', 'accounts', 'user', 'users', 'profile', 'profiles', 'member', 'members', 'u', 'author']);
/** Shops, app stores and marketplaces: a link there sells something. */
const SHOP_HOSTS = new Set(['ebay.com', 'etsy.com', 'teespring.com', 'payhip.com', 'gumroad.com', 'aliexpress.com', 'shopify.com', 'redbubble.com', 'fiverr.com']);
/** Fundraising pages: asking readers for money. */
const FUNDRAISING_HOSTS = new Set(['gofundme.com', 'kickstarter.com', 'indiegogo.com', 'patreon.com', 'ko-fi.com', 'buymeacoffee.com', 'paypal.me', 'cash.app', 'fundly.com']);
/** File hosts: a download handed to strangers. */
const FILE_HOSTS = new Set(['mediafire.com', 'mega.nz', 'mega.co.nz', 'rapidgator.net', 'uploaded.net', 'zippyshare.com', 'thepiratebay.se', 'thepiratebay.org', '4shared.com', 'sendspace.com']);
/** Query parameters and path segments that carry a referral or affiliate code: someone is paid per click. */
const REFERRAL_KEYS = new Set(['ref', 'r', 'refid', 'ref_id', 'referral', 'referrer', 'aff', 'aff_id', 'affid', 'affiliate', 'invite', 'invitecode', 'promo', 'promocode', 'coupon', 'tag', 'friend', 'sponsor', 'rrid']);
const REFERRAL_SEGMENTS = new Set(['ref', 'refer', 'referral', 'invite', 'aff', 'affiliate', 'join']);

/**
 * What kind of link this is, beyond its domain: a referral code, a social profile, a shop or app store, a
 * fundraiser, a file download. These are the link kinds of self-promotion and spam on every site; a link to an
 * article is none of them. One pass over the URL's path and query (`parts`, null when the host is not found in it).
 */
function linkKinds(parts: UrlParts | null, host: string, base: string, fl: FeatureList): void {
  const path = parts === null ? '' : parts.path;
  const query = parts === null ? '' : parts.query;
  const segs = path.split('/').filter((x) => x.length > 0);
  let referral = false;
  for (const s of segs) if (REFERRAL_SEGMENTS.has(s)) referral = true;
  if (query && base !== 'facebook.com' && base !== 'amazon.com') {
    for (const kv of query.split(/[&;#?]/)) {
      const eq = kv.indexOf('=');
      const k = (eq >= 0 ? kv.slice(0, eq) : kv).replace(/^(?:amp;|%3b)/, '');
      if (REFERRAL_KEYS.has(k)) referral = true;
    }
  }
  if (referral) fl.add('url:referral');
  if (SOCIAL_HOSTS.has(base)) {
    const first = segs[0] ?? '';
    // facebook.com/SomePage, soundcloud.com/artist, twitter.com/handle, youtube.com/user/x or /@x: a page, not a post.
    if ((segs.length === 1 && !first.includes('.') && first !== 'watch') || PROFILE_PATHS.has(first) || first.startsWith('@')) fl.add('url:profile');
  } else if (segs.length >= 2 && ACCOUNT_PATHS.has(segs[0]!)) {
    // Any site's member pages: example.com/account/389088-name, /user/name, /members/name.
    fl.add('url:profile');
  }
  if (SHOP_HOSTS.has(base) || (base === 'google.com' && path.startsWith('/store/apps')) || host === 'apps.apple.com' || (base === 'amazon.com' && (segs.includes('dp') || segs.includes('gp')))) fl.add('url:shop');
  if (FUNDRAISING_HOSTS.has(base)) fl.add('url:fundraising');
  if (FILE_HOSTS.has(base) || /\.(?:rar|zip|exe|apk|torrent)$/.test(path)) fl.add('url:download');
}

/** What a link holds after its host, lowercased: the path (with a port, if any) and the query or fragment. */
interface UrlParts {
  path: string;
  query: string;
}

/** The parts of `url` after `host` (urlDomain's), or null when the host is not found in it. */
function urlParts(url: string, host: string): UrlParts | null {
  const lower = url.toLowerCase();
  const start = lower.indexOf(host);
  if (start < 0) return null;
  const rest = lower.slice(start + host.length);
  // The query and the fragment both carry parameters ("?ref=…", "#friend=…").
  let q = rest.indexOf('?');
  const hash = rest.indexOf('#');
  if (q < 0 || (hash >= 0 && hash < q)) q = hash;
  return q >= 0 ? { path: rest.slice(0, q), query: rest.slice(q + 1) } : { path: rest, query: '' };
}

/** Whether the link goes to the site's front page: nothing after the host but a "/", a query or a fragment (a port is not nothing). */
function isFrontPage(parts: UrlParts | null): boolean {
  return parts !== null && (parts.path === '' || parts.path === '/');
}

function isReferenceUrl(u: string): boolean {
  const host = urlDomain(u);
  return host !== null && isReferenceHost(host, baseDomain(host));
}

/** TLDs so common that they say nothing about a link; rarer ones are learned as `tld:<tld>`. */
const COMMON_TLDS = new Set(['com', 'org', 'net', 'edu', 'gov', 'int', 'eu', 'uk', 'de', 'fr', 'it', 'es', 'nl', 'ca', 'au', 'jp', 'us', 'io']);

/**
 * Removes links written without a scheme or "www." ("bit.ly/abc", "example.com/page"), which removeUrlChunks
 * leaves: their pieces ("bit", "ly", "com") are not words the writer used. Each URL is a substring of the text.
 */
function removeBareUrls(text: string, urls: readonly string[]): string {
  let out = text;
  for (const u of urls) if (u.indexOf('://') < 0 && !/^www\./i.test(u) && out.includes(u)) out = out.split(u).join(' ');
  return out;
}

/**
 * Adds the contact-channel and spelled-out-address features found in the word list. A chat app is a contact channel
 * only with a way to reach someone on it: a phone number, handle or link in the text (`reachable`), or a user name
 * with digits right after the app ("telegram: mark22"). "Whatsapp him if you want a lift", "the street's WhatsApp
 * group" and "the school posted it on Telegram" are readers arranging their lives. A social network counts with the same
 * ways to reach someone, or with the writer's own account or a request to be reached on it (`ownAccount`: "follow me
 * on insta", "dm me on IG", "my instagram", "message her on Instagram"), but not in a comment warning about spam
 * that leaves no way to reach anyone there: "I follow her on Instagram", "they posted the photos on Instagram" and
 * "anyone on Instagram promising fixed returns is a scam" name where something happens, not where to write.
 */
function wordContactFeatures(words: readonly string[], facts: ReadonlyArray<WordInfo | undefined>, reachable: boolean, prose: string, fl: FeatureList): void {
  let letterRun = '';
  const n = words.length;
  // Whether the comment warns about spam, read once and only when a social network is named with no way to reach anyone.
  let warns: boolean | undefined;
  // The words written just before a hyphenated "dot-com", read once and only when a "dot <tld>" is met.
  let eraWords: ReadonlySet<string> | undefined;
  for (let i = 0; i < n; i++) {
    const w = words[i]!;
    // The word lists of messengers and mail providers are among the lexicon's facts; most words are in neither.
    const info = facts[i];
    if (info?.messenger && (reachable || (i + 1 < n && HAS_DIGIT.test(words[i + 1]!)) || (!info.chatApp && ownAccount(words, i) && !(warns ??= warnsAboutSpam(prose))))) fl.add('contact:messenger');
    // A chat app written in two ("tele gram @x", "whats app +1 …"), with the same condition.
    else if (info?.splitApp !== undefined && i + 1 < n && words[i + 1] === info.splitApp && (reachable || (i + 2 < n && HAS_DIGIT.test(words[i + 2]!)))) fl.add('contact:messenger');
    if (w.length === 1 && w >= 'a' && w <= 'z') {
      letterRun += w;
      continue;
    }
    if (letterRun) {
      if (spellsUrl(letterRun, false)) fl.add('obf:spelled-url');
      letterRun = '';
    }
    if (w === 'dot' && i > 0 && i + 1 < n && SPELLED_TLDS.has(words[i + 1]!) && spellsAddress(words[i - 1]!, facts[i - 1], (eraWords ??= wordsBeforeHyphenatedDot(prose)))) {
      fl.add('obf:spelled-url');
      if (MAIL_PROVIDERS.has(words[i - 1]!)) fl.add('contact:email');
    } else if (info?.mailProvider && i + 1 < n && (words[i + 1] === 'com' || words[i + 1] === 'dot')) {
      fl.add('contact:email');
    }
  }
  if (letterRun && spellsUrl(letterRun, true)) fl.add('obf:spelled-url');
}

/**
 * Whether the words hold a phone number spelled out: SPELLED_PHONE_DIGITS digits or more written as words in a row
 * ("plus one eight eight eight five five five zero one four four"), other than a count ("one two three four five six
 * seven eight", a song's or a drill's).
 */
function spellsPhone(words: readonly string[]): boolean {
  let run = 0;
  let counting = true;
  let previous = -1;
  for (let i = 0; i < words.length; i++) {
    const d = DIGIT_WORDS.get(words[i]!);
    if (d === undefined) {
      run = 0;
      continue;
    }
    counting = run === 0 || (counting && d === previous + 1);
    previous = d;
    if (++run >= SPELLED_PHONE_DIGITS && !counting) return true;
  }
  return false;
}

/**
 * Whether the word before a "dot <tld>" is the name of an address ("gmail dot com", "cheapmeds dot net"). A name is no
 * determiner or preposition ("the dot-com crash", "a dot com startup", "after dot com"), and the era and its companies are
 * written with a hyphen ("internet dot-com bubble", "dot-coms"), which the words have lost, so the text is read for the
 * words written just before one (`eraWords`): only those occurrences are the era's, and a "dot-com era" elsewhere in a
 * comment does not hide "cheapmeds dot com". A webmail provider before the dot always names an address.
 */
function spellsAddress(before: string, info: WordInfo | undefined, eraWords: ReadonlySet<string>): boolean {
  if (info?.mailProvider) return true;
  return !BEFORE_A_NOUN.has(before) && !eraWords.has(before);
}

/** A letter or digit as the words are made of them (any non-ASCII character counted as a letter). */
function isWordChar(c: number): boolean {
  return isAlnum(c) || c >= 0xc0;
}

/**
 * The words (lower-cased) written just before each hyphenated "dot-com" of a text. Linear: each match walks back
 * over the separators and the word before it, which lie between it and the match before.
 */
function wordsBeforeHyphenatedDot(prose: string): ReadonlySet<string> {
  const out = new Set<string>();
  DOT_COM_HYPHENATED.lastIndex = 0;
  for (let m = DOT_COM_HYPHENATED.exec(prose); m; m = DOT_COM_HYPHENATED.exec(prose)) {
    let end = m.index;
    while (end > 0 && !isWordChar(prose.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > 0 && isWordChar(prose.charCodeAt(start - 1))) start--;
    if (start < end) out.add(prose.slice(start, end).toLowerCase());
  }
  return out;
}

/** Determiners and prepositions: "the dot com bubble", "in the dot com days", "after dot com". No address follows them. */
const BEFORE_A_NOUN: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'his', 'her', 'their', 'its', 'your', 'of', 'in', 'during', 'after', 'before',
  'since', 'like', 'pre', 'post', 'until', 'till',
]);

/** "dot-com", "dot-coms", "dot-net": the word for the era and its companies, not an address. */
const DOT_COM_HYPHENATED = /\bdot-(?:com|net|org)s?\b/gi;

/** Objects of a request to be reached: the writer ("follow me on", "find us on"). */
const WRITER: ReadonlySet<string> = new Set(['me', 'us']);
/** The writer's go-between ("contact him on Instagram"), only after a verb of getting in touch. */
const GO_BETWEEN: ReadonlySet<string> = new Set(['him', 'her', 'them']);
const REACH_VERBS: ReadonlySet<string> = new Set(['message', 'msg', 'dm', 'contact', 'reach', 'inbox', 'email', 'text', 'write', 'pm']);
/** Prepositions between the object and the network: "me on insta", "me at IG", "me via snapchat", "me up on kik". */
const ON_NETWORK: ReadonlySet<string> = new Set(['on', 'at', 'via', 'in']);

/**
 * Whether the social network at words[i] is the writer's own account or where the writer asks to be reached: "my
 * instagram", "our insta"; "follow me on insta", "add me on snapchat", "hit me up on IG" (not a report, "she
 * messaged me on Instagram"); "contact her on Instagram". A reader names the network for what happens there.
 */
function ownAccount(words: readonly string[], i: number): boolean {
  if (i < 1) return false;
  const prev = words[i - 1]!;
  if (prev === 'my' || prev === 'our') return true;
  if (i < 2 || !ON_NETWORK.has(prev)) return false;
  let obj = i - 2;
  if (words[obj] === 'up' && obj >= 1) obj--;
  const o = words[obj]!;
  const verb = obj >= 1 ? words[obj - 1]! : '';
  // A verb in the past tense before "me on <network>" reports what happened rather than asks: "she messaged me on IG".
  if (WRITER.has(o)) return !verb.endsWith('ed');
  return GO_BETWEEN.has(o) && REACH_VERBS.has(verb);
}

/**
 * "w w w . x . c o m" tokenises to single letters: a run of them spelling "www", or a TLD after a word (`atEnd`: the
 * run ends the text), is an address spelled out.
 */
function spellsUrl(letterRun: string, atEnd: boolean): boolean {
  return letterRun.length >= 3 && (letterRun.startsWith('www') || (SPELLED_TLDS.has(letterRun) && atEnd) || letterRun.endsWith('com') || letterRun.endsWith('net') || letterRun.endsWith('org'));
}

/** A digit: a word holding one after a messaging app is a user name on it. */
const HAS_DIGIT = /[0-9]/;

/** No links found (shared, never modified). */
const NO_URLS: readonly string[] = Object.freeze([]);

/**
 * Deterministic feature list for a submission. Plain words appear as-is; other features carry a prefix
 * (`b:` bigram, `lex:` spam family, `contact:`/`obf:` contact channels, `url:`/`dom:`/`tld:`/`links:` links,
 * `shape:`, `name:`, `email:`, `edom:`, `wdom:`). A link by itself adds nothing: only its kind does (shortener,
 * several links, a rare TLD, a reference source, a link in the name field).
 * One pass per stage, regexes only behind cheap pre-checks; pure (no state kept between calls). Each stage is a
 * small function of its own: the optimising compiler compiles the stages every comment runs soon and cheaply,
 * and a rare path taken for the first time (a link, an e-mail address) sends only its own stage back to the
 * interpreter, not the whole extraction.
 */
export function extractFeatures(sub: SubmissionText, opts: Readonly<FeatureOptions> = DEFAULT_FEATURE_OPTIONS): string[] {
  return collectFeatures(sub, opts, null);
}

/**
 * The word slots of the comment extractFeaturesWithSlots last extracted: `slots[0..count)`, one per word listed, in
 * order; the word is the slot's `word`. Entries past `count` are left over from earlier comments and never read: the
 * list is not emptied between comments, since setting an array's length to 0 gives up its storage and every comment
 * would then grow it again from nothing, a costly store per word in baseline code (the classify CLI's).
 */
export class WordSlotList {
  readonly slots: WordSlot[] = [];
  count = 0;
}

/**
 * extractFeatures with the default options, for the scorer, which reaches its memo of a word's weight through the
 * word's slot without looking the word up again: the words are listed in `list` (their slots) and the returned list
 * holds the other features only. The words are not copied into it as well: a feature list is a new array per comment,
 * and in baseline code (a short batch) each store that grows it costs hundreds of instructions.
 */
export function extractFeaturesWithSlots(sub: SubmissionText, list: WordSlotList): string[] {
  return collectFeatures(sub, DEFAULT_FEATURE_OPTIONS, list);
}

function collectFeatures(sub: SubmissionText, opts: Readonly<FeatureOptions>, list: WordSlotList | null): string[] {
  const fl = new FeatureList(opts.binary);
  // normalizeText, keeping what it learns: whether the text is all ASCII (most are), which later stages ask too.
  const cleaned = cleanText(bounded(sub.text, MAX_SCORED_TEXT));
  const cleanAscii = !NON_ASCII.test(cleaned);
  let text = cleanAscii ? cleaned : normalizeNonAscii(cleaned);
  const ascii = cleanAscii || !NON_ASCII.test(text);
  let scan = scanText(text, ascii);
  const zeros = scan.digits > 0 ? readLetterOZeros(text) : text;
  if (zeros !== text) {
    // The figure is read as the number it spells; whether the comment shouts is read from what was written.
    text = zeros;
    scan = { ...scanText(text, ascii), caps: scan.caps };
  }
  const contacts = opts.contacts && (scan.digits >= 9 || text.includes('@')) ? findContacts(text) : null;
  const urls = scan.url ? linksIn(text, contacts) : NO_URLS;
  // Remove URLs before word tokenisation so their path noise does not become "words", and before looking for phone
  // numbers and long numbers: the digits of an article's address ("/articles/s41586-023-0001") are neither.
  const linkFree = urls.length ? removeBareUrls(removeUrlChunks(text), urls) : text;
  const prose = urls.length ? joinSpacedLetters(linkFree) : scan.spaced ? joinSpacedRuns(text) : text;
  const reach = contacts && urls.length && (contacts.phone || contacts.handle) ? findContacts(linkFree) : contacts;
  // The lexicon's facts about each word, gathered with the words, for the lexicon and the contact channels.
  const facts = wordFacts;
  // Links and separators taken out of an ASCII text leave it ASCII.
  const words = wordFeatures(prose, ascii, fl, facts, list);
  const cues = fl.cues;
  if (opts.bigrams) bigramFeatures(words, fl);
  if (opts.charNgrams > 0) charNgramFeatures(words, opts.charNgrams, fl);
  const money = scan.digits > 0 && MONEY.test(text);
  // A comment whose every link goes to a reference source cites it: "check out the figures: <a ministry's page>" asks
  // the reader to read a source, not to act for the writer, so calls to action and requests are not looked for.
  const cites = urls.length > 0 && urls.every((u) => isReferenceUrl(u));
  const beforeContacts = fl.out.length;
  if (opts.contacts) {
    if (scan.digits >= 2 && linkFree.length >= 26 && WALLET.test(linkFree)) fl.add('contact:wallet');
    if (reach?.phone) fl.add('contact:phone');
    if (contacts?.email) fl.add('contact:email');
    if (reach?.handle) fl.add('contact:handle');
    const spelledPhone = (cues & DIGIT_RUN) !== 0 && spellsPhone(words);
    // A phone number all the same, as "gmail dot com" is an e-mail address (wordContactFeatures).
    if (spelledPhone) {
      fl.add('obf:spelled-phone');
      fl.add('contact:phone');
    }
    // Without a contact word or three single letters in a row there is no channel and no spelled-out address.
    if ((cues & (CUE_CONTACT | LETTER_RUN)) !== 0) wordContactFeatures(words, facts, spelledPhone || urls.length > 0 || (reach !== null && (reach.phone || reach.handle)), prose, fl);
  }
  // The contact stage adds only contact channels and spelled-out addresses: any feature it added is a way to reach someone.
  const reachable = fl.out.length > beforeContacts || (urls.length > 0 && !cites);
  // Without a one-word family, an earning word, an audience's noun or a phrase's first two words in a row the lexicon finds no family
  // (lexiconFamilies gives []), and so lexiconFeatures adds nothing: most comments skip its scans.
  if (opts.lexicon && (cues & LEXICON_CUES) !== 0) lexiconFeatures(sub, words, prose, ascii, money, cites, urls.length > 0, reachable, facts, fl);

  // An ASCII text none of whose words ends in a request's verb has no request (ENDS_IN_VERB): its regex pre-check is
  // skipped for most comments.
  if (opts.asks && !cites && (!ascii || (cues & CUE_ASK) !== 0) && asksReader(prose, urls.length > 0) && !quotesRequest(prose)) {
    fl.add('ask:reader');
    // A request with (almost) nothing else to say is the message ("Subscribe", "give it a like").
    if (words.length <= 3) fl.add('ask:bare');
    // Not citing (checked above), so any link here goes somewhere other than a reference source.
    if (urls.length > 0) fl.add('ask:link');
  }
  // A testimonial's "expert" named by title and full name (named-expert.ts); a warning that names the scammer and
  // leaves no way to reach anyone is about spam, as with the lexicon's families.
  if (opts.lexicon && namesExpert(prose) && (reachable || !warnsAboutSpam(prose))) fl.add('text:named-expert');
  if (opts.urls && urls.length) linkFeatures(urls, words.length, cites, opts.linkKinds, fl);
  if (opts.shape) shapeFeatures(scan, money, linkFree, words.length, urls.length, fl);
  if (opts.meta) fieldFeatures(sub, opts, words, fl);
  // Binarised NB: presence, not frequency, is what separates short comments; first occurrence order is kept.
  return fl.out;
}

/** The links of the text; the domain of an e-mail address is not one. */
function linksIn(text: string, contacts: ContactScan | null): readonly string[] {
  const urls = matchUrls(text);
  if (contacts === null || contacts.emailDomains.length === 0 || urls.length === 0) return urls;
  return urls.filter((u) => !contacts.emailDomains.includes(u.toLowerCase()));
}

/**
 * The words of the text (at most 40 characters each), each added as a feature; returns them in order, and appends
 * the lexicon's facts about each to `facts`. A binarised list keeps a word once by stamping its slot; with `list`
 * the words listed go there as their slots instead of into the feature list (extractFeaturesWithSlots).
 */
function wordFeatures(prose: string, ascii: boolean, fl: FeatureList, facts: Array<WordInfo | undefined>, list: WordSlotList | null): string[] {
  return fl.unique ? slottedWords(prose, ascii, fl, facts, list) : listedWords(prose, ascii, fl, facts);
}

/**
 * wordFeatures for a binarised list. The text's tokens are read before deobfuscation (rawWordTokens) and each is
 * looked up in the slots, which remember each token's word: a token seen before costs that lookup alone, and only a
 * token that is not its own word ("don't", "v1agra") is replaced in the list by its word. The list then equals
 * deobfuscatedWords' without the words over 40 characters.
 */
function slottedWords(prose: string, ascii: boolean, fl: FeatureList, facts: Array<WordInfo | undefined>, list: WordSlotList | null): string[] {
  const words = rawWordTokens(prose, ascii);
  let long = false;
  // Facts are stored by index, not pushed: `facts` is reused from comment to comment.
  let k = 0;
  const stamp = nextStamp();
  const memo = currentSlots();
  // The words listed go to the scorer's slot list when there is one, else into the feature list.
  const slots = list === null ? null : list.slots;
  const out = fl.out;
  let listed = 0;
  let cues = 0;
  let letters = 0;
  let digitWords = 0;
  // The cues of the word before in the list (long words left out), for PHRASE_PAIR.
  let before = 0;
  const n = words.length;
  for (let i = 0; i < n; i++) {
    const t = words[i]!;
    let slot = memo.get(t);
    if (slot === undefined) {
      if (t.length > 40) {
        // A token this long may still stand for a short word ("freeeee…"): its word is worked out every time, as such
        // tokens are rare and would fill the memo.
        const w = wordOfToken(t);
        words[i] = w;
        if (w.length > 40) {
          long = true;
          // Not looked at for a verb: count it as ending in one, so the request scan still runs.
          cues |= CUE_ASK;
          continue;
        }
        slot = wordSlot(w);
      } else {
        slot = tokenSlot(t);
        if (slot.word !== t) words[i] = slot.word;
      }
    }
    facts[k++] = slot.info;
    const cue = slot.cues;
    if (cue !== 0) {
      cues |= cue;
      // Consecutive in the list without the long words, as wordContactFeatures and lexiconFamilies see them.
      if ((cue & CUE_LETTER) !== 0) {
        if (++letters >= 3) cues |= LETTER_RUN;
      } else letters = 0;
      if ((cue & CUE_PHRASE_NEXT) !== 0 && (before & CUE_PHRASE_START) !== 0) cues |= PHRASE_PAIR;
      if ((cue & CUE_DIGIT_WORD) !== 0) {
        if (++digitWords >= SPELLED_PHONE_DIGITS) cues |= DIGIT_RUN;
      } else digitWords = 0;
    } else {
      letters = 0;
      digitWords = 0;
    }
    before = cue;
    if (slot.stamp !== stamp) {
      slot.stamp = stamp;
      if (slots !== null) slots[listed++] = slot;
      else out[listed++] = slot.word;
    }
  }
  if (list !== null) list.count = listed;
  else fl.words = listed;
  fl.cues = cues;
  return long ? words.filter((w) => w.length <= 40) : words;
}

/** wordFeatures for a list that keeps every occurrence. */
function listedWords(prose: string, ascii: boolean, fl: FeatureList, facts: Array<WordInfo | undefined>): string[] {
  const words = deobfuscatedWords(prose, ascii);
  let long = false;
  let k = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.length > 40) long = true;
    else {
      fl.add(w);
      facts[k++] = wordInfo(w);
    }
  }
  return long ? words.filter((w) => w.length <= 40) : words;
}

function bigramFeatures(words: readonly string[], fl: FeatureList): void {
  for (let i = 1; i < words.length; i++) fl.add(`b:${words[i - 1]}_${words[i]}`);
}

function charNgramFeatures(words: readonly string[], n: number, fl: FeatureList): void {
  for (const w of words) {
    if (w.length <= n) continue;
    const padded = `^${w}$`;
    for (let i = 0; i + n <= padded.length; i++) fl.add(`c:${padded.slice(i, i + n)}`);
  }
}

/**
 * The lexicon's families. `reachable`: the comment leaves a way to reach someone (a contact channel, a spelled-out
 * address, a link that is not a reference source).
 */
function lexiconFeatures(sub: SubmissionText, words: readonly string[], prose: string, ascii: boolean, money: boolean, cites: boolean, linked: boolean, reachable: boolean, facts: ReadonlyArray<WordInfo | undefined>, fl: FeatureList): void {
  let families = lexiconFamilies(words, money, facts, linked);
  // An SEO compliment counts only in a comment that carries something to promote, and the writer's channel named only in
  // one that points the reader somewhere; each is read only when its family matched.
  const promotes = reachable || !families.includes('seo') || promotesInFields(sub);
  const points = reachable || !families.includes('selfpromo') || pointsReader(prose, linked, families);
  if (!promotes || !points) families = lexiconFamilies(words, money, facts, linked, false, promotes, points);
  if (families.length > 0) {
    // A reader warning about spam quotes its phrases: the families are read from the comment without its quotes.
    const own = withoutQuotedSpam(prose);
    let ownWords = words;
    let ownFacts = facts;
    if (own !== null) {
      ownWords = deobfuscatedWords(own, ascii);
      ownFacts = ownWords.map((w) => wordInfo(w));
      families = lexiconFamilies(ownWords, money, ownFacts, linked, false, promotes, points);
    }
    // A warning that names the scam without quoting it ("don't trust anyone offering to recover your bitcoin") and
    // leaves no way to reach anyone is about spam, not spam: the scam's topic words and phrases are not the writer's.
    // What still counts is the writer's own voice (a first-person claim: "the spell caster brought my husband back")
    // and requests to act or get in touch. Spam dressed as a warning ("beware of fake brokers…") mostly gives a contact.
    // Quoted passages were taken out only from a comment that warns, so then the warning need not be looked for again.
    if (families.length > 0 && !reachable && (own !== null || warnsAboutSpam(prose))) {
      families = lexiconFamilies(ownWords, money, ownFacts, linked, true, promotes, points);
    }
  }
  for (let i = 0; i < families.length; i++) {
    const f = families[i]!;
    if (!cites || !isRequestFamily(f)) fl.add(`lex:${f}`);
  }
}

/** Whether the Website field is filled in. */
function hasWebsite(sub: SubmissionText): boolean {
  return bounded(sub.website, MAX_SCORED_FIELD).trim() !== '';
}

/**
 * The first word of a name of one or two words, for isPersonalWebsite (website-field.ts); '' otherwise. A person's
 * name is one or two words; a keyword name is longer ("water damage restoration phoenix") and is what its site is
 * named after.
 */
function personalFirstName(raw: string | null | undefined): string {
  const name = raw ? wordTokens(normalizeText(bounded(raw, MAX_SCORED_FIELD))) : [];
  return name.length <= 2 ? (name[0] ?? '') : '';
}

/**
 * Whether the name or Website field carries something to promote: a Website, or a name that is a link or a business
 * ("Best SEO Services"). A reader's own name and no Website carry nothing.
 */
function promotesInFields(sub: SubmissionText): boolean {
  return hasWebsite(sub) || nameFeature(sub.name, true) !== null;
}

/**
 * Whether the comment points the reader somewhere: a request (to act, to get in touch, a call to action), or the words
 * that send an audience to the writer's things ("check it", "please", "if anyone wants", "enjoy", "subscribers").
 */
function pointsReader(prose: string, linked: boolean, families: readonly string[]): boolean {
  for (let i = 0; i < families.length; i++) if (isRequestFamily(families[i]!)) return true;
  return POINTER_WORDS.test(prose) || asksReader(prose, linked);
}

/** Words that send an audience somewhere (pointsReader). */
const POINTER_WORDS = /\b(?:check|watch|listen|look|visit|follow|support|enjoy|subs?|subscribe|subscribers|views|please|pls|plz|pliz|plizz|plis|send|guys|anyone|anybody|everyone|if (?:you|u)|would mean|appreciate|let me know|tell me|feedback)\b/i;

/** Calls to action and requests to get in touch (with their `+`): what a comment asks, not what it is about. */
function isRequestFamily(f: string): boolean {
  return f === 'cta' || f === 'cta+' || f === 'reachme' || f === 'reachme+';
}

/** True when the only request to the reader in `prose` is inside a quoted spam message the comment warns about. */
function quotesRequest(prose: string): boolean {
  const own = withoutQuotedSpam(prose);
  return own !== null && !asksReader(own);
}

/** The kinds of the links (at least one): how many, bare, their domains and TLDs, shorteners, reference sources, what they do. */
function linkFeatures(urls: readonly string[], wordCount: number, cites: boolean, kinds: boolean, fl: FeatureList): void {
  const linkCount = urls.length;
  // A link with (almost) nothing to say around it is the message, unless it is a reference source ("Source: …").
  if (wordCount <= 3 && !cites) fl.add('links:bare');
  if (linkCount === 2) fl.add('links:2');
  else if (linkCount > 2) fl.add('links:3+');
  for (const u of urls) {
    const host = urlDomain(u);
    if (!host) continue;
    const base = baseDomain(host);
    // Read once for url:business and linkKinds.
    const parts = kinds ? urlParts(u, host) : null;
    fl.add(`dom:${base}`);
    const tld = host.slice(host.lastIndexOf('.') + 1);
    if (!COMMON_TLDS.has(tld)) fl.add(`tld:${tld}`);
    if (SHORTENERS.has(host) || SHORTENERS.has(base)) fl.add('url:shortener');
    else if (isReferenceHost(host, base)) fl.add('url:reference');
    // A business's front page linked in the text, as the Website field's web:business (fifth set: "check
    // luxebagsoutlet.com"). A page further in is what a reader links to show a product or cite an article
    // ("discounttire.com/buy-tires/…", "mayoclinic.org/diseases-conditions/…").
    else if (kinds && isFrontPage(parts) && isCommercialWebsite(host, base)) fl.add('url:business');
    if (kinds) linkKinds(parts, host, base, fl);
  }
}

function shapeFeatures(scan: TextScan, money: boolean, linkFree: string, n: number, linkCount: number, fl: FeatureList): void {
  if (scan.caps) fl.add('shape:caps');
  if (scan.excl) fl.add('shape:excl');
  // A long number needs at least 3 ASCII digits; most comments have none.
  if (scan.digits >= 3 && LONG_NUMBER.test(linkFree)) fl.add('shape:longnum');
  if (money) fl.add('shape:money');
  // No words at all: a link alone ("shape:nowords", with links:bare), or just punctuation or emoji (short).
  fl.add(n === 0 ? (linkCount > 0 ? 'shape:nowords' : 'shape:len0') : n < 4 ? 'shape:len0' : n < 12 ? 'shape:len1' : n < 40 ? 'shape:len2' : 'shape:len3');
}

/** The name, e-mail and website fields; `words` are the text's, for the generic-praise cue. */
function fieldFeatures(sub: SubmissionText, opts: Readonly<FeatureOptions>, words: readonly string[], fl: FeatureList): void {
  // Most submissions leave these fields out: an absent or empty field is skipped before any string work on it.
  const name = nameFeature(sub.name, opts.lexicon);
  if (name !== null) fl.add(name);
  if (sub.email) emailFeatures(sub.email, opts, fl);
  if (sub.website) websiteFeatures(sub.website, sub.name, opts, words, fl);
}

/**
 * The name field's feature: a link (name:url) or, when `business` asks for it, a business name (name:business); null
 * for a person's name or an absent field.
 */
function nameFeature(raw: string | null | undefined, business: boolean): 'name:url' | 'name:business' | null {
  if (!raw) return null;
  const name = normalizeText(bounded(raw, MAX_SCORED_FIELD));
  if (!name) return null;
  // The words of a name that is a link are the link's (name:url), not a second kind of evidence.
  if (findUrls(name).length > 0) return 'name:url';
  return business && isBusinessName(wordTokens(name)) ? 'name:business' : null;
}

/** The e-mail field: its domain, and whether it is a throwaway one. */
function emailFeatures(raw: string, opts: Readonly<FeatureOptions>, fl: FeatureList): void {
  const email = bounded(raw, MAX_SCORED_FIELD).trim().toLowerCase();
  const at = email.lastIndexOf('@');
  if (at > 0) {
    const domain = email.slice(at + 1);
    fl.add(`edom:${baseDomain(domain)}`);
    if (opts.contacts && domain.includes('.') && isDisposableEmailDomain(domain)) fl.add('email:disposable');
  }
}

/**
 * The website field: its domain, whether it is a business's, and whether the text with it is praise that names nothing
 * of the post (shape:generic) on a site that is not plainly the commenter's own (`name`, the name field).
 */
function websiteFeatures(raw: string, name: string | null | undefined, opts: Readonly<FeatureOptions>, words: readonly string[], fl: FeatureList): void {
  const site = bounded(raw, MAX_SCORED_FIELD).trim();
  if (!site) return;
  const host = urlDomain(site);
  const base = host ? baseDomain(host) : '';
  if (host) {
    fl.add(`wdom:${base}`);
    if (opts.lexicon && isCommercialWebsite(host, base)) fl.add('web:business');
  }
  // The link is the message (generic-praise.ts); a reader with their own blog writes "Great post, thanks for sharing!"
  // too. No corpus has a Website field, so this is a hand-set prior only.
  if (opts.shape && isGenericPraise(words) && !(host && isPersonalWebsite(host, base, personalFirstName(name)))) fl.add('shape:generic');
}
