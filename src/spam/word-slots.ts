/**
 * One memo entry per distinct word, shared by feature extraction and scoring: a word costs one hash lookup per
 * occurrence instead of one for binarising the feature list, one for the lexicon's facts and one for the model's
 * weight. Words recur from comment to comment (a few thousand make up most of any stream), so after the first
 * comments almost every word finds its slot.
 */
import { isPhraseSecondWord, wordInfo, type WordInfo } from './lexicon.ts';
import { wordOfToken } from './tokenize.ts';
import { ENDS_IN_VERB } from './reader-requests.ts';

/** What is remembered about one word. */
export class WordSlot {
  /** The word itself (what tokens that stand for it are replaced by in a word list). */
  readonly word: string;
  /** Number of the last extraction that listed the word, so a binarised list holds it once without a Set. */
  stamp = 0;
  /**
   * The scorer's memo: the id of the weight table its weight below was worked out for, or 0. An id rather than the
   * table itself, so a slot does not keep a replaced table (an older model, other scoring parameters) reachable.
   */
  ownerId = 0;
  /** The scorer's memo: the word's weight for table `ownerId` (undefined when the model does not know the word). */
  weight: unknown = undefined;
  /** The lexicon's facts about the word (lexicon.ts), undefined for most words. */
  readonly info: WordInfo | undefined;
  /** CUE_* bits: what the word may take part in beyond being a word; 0 for most words. */
  readonly cues: number;
  constructor(word: string) {
    this.word = word;
    const info = wordInfo(word);
    this.info = info;
    const c = word.length === 1 ? word.charCodeAt(0) : 0;
    this.cues =
      (info !== undefined ? CUE_FACTS : 0) |
      (c >= 97 && c <= 122 ? CUE_LETTER : 0) |
      (info?.messenger || info?.mailProvider || info?.splitApp !== undefined || word === 'dot' ? CUE_CONTACT : 0) |
      (ENDS_IN_VERB.test(word) ? CUE_ASK : 0) |
      (info !== undefined && (info.family !== undefined || info.earn || info.audience !== undefined) ? CUE_FAMILY : 0) |
      (info?.phrase !== undefined ? CUE_PHRASE_START : 0) |
      (isPhraseSecondWord(word) ? CUE_PHRASE_NEXT : 0) |
      (DIGIT_WORDS.has(word) ? CUE_DIGIT_WORD : 0);
  }
}

/**
 * What a word may take part in, so that a comment none of whose words does skips the scans over its word list: the
 * lexicon knows it (its families, phrases, earnings), it is a single letter a–z (three in a row may spell out an
 * address), it is a contact cue (a messaging app or its first half, a mail provider, "dot"), it ends in a verb that
 * may open a request.
 */
export const CUE_FACTS = 1;
export const CUE_LETTER = 2;
export const CUE_CONTACT = 4;
/** The word ends in a verb of a request to the reader (reader-requests.ts, ENDS_IN_VERB). */
export const CUE_ASK = 16;
/**
 * The lexicon may find a family in a comment only through one of these (lexicon.ts, isPhraseSecondWord): a word that
 * is a family's phrase by itself, an earning word or an audience's noun (CUE_FAMILY), or a word that starts a longer phrase
 * (CUE_PHRASE_START) right before one that is some phrase's second word (CUE_PHRASE_NEXT). Most comments' words are
 * the lexicon's (CUE_FACTS: "i", "my", "the" start phrases) without any such pair, and skip its scan.
 */
export const CUE_FAMILY = 32;
export const CUE_PHRASE_START = 64;
export const CUE_PHRASE_NEXT = 128;
/** A digit written as a word ("five"): seven in a row may spell out a phone number (features.ts, DIGIT_RUN). */
export const CUE_DIGIT_WORD = 512;
/** The digits as words. Not "oh": a song's "oh oh oh oh oh oh oh" is quoted under its video. */
export const DIGIT_WORDS: ReadonlyMap<string, number> = new Map([
  ['zero', 0], ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8], ['nine', 9],
]);

/**
 * Bound on the words remembered: a long-running worker meets an open-ended vocabulary (names, numbers, typos), so
 * the memo starts over when it is full, which costs only the lookups it saved.
 */
const DEFAULT_MAX_SLOTS = 200_000;
let maxSlots = DEFAULT_MAX_SLOTS;

/**
 * For tests only: sets the bound on the words remembered (no argument: back to the default), so the start-over is
 * exercised without scoring 200,000 distinct words. Takes effect at the next extraction.
 */
export function setMaxWordSlotsForTests(max: number = DEFAULT_MAX_SLOTS): void {
  maxSlots = max;
}

let slots = new Map<string, WordSlot>();
/**
 * Tokens that are not words themselves ("don't", "v1agra", "freeeee": see wordOfToken), each with the slot of its word.
 * Kept apart from `slots` so a token that is a word (nearly all) is found by one lookup there, and a word list built
 * from tokens only needs replacing where a token was found here.
 */
let aliases = new Map<string, WordSlot>();
let stamp = 0;

/**
 * Starts an extraction: returns the stamp that marks the words it lists. The memo is only ever emptied here,
 * between extractions, so a word listed by the current one is never forgotten halfway through it.
 */
export function nextStamp(): number {
  if (slots.size + aliases.size >= maxSlots) {
    slots = new Map();
    aliases = new Map();
  }
  return ++stamp;
}

/**
 * The slots as they are now, for a loop that looks up many words: `get` on it, and wordSlot for a word it does not
 * hold. Valid until the next nextStamp.
 */
export function currentSlots(): ReadonlyMap<string, WordSlot> {
  return slots;
}

/** The slot of `word`, created on first use. */
export function wordSlot(word: string): WordSlot {
  let s = slots.get(word);
  if (s === undefined) {
    s = new WordSlot(word);
    slots.set(word, s);
  }
  return s;
}

/**
 * The slot of the word token `token` stands for (rawWordTokens, tokenize.ts), for a token of at most 40 characters
 * (its word is no longer) that is not a word of `currentSlots()` yet: an alias found or made, or a new slot when the
 * token is a word itself. Compare the slot's word with the token to learn whether it is one.
 */
export function tokenSlot(token: string): WordSlot {
  const alias = aliases.get(token);
  if (alias !== undefined) return alias;
  const word = wordOfToken(token);
  const s = wordSlot(word);
  if (word !== token) aliases.set(token, s);
  return s;
}
