/**
 * Hand-made lexicons of the spam families that move from site to site (pharma, loans, casino, essays, followers,
 * replica goods, tech support, spell casters, fund recovery, earnings claims, calls to action, self-promotion...).
 * Corpus vocabulary is the vocabulary of the corpus's topic; these phrases are the vocabulary of the spammer's
 * business, which is the same under a music video, a news article or a blog post. Matching is one Map lookup per
 * word of the already tokenised text and one per step down the phrase trie from it (O(words × the longest phrase)),
 * never a regular expression.
 */
import { isDigit, wordOfToken } from './tokenize.ts';

/** The spam families a comment can be matched to; each becomes the feature `lex:<family>`. */
export type LexiconFamily =
  | 'pharma'
  | 'loan'
  | 'casino'
  | 'essay'
  | 'followers'
  | 'replica'
  | 'techsupport'
  | 'spell'
  | 'recovery'
  | 'crypto'
  | 'earnings'
  | 'cta'
  | 'reachme'
  | 'selfpromo'
  | 'prize'
  | 'adult'
  | 'seo'
  | 'diet'
  | 'gamegoods'
  | 'testimony';

/** The SEO trade's own words: what it sells and where it points ("backlinks", "visit my site"). */
const SEO_BUSINESS: readonly string[] = [
  'seo', 'backlinks', 'backlink', 'seo services', 'web design company', 'digital marketing', 'marketing agency',
  'rank your', 'first page of google', 'website traffic', 'guest post', 'guest posting', 'link building',
  'visit my site', 'visit my website', 'training institute', 'best training', 'at the best price', 'placement assistance',
  'free quotes', 'best deals',
];
/**
 * The bland compliments whose purpose is what the comment carries: a link, the Website or name field, a way to get in
 * touch. A reader writes them too ("Great post, thanks for sharing! Worked on my Pi 4."): they count only in a comment
 * that carries something to promote (lexiconFamilies' `promotes`).
 */
const SEO_COMPLIMENTS: readonly string[] = [
  'great post', 'nice post', 'informative post', 'keep sharing', 'thanks for sharing', 'really informative', 'useful information',
  'nice article', 'great article', 'informative article', 'informative blog', 'very informative', 'nice blog', 'great blog',
  'wonderful blog', 'awesome post', 'excellent post', 'nice information', 'valuable information', 'thanks for this post',
  'thank you for sharing', 'thanks for the information', 'keep posting', 'keep writing', 'waiting for more', 'more such content',
  'wonderful content', 'lovely content', 'great content', 'quality content', 'appreciate the effort', 'coolest bloggers',
  'found your blog', 'stumbled upon your', 'bookmarking your', 'bookmarked your', 'thanks admin', 'thank you admin',
  'fellow blogger', 'enjoyed browsing', 'subscribing to your feed', 'share it with my friends', 'useful info', 'good read',
  'nice content', 'very useful for', 'very helpful for us', 'blog layout', 'made blogging look easy', 'overall look of your',
  'been blogging', 'keep up the great work', 'keep up the good work', 'come back for more', 'been reading your posts',
  'been reading your blog', 'useful content',
  // Fifth set (docs/classifier.md, "A fifth set"), and its template's "found your blog via Google while searching for a
  // related topic, your site came up … I've bookmarked it".
  'amazing article', 'amazing post', 'awesome article', 'excellent article', 'wonderful article', 'wonderful post',
  'fantastic article', 'fantastic post', 'covered every point', 'your site came up', 'searching for a related',
  'a related topic', 'bookmarked it', 'ive bookmarked', 'i have bookmarked',
];
const COMPLIMENT_SET: ReadonlySet<string> = new Set(SEO_COMPLIMENTS);
/**
 * The writer's own channel, videos or music named: self-promotion when the comment points the reader at them ("check
 * it", "if anyone wants", "please", a link), a creator's report otherwise ("I reviewed this game on my channel", "my
 * band covered this at our school concert"). lexiconFamilies' `points`.
 */
const MEDIA_MENTIONS: ReadonlySet<string> = new Set([
  'my channel', 'my new channel', 'my videos', 'my video', 'my music', 'my song', 'my songs', 'my youtube', 'my cover', 'our channel',
  'my rap', 'my vids', 'my vid', 'my covers', 'my mixtape', 'my band', 'my podcast', 'my stream', 'my gaming channel',
]);

/**
 * Phrases per family, lowercase, apostrophes dropped, of any length. They are written as spammers write them ("f4f",
 * "sub4sub"); the tables below hold each word as the tokeniser reads it (lexiconWord), since that is what a comment's
 * words are matched as.
 * A phrase only belongs here when a reader discussing the topic would rarely write it: "loan" alone is news
 * vocabulary, "payday loan" and "loan offer" are not.
 */
