/**
 * One moderation threshold as text (an environment variable, a command-line flag) parsed and validated: the rule
 * config, the sites CLI and per-site overrides share. Apart from policy.ts so that the verdict rules load without zod.
 */
import { z } from 'zod';

const NOT_A_THRESHOLD = 'must be a number from 0 to 1';

/**
 * One threshold as written in an environment variable or a command-line flag. A hair above 1 is
 * accepted so that a REJECT_THRESHOLD no score can reach switches automatic rejection off.
 */
export const thresholdValue = z
  .string()
  .trim()
  .min(1, NOT_A_THRESHOLD)
  .transform(Number)
  .pipe(z.number({ error: NOT_A_THRESHOLD }).min(0, NOT_A_THRESHOLD).max(1.0001, NOT_A_THRESHOLD));
