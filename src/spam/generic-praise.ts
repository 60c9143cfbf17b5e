/**
 * A comment that says nothing about the post it is under: praise, thanks, "bookmarked", "will share it", and no
 * word of the post's subject. Blog spam written to carry a Website link is made of such sentences, reworded every
 * time ("I truly enjoyed reading this. You have explained everything so nicely."; "Nice review, very detailed. I
 * have also written about this topic."; "Thank you for this helpful guide, I shared it with my team."), so a list
 * of its phrases never catches up with it; what it cannot do without costing the spammer a comment per post is name
 * something the post is about. A reader who leaves their own site names what they tried, changed or disagree with
 * ("I tried this with oat milk", "the cardboard took longer to break down"): in the five hand-written sets every
 * reader with a Website field has six or more words outside this vocabulary.
 *
 * The vocabulary is what a comment says about any post on any site: praise and its adverbs, the nouns of a post
 * and of a blog, reading, writing, sharing, bookmarking and coming back, greetings and thanks. No topic word is in
 * it, and no word is in it for one comment. Stopwords (stopwords.ts) are neither generic nor specific.
 */
import { isStopword } from './stopwords.ts';

const GENERIC_WORDS: ReadonlySet<string> = new Set([
  // Praise, and the adverbs that pad it.
  'nice', 'great', 'good', 'awesome', 'amazing', 'wonderful', 'excellent', 'fantastic', 'lovely', 'beautiful',
  'brilliant', 'superb', 'informative', 'helpful', 'useful', 'valuable', 'interesting', 'detailed', 'clear',
  'clearly', 'nicely', 'well', 'truly', 'definitely', 'totally', 'quite', 'indeed', 'perfect', 'perfectly',
  'impressive', 'insightful', 'thorough', 'fabulous', 'cool', 'wow', 'best', 'much', 'lot', 'lots', 'many',
  'also', 'always', 'new',
  // A post and a blog, whatever they are about.
  'post', 'posts', 'article', 'articles', 'blog', 'blogs', 'site', 'sites', 'website', 'websites', 'page', 'pages',
  'content', 'info', 'information', 'writeup', 'guide', 'guides', 'tutorial', 'tutorials', 'review', 'reviews',
  'topic', 'topics', 'piece', 'work', 'stuff', 'author', 'authors', 'details', 'point', 'points', 'knowledge',
  'subject', 'ideas', 'tips', 'resource', 'resources', 'something', 'everything', 'anything', 'way', 'job',
  'effort', 'efforts', 'time',
  // Reading it, writing it, sharing it, keeping it, coming back to it.
  'read', 'reading', 'reads', 'write', 'written', 'writing', 'thanks', 'thank', 'thx', 'sharing', 'share',
  'shared', 'bookmark', 'bookmarks', 'bookmarked', 'bookmarking', 'found', 'find', 'visit', 'visiting', 'come',
  'coming', 'came', 'back', 'check', 'learn', 'learned', 'learnt', 'enjoyed', 'enjoy', 'like', 'liked', 'love',
  'loved', 'appreciate', 'keep', 'explained', 'explain', 'provide', 'provided', 'searching', 'search', 'google',
  'stumbled', 'stumbleupon', 'recommend', 'recommended', 'looking', 'look', 'looks', 'forward', 'future',
  'reference', 'regularly', 'put', 'together', 'related', 'similar',
  // Greetings, and whom the post will be shared with.
  'hi', 'hello', 'hey', 'dear', 'admin', 'glad', 'happy', 'friends', 'family', 'team', 'everyone', 'people',
  // Contractions the tokeniser reads as words ("I'll", "I'd").
  'ill', 'id',
]);

/** Fewer words than this are too short to tell ("Thanks!", "Great post"). */
const MIN_WORDS = 4;

/**
 * True when `words` (the comment's words, as the tokeniser reads them) hold at least four words that are not
 * stopwords and at most one in eight of them outside the generic vocabulary: praise with nothing of the post in it.
 */
export function isGenericPraise(words: readonly string[]): boolean {
  const seen = new Set<string>();
  let specific = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (seen.has(w) || isStopword(w)) continue;
    seen.add(w);
    if (!GENERIC_WORDS.has(w)) specific++;
  }
  return seen.size >= MIN_WORDS && specific <= Math.floor(seen.size / 8);
}