const PHRASES: Record<LexiconFamily, readonly string[]> = {
  pharma: [
    'viagra', 'cialis', 'levitra', 'kamagra', 'tadalafil', 'sildenafil', 'tramadol', 'xanax', 'valium', 'oxycodone', 'oxycontin',
    'adderall', 'phentermine', 'ambien', 'soma', 'propecia', 'hydrocodone', 'percocet', 'clonazepam', 'modafinil',
    'no prescription', 'without prescription', 'without a prescription', 'prescription needed', 'online pharmacy',
    'cheap pills', 'diet pills', 'weight loss pills', 'male enhancement', 'penis enlargement', 'erectile dysfunction',
    'ed pills', 'pharmacy online', 'buy pills', 'pills online', 'generic viagra', 'fast delivery', 'discreet shipping',
  ],
  loan: [
    'payday loan', 'payday loans', 'loan offer', 'loan lender', 'loan lenders', 'loan company', 'personal loan', 'personal loans',
    'bad credit', 'instant approval', 'guaranteed approval', 'quick loan', 'fast loan', 'loan approved', 'cash advance',
    'apply for a loan', 'need a loan', 'in need of a loan', 'low interest rate', 'loan at', 'loans at', 'lender', 'credit repair',
    'debt relief', 'business loan', 'urgent loan', 'easy loan',
    'no collateral', 'without collateral', 'no credit check', 'loans available', 'give out loans', 'genuine lender',
    'approve 99',
  ],
  casino: [
    'casino', 'casinos', 'online casino', 'slot machine', 'jackpot', 'roulette', 'blackjack', 'poker online',
    'free spins', 'sportsbook', 'betting tips', 'bet now', 'deposit bonus', 'no deposit', '1xbet', 'gambling site',
  ],
  essay: [
    'essay writing', 'essay writer', 'essay writers', 'write my essay', 'write my paper', 'essay service', 'essays online',
    'custom essay', 'custom essays', 'term paper', 'term papers', 'dissertation help', 'homework help', 'assignment help',
    'coursework help', 'thesis writing', 'plagiarism free', 'research paper writing', 'paper writing service', 'do my homework',
    // Taking a student's class for them, and the nursing papers the trade advertises most.
    'do my online class', 'take my online class', 'do your online class', 'take your online class', 'online class help',
    'pay someone to do my', 'nursing essays', 'nursing papers', 'nursing assignments', 'dissertation writing',
    // Fifth set: exams and assignments done for the student, and the writers hired for them.
    'online exam', 'online exams', 'help with your assignments', 'help with your assignment', 'essay help',
    'exam help', 'assignment writing', 'write your essay', 'write your essays', 'academic writers',
  ],
  followers: [
    'buy followers', 'instagram followers', 'real followers', 'free followers', 'get followers', 'more followers',
    'buy likes', 'free likes', 'buy subscribers', 'youtube views', 'buy views', 'real likes', 'followers and likes',
    'gain followers', 'sub4sub', 'sub 4 sub', 'subscribe4subscribe',
    // The same trade for musicians: streams, listeners and playlists sold.
    'more monthly listeners', 'playlist placement', 'playlist placements', 'playlist curators', 'real listeners', 'real streams',
    'guaranteed growth',
  ],
  replica: [
    'replica', 'replicas', 'replica watches', 'cheap watches', 'fake watches', 'designer handbags',
    'cheap jerseys', 'cheap jordans', 'oakley sunglasses', 'ugg boots', 'knockoff', 'knock off',
    'luxury watches', 'handbags outlet', 'outlet store', 'cheap handbags', 'watches for sale',
    // Fifth set: copies sold by their grade of copy ("1:1 quality", "AAA quality", "mirror quality").
    '1 1 quality', 'aaa quality', 'mirror quality', 'designer bags',
  ],
  techsupport: [
    'tech support', 'technical support', 'customer support', 'customer service number', 'customer care', 'helpline', 'help line',
    'toll free', 'tollfree', 'support number', 'helpdesk number', 'quickbooks', 'printer support', 'printer offline',
    'antivirus support', 'norton support', 'mcafee support', 'router support', 'call us', 'call now', 'call today',
    'contact number', 'support phone',
    'customer care number', 'live agent', 'help desk at', 'printer experts', 'certified techs', 'toll free number',
  ],
  spell: [
    'spell caster', 'spellcaster', 'love spell', 'love spells', 'spell casting', 'cast a spell', 'powerful spell', 'herbal cure',
    'herbal medicine', 'ex back', 'ex lover', 'lost lover', 'traditional healer', 'spiritual healer',
    'black magic', 'voodoo', 'witch doctor', 'his temple', 'marriage problems', 'get my ex',
    'fertility spell', 'lottery spell', 'money spell', 'marriage spell', 'protection spell', 'pregnancy spell',
    'spell temple', 'his spell worked', 'her spell worked', 'spell is real',
    'brought my husband back', 'brought my wife back', 'restored my marriage',
    'restore your marriage', 'return my ex', 'spiritual doctor', 'native doctor',
    'herbalist', 'love potion', 'love portion', 'his herbs', 'her herbs', 'cured my herpes', 'herpes cure',
    'my marriage was restored', 'marriage was restored', 'came back begging',
  ],
  recovery: [
    'fund recovery', 'funds recovery', 'recover my', 'recovered my', 'recover your', 'recover lost', 'lost funds',
    'scammed', 'recovery expert', 'recovery service', 'recovery agent', 'hire a hacker', 'ethical hacker',
    'binary options', 'binary option', 'chargeback', 'wallet recovery', 'stolen funds', 'got my money back', 'recovery company',
    'recovery experts', 'recovery hacker', 'recovery hackers', 'recovery lab', 'recovery services',
    'recovery agency', 'recovery masters', 'recovery pro', 'recover stolen',
    'got all my money back',
    'every penny back', 'every cent back', 'got back my', 'get back my', 'helped me recover', 'my funds back',
    'recover assets', 'asset recovery', 'licensed hacker', 'hiring a hacker', 'retrieval agency', 'retrieve agency',
    'funds retrieval', 'crypto retrieval', 'traced my', 'recovered everything', 'returned it all',
    'got everything back', 'returned everything', 'traced the wallet', 'traced the funds', 'traced the scammer', 'traced the scammers',
  ],
  crypto: [
    'bitcoin', 'bitcoins', 'btc', 'crypto', 'cryptocurrency', 'trading platform', 'investment platform', 'account manager',
    'invest with', 'investment plan', 'usdt', 'ethereum', 'forex trading', 'crypto trader', 'bitcoin trader', 'profit daily', 'daily profit', 'returns on',
    'investing with', 'invested with', 'her broker', 'his broker',
    'trading expert', 'investment expert', 'my portfolio manager', 'forex expert',
    'cryptocurency', 'cryptocurrancy', 'bitcoin mining', 'copy trading', 'trading signals', 'weekly payouts', 'daily payouts',
    'weekly payout', 'trades on my behalf', 'investment programme', 'investment program', 'mining investment',
    'sleeping on crypto', 'sleeping on bitcoin',
    'invests with', 'received my withdrawal', 'successful withdrawal',
    // A token sold before it trades: the pump's vocabulary.
    'liquidity locked', 'dev is doxxed', 'next 100x', 'next 1000x',
  ],
  earnings: [
    'earn money', 'make money', 'making money', 'earn extra', 'extra cash', 'extra income', 'side income', 'passive income',
    'online job', 'online jobs', 'paycheck', 'financial freedom', 'be your own boss', 'quit my job', 'this is what i do',
    'go to this site', 'work from home', 'working from home', 'earn from home', 'make from home', 'make 500', 'earn 500',
    'home job', 'home jobs', 'typing jobs', 'typing job', 'online tasks', 'part time from home',
    'copy paste tasks', 'copy paste jobs', 'copy paste work', 'no experience needed', 'no experience required',
    'no experiance needed', 'no experience is needed', 'extra dollars', 'working online from', 'you can too',
    'you can do it too',
    // Money "flipped": send a little, get ten times back.
    'cash app flip', 'cashapp flip', 'money flip', 'flip your money',
  ],
  cta: [
    'click here', 'click the link', 'click this link', 'visit my', 'visit our', 'visit us', 'check out',
    'check it out', 'sign up', 'signup', 'register now', 'join now', 'order now', 'buy now', 'shop now', 'apply now',
    'act now', 'limited time', 'limited offer', 'dont miss',
    'ask me how', 'i will show you how', 'ill show you how', 'for more info', 'for more information', 'more details', 'link in bio', 'go to my', 'go to this',
    'while supplies last', 'link in my bio', 'link in my profile', 'link in my channel', 'link in my description',
    'site in my profile', 'site in my name', 'in my bio', 'click my name',
    'check my name for', 'link in my name', 'website in my name',
    'check bio',
  ],
  // Asking to be contacted, or to contact the writer's man: spam's way to move the conversation elsewhere, but also
  // how a reader offers a lift or asks for a lost wallet back ("message me on Facebook if you need a lift"). A
  // family of its own, so it holds a comment only with another cue (recipe ceiling), where "click here" need not.
  reachme: [
    'dm me', 'message me', 'contact me', 'email me', 'reach me', 'whatsapp me', 'contact him', 'contact her', 'reach him',
    'reach out to', 'get in touch', 'inbox me', 'email him', 'email her', 'ask me for his', 'ask me for her',
  ],
  // Not "l4l": the tokeniser reads it as "lal", a family name; "like 4 like" says the same without that risk.
  selfpromo: [
    'my channel', 'my new channel', 'my videos', 'my video', 'my music',
    'my song', 'my songs', 'my profile', 'my youtube', 'my instagram', 'my store', 'my shop',
    'please subscribe', 'sub to', 'follow me', 'like my', 'like and subscribe', 'check my channel', 'check my page',
    'check my video', 'check my videos', 'check my music', 'check my song', 'check my new', 'check my profile', 'my cover',
    'our channel', 'our website', 'our site', 'our company', 'our services', 'our service', 'we offer', 'we provide',
    'check me out', 'sub me', 'subscribe to me', 'sub to me', 'follow 4 follow', 'like 4 like', 'f4f',
    'follow for follow', 'my rap', 'my new song', 'my new video', 'my first video', 'come check',
    'please check', 'give it a listen', 'help me reach', 'help me get to', 'please like', 'like this comment', 'support me',
    'sign the petition', 'gofundme', 'my vids', 'my vid', 'my covers', 'my mixtape',
    'my band', 'my app', 'my podcast', 'subscribed to me', 'thumbs up so', 'so everyone can see', 'so more people',
    'subscribe to my', 'subscribe my', 'sub my', 'my playlist', 'this playlist', 'my tracks', 'my new track',
    'my single', 'my new single', 'my remix', 'my beats', 'my fanpage', 'my fan page', 'my soundcloud', 'my twitch',
    'my stream', 'my twitter page', 'listen to my', 'watch my', 'hear my', 'see my new', 'new youtuber',
    'small youtuber', 'upcoming artist', 'upcoming rapper', 'im a rapper', 'i am a rapper', 'aspiring artist',
    'check out this video', 'check out this playlist', 'check out my', 'give me a chance', 'subscribe me', 'subscribe back',
    'sub back', 'subscribe and like', 'subscribe like', 'subscribes to me', 'subscribe to us', 'my newest', 'my new sound',
    'my gaming channel', 'check this out', 'check out this channel', 'this channel', 'join me on',
    'my last upload', 'my latest upload', 'my new upload', 'every sub counts',
    'subbing to everyone', 'road to 500', 'road to 1k', 'shout out everyone who',
    'come join the fam', 'join the stream', 'following is appreciated', 'im live now', 'after you sub',
    'search my channel',
  ],
  prize: [
    'you have won', 'you won', 'claim your', 'claim now', 'to claim', 'cash prize', 'a prize', 'prize draw',
    'gift card', 'giftcard', 'free gift', 'congratulations you', 'you have been selected', 'voucher', 'free entry',
    '100 free', 'guaranteed prize', 'guaranteed cash', 'winner of our',
    'lucky winners', 'one of our winners', 'claim your reward', 'surprise gift', 'use my code', 'enter promo',
    // A prize that asks the reader to hand over an address or a Cash App cash tag in the comments. Not "giving away"
    // or "the first 100 people": a library gives away seed packets, a reader was among the first 100 at the gate.
    'comment your email', 'drop your email', 'send your cashtag', 'send their cashtag', 'drop your cashtag', 'drop their cashtag',
    'comment your cashtag', 'cashtag below', 'cashtag in dm',
  ],
  adult: [
    'hot girls', 'hot singles', 'singles in', 'dating site', 'adult dating', 'hookup', 'nude', 'nudes',
    // Not "xxx": undoing stretched letters reads it as "xx", the kisses that end a friend's message.
    'webcam', 'porn', 'escort', 'escorts', 'horny', 'sex chat',
    'whoever is reading this', 'bored and lonely', 'private pics', 'looking for a real man', 'want to meet tonight',
    'women in your area', 'girls in your area',
    // Fifth set: dating bots' offer, girls or singles "in your city", "no fake profiles".
    'meet beautiful', 'local singles', 'meet singles', 'meet local girls', 'girls in any city', 'fake profiles', 'hot dates',
    'sexy girls', 'lonely ladies', 'lonely women',
  ],
  seo: [
    ...SEO_BUSINESS,
    ...SEO_COMPLIMENTS,
    // Fifth set: a shop's offer, what a seller writes and a reader quoting a price does not ("it's $50 cheaper at Costco").
    'affordable prices', 'clearance sale', 'free shipping', 'off your first order', 'on your first order',
    'lowest price guaranteed', 'cheapest price guaranteed', 'factory price',
  ],
  diet: [
    'lose weight fast', 'burn fat', 'belly fat', 'fat burner', 'fat burning', 'melt fat', 'melts fat',
    'weight loss supplement', 'weight loss pill', 'keto pills', 'keto gummies', 'keto diet pills', 'slim pills',
    'slimming pills', 'no diet or exercise', 'without diet', 'without dieting', 'without exercise',
    'cbd gummies', 'one weird trick', 'doctors hate',
    'keto pill', 'slimming pill', 'no diet and no exercise', 'no diet no exercise',
  ],
  gamegoods: [
    'free vbucks', 'free v bucks', 'vbucks generator', 'free robux', 'robux generator', 'free skins',
    'free uc', 'human verification',
    'rank boosting', 'elo boost', 'elo boosting', 'boost your account', 'account boosting',
    'cheap coins', 'cheap vbucks', 'cheap v bucks', 'cheap robux', 'free games download',
    'aimbot', 'wallhack',
    'knife skins', 'free knife', 'free netflix', 'netflix premium', 'free premium accounts', 'free minecraft',
  ],
  // A testimonial to a named helper: how crypto, recovery, loan and spell-caster spam introduce the person to contact
  // ("with the help of Mrs …", "God bless Dr …", "my mentor is Mr …"). A reader thanks a teacher or a doctor too, so
  // this only holds a comment together with another cue (an amount, a contact channel, a family's phrase).
  testimony: [
    'help of mr', 'help of mrs', 'help of dr', 'god bless mr', 'god bless mrs', 'god bless dr', 'thank you dr',
    'trading with mr', 'trading with mrs', 'trading with her', 'trading with him', 'expert mr', 'expert mrs', 'my mentor is',
    'she is legit', 'he is legit', 'very legit', 'is real and her', 'is real and his', 'his spell is real',
    'i want to testify', 'here to testify', 'can testify to', 'use this medium', 'greetings to everyone',
    'real powerful man',
    'help of ms', 'god bless ms', 'trading with ms', 'expert ms',
    // Sending the reader to look up a third person: how spam promotes someone without a link ("look her name up on
    // the internet", "look him up on Google, he is legit"). Not "look it up" (a reader's "go look it up") nor "search
    // for him": "search" already opens a request to the reader, and the two together held a reader's "search for him on
    // the memorial site".
    'look her up', 'look him up', 'look her name up', 'look his name up', 'look their name up',
    'look up her name', 'look up his name', 'google her name', 'google his name',
  ],
};

