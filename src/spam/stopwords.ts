/**
 * Words too common to explain anything. They may still carry a little weight in the model, but a reason such
 * as "token:my +1.2" tells a moderator nothing, so reasons (and the dashboard highlights built from them) never
 * name them. natural's English list, plus the contractions and chat spellings comments are full of.
 */
import { words as naturalStopwords } from 'natural/lib/natural/util/stopwords.js';

const EXTRA = [
  "i'm", 'im', "it's", "don't", 'dont', "can't", 'cant', "you're", 'youre', "i've", 'ive', "that's", 'thats',
  'not', 'no', 'just', 'will', 'us', 'u', 'ur', 'yo', 'ya', 'one', 'thing', 'things', 'really', 'even', 'am',
  'every', 'ever', 'yet', 'here', 'there', 'than', 'then', 'these', 'those', 'who', 'whose', 'however',
];

const STOPWORDS: ReadonlySet<string> = new Set([...naturalStopwords, ...EXTRA]);

/** True for a lowercase word that must never be shown as evidence. */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}
