/**
 * A person introduced by title, first name and surname ("Mrs. Evelyn Carter", "Mr Henry Collins", "Ms. Katherine
 * Lowell"): how investment, loan and recovery testimonials name the "expert" the reader is to contact. In the five
 * hand-written sets 33 spam comments do this and no reader does; neither does any comment of the corpora (886 news
 * readers, 4 827 text messages between people, the videos' comments), where readers name a public figure by title
 * and surname ("Mr. Powell") or by name alone ("Jerome Powell"). A reader thanking a doctor by full name ("Dr. Sarah
 * Patel at Mercy General") does it too, so it is a mild cue that holds a comment only with another one.
 */

/**
 * Title, optional full stop, then two capitalised words. Linear: the title is anchored on a word boundary and each
 * part is a run of one character class that the next part cannot match, so a failed attempt backtracks over one
 * run at most.
 */
const NAMED_EXPERT = /\b(?:Mr|Mrs|Ms|Dr)\.?[ \t]+[A-Z][a-z]+[ \t]+[A-Z][a-z]+/;

/** True when `prose` (its original case) names a person by title, first name and surname. */
export function namesExpert(prose: string): boolean {
  return NAMED_EXPERT.test(prose);
}