/** Every phrase of the lexicon with its family (for tests: each one, alone, must be found). */
export function lexiconPhrases(): Array<[LexiconFamily, string]> {
  return (Object.entries(PHRASES) as Array<[LexiconFamily, readonly string[]]>).flatMap(([f, ps]) => ps.map((p): [LexiconFamily, string] => [f, p]));
}

/**
 * Prior log-odds of each family, for the sites and corpora that never show it: the default corpora hold almost no
 * pharma, loan, essay, replica or spell-caster spam, so without a prior these families would carry no weight.
 * Where the corpora show a family is stronger (calls to action and prizes in SMS, self-promotion on YouTube), the
 * learned evidence is used instead; it never goes below the prior. Values are the odds a moderator would give
 * one match on its own, chosen so that one family plus one other spam cue reaches the flag threshold, and one
 * everyday phrase ("check out", "an hour") does not.
 */
export const LEXICON_PRIOR: Readonly<Record<LexiconFamily, number>> = Object.freeze({
  pharma: 4,
  loan: 3,
  casino: 3,
  essay: 3.5,
  followers: 3.5,
  replica: 3.5,
  techsupport: 2.5,
  spell: 4,
  recovery: 3,
  crypto: 2,
  earnings: 3.5,
  cta: 1,
  reachme: 1,
  selfpromo: 2,
  prize: 1.5,
  adult: 2.5,
  seo: 1.5,
  diet: 2.5,
  gamegoods: 3,
  testimony: 2,
});

/**
 * A phrase's words as the feature extractor reads a comment's (tokenize.ts, wordOfToken: leetspeak digits undone,
 * stretched letters cut to two): "f4f" is matched as "faf", "sub4sub" as "subasub". A phrase the tokeniser would
 * rewrite is otherwise never found.
 */
export function lexiconWords(phrase: string): string[] {
  return phrase.split(' ').map(wordOfToken);
}

const UNI = new Map<string, LexiconFamily>();
/**
 * The phrases of two words or more as a word trie: a lookup walks the comment's next words through nested Maps
 * instead of building "w1 w2", "w1 w2 w3" strings and hashing them (most of the lexicon's cost per comment).
 */
interface PhraseNode {
  /** The phrase ending here and its family (the first family listing it), if one does. */
  phrase?: string;
  family?: LexiconFamily;
  /** The phrase does not count before one of SHARED_TARGETS (TARGETED_PHRASES). */
  targeted?: boolean;
  /**
   * The phrase still counts in a warning that leaves no way to reach anyone (`ownVoiceOnly`): it speaks in the first
   * person ("brought my husband back", "we offer") or asks the reader to act or get in touch.
   */
  ownVoice?: boolean;
  /** A compliment that counts only in a comment carrying something to promote (SEO_COMPLIMENTS). */
  compliment?: boolean;
  /** The writer's own media named, which counts only in a comment that points the reader at it (MEDIA_MENTIONS). */
  mention?: boolean;
  next: Map<string, PhraseNode>;
}
/**
 * Calls to action that readers write too: "check out the FAQ / the comments above / the sequel", "check it out
 * yourself" point the reader at something of the site's or the world's, not at the writer's own ("check out my
 * channel", "check out this offer", "check out <a name or a link>"). These count unless one of SHARED_TARGETS follows.
 */
const TARGETED_PHRASES: ReadonlySet<string> = new Set(['check out', 'check it out']);
/**
 * The words after a targeted phrase that make it point at a shared thing: an article's, a site's, the world's. Also
 * what makes "check out" no request to the reader (reader-requests.ts).
 */
export const SHARED_TARGETS: ReadonlySet<string> = new Set(['the', 'that', 'those', 'a', 'an', 'his', 'her', 'their', 'your', 'yourself', 'yourselves']);
const PHRASE_ROOT = new Map<string, PhraseNode>();
/** Words of the first person: a phrase holding one is the writer's own claim or offer, not a topic. */
const FIRST_PERSON: ReadonlySet<string> = new Set(['i', 'im', 'ive', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our']);
for (const [family, phrases] of Object.entries(PHRASES) as Array<[LexiconFamily, readonly string[]]>) {
  for (const written of phrases) {
    const ws = lexiconWords(written);
    const p = ws.join(' ');
    if (ws.length === 1) {
      if (!UNI.has(p)) UNI.set(p, family);
      continue;
    }
    let level = PHRASE_ROOT;
    let node: PhraseNode | undefined;
    for (const w of ws) {
      node = level.get(w);
      if (!node) {
        node = { next: new Map() };
        level.set(w, node);
      }
      level = node.next;
    }
    if (node!.family === undefined) {
      node!.family = family;
      node!.phrase = p;
      if (TARGETED_PHRASES.has(written)) node!.targeted = true;
      if (family === 'seo' && COMPLIMENT_SET.has(written)) node!.compliment = true;
      if (family === 'selfpromo' && MEDIA_MENTIONS.has(written)) node!.mention = true;
      if (family === 'cta' || family === 'reachme' || ws.some((w) => FIRST_PERSON.has(w))) node!.ownVoice = true;
    }
  }
}

/**
 * Whether the phrase ending at `node` counts with words[at] after it (nothing past the end): a targeted phrase does not
 * before one of SHARED_TARGETS, unless the comment has a link for it to point at (`linked`); a compliment does not in a
 * comment that carries nothing to promote (`promotes`).
 */
function phraseCounts(node: PhraseNode, words: readonly string[], at: number, linked: boolean, promotes: boolean, points: boolean): boolean {
  if ((node.compliment === true && !promotes) || (node.mention === true && !points)) return false;
  return node.targeted !== true || linked || at >= words.length || !SHARED_TARGETS.has(words[at]!);
}

/** Someone earning: an earnings claim needs one of these plus a rate or an amount of money. */
const EARN_WORDS = new Set(['earn', 'earns', 'earned', 'earning', 'makes', 'made', 'make', 'making', 'paid', 'pays', 'income', 'profit', 'profits', 'gets']);
/**
 * The earning words that make a claim with an amount, a rate or a place of work alone ("earned $6,400", "earn from
 * home"); the others ("paid", "made", "making") need an amount and a place of work: "I paid $87,000 in taxes" is a
 * reader talking about taxes, "make it a day ahead" one talking about a recipe, "I make $15 an hour at the grocery
 * store" one talking about wages; "making $200 per hour online from home" is the claim.
 */
const STRONG_EARN_WORDS = new Set(['earn', 'earns', 'earned', 'earning', 'income', 'profit', 'profits']);
/**
 * Selling one's own things: "I made $40 selling my old bike from home" is a sale, not an earnings claim, so the weaker
 * earning words ("made", "make") with an amount and a place of work claim nothing beside one of these.
 */
const SALE_WORDS: ReadonlySet<string> = new Set(['sell', 'sells', 'selling', 'sold', 'sale']);
/** A rate in an earnings claim: "an hour", "per week". */
const RATE_PHRASES = [
  'an hour', 'per hour', 'an hr', 'per hr', 'a day', 'per day', 'a week', 'per week', 'a month', 'per month', 'weekly', 'monthly', 'hourly',
  'every day', 'every week', 'every month', 'each week', 'each month',
];
/** The place of work of an earnings claim, which a wage is not paid at: "from home", "her laptop" ("online" is where readers sell their old things too). */
const PLACE_PHRASES = [
  'from home', 'my laptop', 'her laptop', 'his laptop', 'my phone', 'my smartphone', 'mobile phone', 'my couch', 'kitchen table',
  'working online', 'work online',
];
/** Two-word phrases of `phrases` by their first word, so one is found without building the pair's string. */
function pairsByFirstWord(phrases: readonly string[]): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const p of phrases) {
    const [a, b] = p.split(' ');
    if (b === undefined) continue;
    const set = m.get(a!) ?? new Set<string>();
    set.add(b);
    m.set(a!, set);
  }
  return m;
}
const RATE_NEXT = pairsByFirstWord(RATE_PHRASES);
const PLACE_NEXT = pairsByFirstWord(PLACE_PHRASES);
/** The phrases of one word: rates and places of work by themselves ("weekly"). */
const singleWords = (phrases: readonly string[]): ReadonlySet<string> => new Set(phrases.filter((p) => !p.includes(' ')));
const RATE_WORDS = singleWords(RATE_PHRASES);
const PLACE_WORDS = singleWords(PLACE_PHRASES);

/**
 * What the per-word scans (lexiconFamilies, and the contact scan of features.ts) need to know about one word, so a
 * word costs one Map lookup instead of one per table; most words are in none of them and miss once.
 */
export interface WordInfo {
  /** The family of the one-word phrase this word is. */
  readonly family: LexiconFamily | undefined;
  /** An earning word (EARN_WORDS). */
  readonly earn: boolean;
  /** An earning word that makes a claim with an amount alone (STRONG_EARN_WORDS). */
  readonly strongEarn: boolean;
  /** A word of selling one's own things (SALE_WORDS). */
  readonly sale: boolean;
  /** A rate by itself ("weekly"). */
  readonly rate: boolean;
  /** Second words that make a rate with this one ("an" → "hour"). */
  readonly rateNext: ReadonlySet<string> | undefined;
  /** A place of work by itself ("online"). */
  readonly place: boolean;
  /** Second words that make a place of work with this one ("from" → "home"). */
  readonly placeNext: ReadonlySet<string> | undefined;
  /** Longer phrases starting with this word. */
  readonly phrase: PhraseNode | undefined;
  /** A messaging app or social network (MESSENGER_WORDS). */
  readonly messenger: boolean;
  /** A chat app, a contact channel only with a number or user name to reach (CHAT_APPS). */
  readonly chatApp: boolean;
  /** A webmail provider (MAIL_PROVIDERS). */
  readonly mailProvider: boolean;
  /** The second half that makes this word a chat app written in two ("tele" → "gram": SPLIT_CHAT_APPS). */
  readonly splitApp: string | undefined;
  /** A noun of an audience counted (AUDIENCE_WORDS): whose goal it may be. */
  readonly audience: AudienceOwner | undefined;
}

let wordInfos: Map<string, WordInfo> | null = null;

/** Builds the word table from the lexicon's own tables on first use (they are declared further down this module). */
function buildWordInfos(): Map<string, WordInfo> {
  const keys = new Set<string>([...UNI.keys(), ...EARN_WORDS, ...SALE_WORDS, ...RATE_WORDS, ...RATE_NEXT.keys(), ...PLACE_WORDS, ...PLACE_NEXT.keys(), ...PHRASE_ROOT.keys(), ...MESSENGER_WORDS, ...MAIL_PROVIDERS, ...SPLIT_CHAT_APPS.keys(), ...AUDIENCE_WORDS.keys()]);
  const m = new Map<string, WordInfo>();
  for (const w of keys) {
    m.set(w, {
      family: UNI.get(w),
      earn: EARN_WORDS.has(w),
      strongEarn: STRONG_EARN_WORDS.has(w),
      sale: SALE_WORDS.has(w),
      rate: RATE_WORDS.has(w),
      rateNext: RATE_NEXT.get(w),
      place: PLACE_WORDS.has(w),
      placeNext: PLACE_NEXT.get(w),
      phrase: PHRASE_ROOT.get(w),
      messenger: MESSENGER_WORDS.has(w),
      chatApp: CHAT_APPS.has(w),
      mailProvider: MAIL_PROVIDERS.has(w),
      splitApp: SPLIT_CHAT_APPS.get(w),
      audience: AUDIENCE_WORDS.get(w),
    });
  }
  return m;
}

/** Families found so far and the phrase that first matched each; created on the first match (most comments have none). */
class FamilyMatches {
  readonly out: string[] = [];
  private readonly firstPhrase = new Map<LexiconFamily, string>();
  add(f: LexiconFamily, phrase: string): void {
    const first = this.firstPhrase.get(f);
    if (first === undefined) {
      this.firstPhrase.set(f, phrase);
      this.out.push(f);
    } else if (first !== phrase && !this.out.includes(`${f}+`)) this.out.push(`${f}+`);
  }
}

/** The second words of the phrases of two words or more, built on first use. */
let phraseSecondWords: ReadonlySet<string> | null = null;

/**
 * Whether `word` is the second word of some phrase of two words or more ("out" of "check out"). A phrase of the
 * lexicon is only ever found where a word that starts one (WordInfo.phrase) is followed by one of these, so a comment
 * without such a pair, without a one-word family, an earning word or an audience's noun has no family (lexiconFamilies gives []).
 */
export function isPhraseSecondWord(word: string): boolean {
  if (phraseSecondWords === null) {
    const second = new Set<string>();
    for (const node of PHRASE_ROOT.values()) for (const w of node.next.keys()) second.add(w);
    phraseSecondWords = second;
  }
  return phraseSecondWords.has(word);
}

/** The lexicon's facts about one word; undefined for a word in none of its tables (most words). */
export function wordInfo(word: string): WordInfo | undefined {
  return (wordInfos ??= buildWordInfos()).get(word);
}

/**
 * Families whose phrases occur in `words` (the tokeniser's output), each once, in order of first match; a family
 * matched by two different phrases is reported a second time as `<family>+`. `money` (an amount was written)
 * completes an earnings claim ("earns $85", "made $6,400 from home"). `wordFacts` holds wordInfo of each word, in order,
 * so each word is looked up once for every scan that needs it. `linked`: the comment has a link that is not a reference
 * source, which "check out the …" points at. `ownVoiceOnly`: only the phrases in the writer's own voice (first person)
 * and the requests count, not single words, topic phrases or an earnings claim (a warning about a scam names them).
 * `promotes`: the comment carries something to promote (a link, a way to get in touch, the Website or a business name
 * field), without which an SEO compliment is a reader's ("Great post, thanks for sharing!"). `points`: the comment points
 * the reader somewhere, without which naming the writer's channel is a report ("I reviewed this on my channel").
 */
export function lexiconFamilies(words: readonly string[], money: boolean, wordFacts: ReadonlyArray<WordInfo | undefined>, linked = false, ownVoiceOnly = false, promotes = true, points = true): string[] {
  let found: FamilyMatches | null = null;
  let earn = false;
  let strongEarn = false;
  let rate = false;
  let place = false;
  let sale = false;
  const n = words.length;
  for (let i = 0; i < n; i++) {
    const w = words[i]!;
    const info = wordFacts[i];
    if (info === undefined) continue;
    if (info.family !== undefined && !ownVoiceOnly) (found ??= new FamilyMatches()).add(info.family, w);
    // The writer's own goal: it counts in a warning too.
    if (info.audience !== undefined && asksForAudience(words, i, info.audience)) (found ??= new FamilyMatches()).add('followers', 'count of an audience');
    if (info.earn) {
      earn = true;
      if (info.strongEarn) strongEarn = true;
    }
    if (info.rate) rate = true;
    if (info.place) place = true;
    if (info.sale) sale = true;
    // Reads stay inside the array: an out-of-bounds read makes optimised code bail out.
    if (i + 1 >= n) continue;
    const w1 = words[i + 1]!;
    if (info.rateNext?.has(w1)) rate = true;
    if (info.placeNext?.has(w1)) place = true;
    const n1 = info.phrase;
    if (n1 === undefined) continue;
    // Down the trie word by word, from the phrase's second word.
    let node: PhraseNode | undefined = n1;
    for (let j = i + 1; j < n; j++) {
      node = node.next.get(words[j]!);
      if (node === undefined) break;
      if (node.family !== undefined && (!ownVoiceOnly || node.ownVoice === true) && phraseCounts(node, words, j + 1, linked, promotes, points)) (found ??= new FamilyMatches()).add(node.family, node.phrase!);
    }
  }
  // STRONG_EARN_WORDS claim earnings with a rate, a place of work or an amount; the other earning words need an
  // amount and a place of work, and no sale of the writer's own things.
  if (!ownVoiceOnly && ((strongEarn && (rate || place || money)) || (earn && money && place && !sale))) (found ??= new FamilyMatches()).add('earnings', 'earn+rate');
  return found === null ? [] : found.out;
}

/**
 * Who may be after an audience of this kind: the writer alone ("mine": "if I get 100 subs", not a team's "if we get 5
 * subs", substitutes, nor fans' "if we get a million likes" for the video) or the writer and the writer's group
 * ("ours": "if we reach 500 subscribers").
 */
export type AudienceOwner = 'mine' | 'ours';
/**
 * Begging for an audience: the number of subscribers or followers the writer is after ("if I get 100 subscribers I
 * will …", "help me reach 500 subs", "at 500 subscribers I'm sky diving", "road to 1k followers", "goal: 100 subs"),
 * the `followers` trade seen from the other side. A count of an audience alone is a reader's ("so close to 14,000,000
 * subscribers", "8 million likes"), and so is a goal without a count ("if I get the chance I'll subscribe"): it takes the
 * count, the audience and the writer's goal together (asksForAudience). Views are left out: fans count the video's.
 */
const AUDIENCE_WORDS: ReadonlyMap<string, AudienceOwner> = new Map([
  ['subscribers', 'ours'], ['subscriber', 'ours'], ['followers', 'ours'], ['follower', 'ours'], ['subs', 'mine'], ['likes', 'mine'],
]);
/** Words of a count after its digits ("1 million", "100 k", "1,000" read as "1 000"). */
const COUNT_WORDS: ReadonlySet<string> = new Set(['hundred', 'thousand', 'million', 'k', 'mil']);
/** Words of a goal reached or wanted ("if I get", "help me reach", "I just hit", "I want"). */
const GOAL_WORDS: ReadonlySet<string> = new Set(['get', 'gets', 'getting', 'reach', 'reaching', 'hit', 'hitting', 'gain', 'make', 'want', 'need']);
/**
 * A goal word for subscribers and followers only ("if I got 100 subscribers"): with subs and likes it is a reader's
 * lunch or post ("I got 12 subs for the office", "I got 20 likes").
 */
const AUDIENCE_GOAL_WORD = 'got';
/**
 * Words of a goal right before the count only ("I'm at 87 subs", "going for 1000 followers"): further away they are a
 * reader's story ("when I was at 16 I had 300 followers"). "for" with subscribers and followers only ("I paid for 12 subs").
 */
const AT_COUNT = 'at';
const FOR_COUNT = 'for';
/** The writer alone, and the writer with others ("we'll" and "we're" are read as other words, "well" and "were"). */
const WRITER_ALONE: ReadonlySet<string> = new Set(['i', 'im', 'ive', 'ill', 'id', 'me', 'my']);
const WRITER_AND_OTHERS: ReadonlySet<string> = new Set(['we', 'us', 'our', 'lets']);
/** How many words before the count the writer and the goal are looked for ("if i can get", "help me reach"). */
const GOAL_REACH = 4;

const isWriter = (w: string, owner: AudienceOwner): boolean => WRITER_ALONE.has(w) || (owner === 'ours' && WRITER_AND_OTHERS.has(w));
const isCount = (w: string): boolean => isDigit(w.charCodeAt(0)) || COUNT_WORDS.has(w);

/**
 * Whether the audience word at words[a] is counted as the writer's goal: a count of ten or more right before it (a
 * number word after the digits, as in "1 million", counts), and before the count "road to" or "goal", or the writer
 * within GOAL_REACH words with a goal word there or "at" right before the count, or "at" with the writer right after
 * the audience ("at 500 subscribers I'm …"). A handful of words looked at, for the rare audience word.
 */
function asksForAudience(words: readonly string[], a: number, owner: AudienceOwner): boolean {
  let c = a - 1;
  // A single digit is no audience to be after: "I got 2 subs for lunch", "if we get 5 subs" (substitutes).
  if (c < 0 || !isCount(words[c]!) || (words[c]!.length === 1 && !COUNT_WORDS.has(words[c]!))) return false;
  while (c > 0 && a - c < 3 && isCount(words[c - 1]!)) c--;
  const before = c > 0 ? words[c - 1]! : '';
  if (before === 'goal' || (c >= 2 && ((before === 'to' && words[c - 2] === 'road') || (before === 'is' && words[c - 2] === 'goal')))) return true;
  if (before === AT_COUNT && a + 1 < words.length && isWriter(words[a + 1]!, owner)) return true;
  let writer = false;
  let goal = before === AT_COUNT || (owner === 'ours' && before === FOR_COUNT);
  for (let i = Math.max(0, c - GOAL_REACH); i < c; i++) {
    const w = words[i]!;
    if (isWriter(w, owner)) writer = true;
    else if (GOAL_WORDS.has(w) || (owner === 'ours' && w === AUDIENCE_GOAL_WORD)) goal = true;
  }
  return writer && goal;
}

/** Words that make a name field read like a business or a keyword list rather than a person. */
const BUSINESS_NAME_WORDS = new Set([
  'seo', 'services', 'service', 'agency', 'ltd', 'llc', 'inc', 'company', 'shop', 'store', 'online', 'marketing', 'loans', 'loan',
  'casino', 'pharmacy', 'cheap', 'buy', 'deals', 'solutions', 'repair', 'plumbing', 'movers', 'cleaning', 'lawyer', 'attorney',
  'dentist', 'clinic', 'insurance', 'mortgage', 'essay', 'essays', 'writing', 'replica', 'watches', 'followers', 'hacker',
  'recovery', 'crypto', 'bitcoin', 'forex', 'trading', 'support', 'helpline', 'official', 'best', 'top', 'free', 'sale',
  'discount', 'outlet', 'consulting', 'digital', 'media', 'web', 'design', 'hosting', 'escort', 'escorts', 'dating',
  'expert', 'experts', 'payday', 'promo', 'promotions', 'giveaway', 'pharma', 'meds', 'pills', 'supplements', 'wellness',
  'printer', 'plumber', 'roofing', 'locksmith', 'remodel', 'hacks', 'boost', 'boosting', 'smm', 'cbd', 'keto', 'tips',
  // Local trades named with a place as a keyword ("Best Pest Control Dallas"), and the essay trade's nouns.
  'pest', 'hvac', 'landscaping', 'contractor', 'contractors', 'remodeling', 'exterminator', 'towing', 'roofers',
  'assignment', 'homework', 'dissertation',
  // Fifth set: a roofer and a flight seller named with a place ("Dallas Roof Repair", "Cheap Flights to Dubai").
  'roof', 'flights',
]);

/** True when a name field holds business words ("Best SEO Services", "Cheap Loans Online"). */
export function isBusinessName(nameWords: readonly string[]): boolean {
  let hits = 0;
  // Indexed: for-of makes an iterator and a result per word, which baseline code (a short batch) does not optimise away.
  for (let i = 0; i < nameWords.length; i++) if (BUSINESS_NAME_WORDS.has(nameWords[i]!)) hits++;
  return hits >= 2 || (hits === 1 && nameWords.length === 1 && nameWords[0]!.length > 3);
}

/**
 * Messaging apps spammers move the conversation to. The chat apps among them (CHAT_APPS) are also how readers arrange
 * their lives ("Whatsapp him if you want a lift", "the street's WhatsApp group"): they count only with a way to reach
 * someone on them. The social networks are where self-promotion points the reader. "tele" is Telegram shortened
 * ("Tele: @name"), and the first half of "tele gram" (SPLIT_CHAT_APPS).
 */
const CHAT_APPS: ReadonlySet<string> = new Set(['whatsapp', 'whatapp', 'whatsap', 'watsapp', 'watsap', 'wassap', 'telegram', 'viber', 'wechat', 'signal', 'tele']);
const MESSENGER_WORDS = new Set([...CHAT_APPS, 'kik', 'snapchat', 'instagram', 'insta', 'ig']);
/**
 * Chat apps written as two words to get past a filter ("tele gram", "whats app"): the first half and the second. They
 * count as the app does, only with a way to reach someone on it.
 */
const SPLIT_CHAT_APPS: ReadonlyMap<string, string> = new Map([['tele', 'gram'], ['whats', 'app'], ['whatsa', 'pp'], ['watts', 'app']]);

/** Webmail providers: "gmail dot com" is an e-mail address spelled to get past filters. */
export const MAIL_PROVIDERS: ReadonlySet<string> = new Set(['gmail', 'yahoo', 'hotmail', 'outlook', 'aol', 'protonmail', 'icloud', 'mail', 'yandex', 'gmx']);

/** Top-level domains people spell out as words ("example dot com"). */
export const SPELLED_TLDS: ReadonlySet<string> = new Set(['com', 'net', 'org', 'info', 'biz', 'co', 'io', 'ru', 'xyz', 'me', 'us', 'uk', 'in', 'online', 'site']);

/**
 * Prior log-odds of the structural features no corpus teaches well: contact channels, obfuscated addresses,
 * throwaway e-mail, business names, kinds of links. A link on its own has no feature at all; a link to a reference
 * source is a small ham cue.
 */
const STRUCTURE_PRIOR: Readonly<Record<string, number>> = Object.freeze({
  'contact:phone': 1.5,
  'contact:email': 1.5,
  'contact:handle': 0.5,
  'contact:messenger': 1.5,
  'contact:wallet': 2,
  'obf:spelled-url': 3,
  'email:disposable': 2,
  'name:business': 2,
  'web:business': 3,
  'name:url': 2.5,
  'url:shortener': 2,
  'url:reference': -1.5,
  'links:bare': 2.5,
  'links:2': 0.5,
  'links:3+': 1.5,
  'url:referral': 2.5,
  'url:profile': 1.5,
  'url:shop': 1.5,
  'url:fundraising': 1.5,
  'url:download': 2,
  // Fifth set: a link in the text to a site whose name reads as a business's (website-field.ts), and a phone number
  // spelled out in words ("one eight eight eight five five five …"), written so that a filter does not see it.
  'url:business': 1.5,
  'obf:spelled-phone': 3,
  // Praise that names nothing of the post, with a Website (generic-praise.ts): the bland compliment whose purpose is
  // the link, in whatever words it is reworded.
  'shape:generic': 2.5,
  // A person introduced by title and full name, as testimonials name their "expert" (named-expert.ts).
  'text:named-expert': 2,
});

/** The hand-set prior log-odds of a feature, or undefined for features whose weight is learned from data only. */
export function featurePrior(feature: string): number | undefined {
  if (feature.startsWith('lex:')) {
    // A second, different phrase of the same family: more of the same business, worth about half a first match.
    if (feature.endsWith('+')) return 0.5 * (LEXICON_PRIOR[feature.slice(4, -1) as LexiconFamily] ?? 0);
    return LEXICON_PRIOR[feature.slice(4) as LexiconFamily];
  }
  return STRUCTURE_PRIOR[feature];
}

/** Kinds of evidence; rejecting without review needs strong evidence from at least two of them. */
export type EvidenceKind = 'words' | 'links' | 'contact' | 'business' | 'shape' | 'author';

/** Which kind of evidence a feature is. */
export function evidenceKind(feature: string): EvidenceKind {
  const colon = feature.indexOf(':');
  if (colon < 0) return 'words';
  const p = feature.slice(0, colon);
  // Word bigrams, character n-grams and site phrases (site-phrases.ts) are the words' evidence.
  if (p === 'b' || p === 'c' || p === 'p') return 'words';
  if (p === 'links' || p === 'dom' || p === 'tld' || p === 'url' || p === 'wdom' || feature === 'name:url') return 'links';
  if (p === 'contact' || p === 'obf') return 'contact';
  if (p === 'lex' || p === 'ask' || feature === 'name:business' || feature === 'web:business' || feature === 'text:named-expert') return 'business';
  // A comment without words is whatever else it holds (its link, usually), not a second kind of evidence.
  if (feature === 'shape:nowords') return 'links';
  if (p === 'shape') return 'shape';
  return 'author';
}

/**
 * Corpus vocabulary (words, bigrams, character n-grams, domains and their TLDs), as opposed to the hand-made structural features:
 * the cross-source rule applies to it, and the calibration scales it separately, since a topic's words transfer
 * between sites less than its links, contact channels and lexicon families do.
 */
export function isTopicFeature(f: string): boolean {
  const colon = f.indexOf(':');
  if (colon < 0) return true;
  // Without slicing the prefix: this runs once per feature of every scored comment.
  if (colon === 1) return f.charCodeAt(0) === 98 /* b */ || f.charCodeAt(0) === 99 /* c */;
  return colon === 3 && (f.startsWith('dom') || f.startsWith('tld'));
}

/**
 * Structural features (lexicon families, kinds of link, contact channels, the name and e-mail fields): the
 * calibration gives their learned evidence its own slope. Words, domains and the shape of the text share the other.
 */
export function isStructureFeature(f: string): boolean {
  const colon = f.indexOf(':');
  if (colon < 0) return false;
  const c = f.charCodeAt(0);
  // lex, links, ask, url, contact, obf, name, web, email (not edom or wdom: a domain is vocabulary).
  if (c === 108 /* l */) return f.startsWith('lex:') || f.startsWith('links:');
  if (c === 97 /* a */) return f.startsWith('ask:');
  if (c === 117 /* u */) return f.startsWith('url:');
  if (c === 99 /* c */) return f.startsWith('contact:');
  if (c === 111 /* o */) return f.startsWith('obf:');
  if (c === 110 /* n */) return f.startsWith('name:');
  if (c === 119 /* w */) return f.startsWith('web:');
  return c === 101 /* e */ && f.startsWith('email:');
}
