/**
 * The Akismet 1.1 form fields the service reads. Akismet never rejects a field for its content: text is
 * cleaned and cut to our limits, anything that is not a string reads as empty, and the adapter decides
 * what an unusable e-mail, URL or IP means.
 */
import { z } from 'zod';
import { FACT_LIMITS, ID_LIMITS, LIMITS } from './limits.ts';
import { documented } from './registry.ts';
import { cleanText } from './text-fields.ts';

/** The answer to submit-spam and submit-ham, word for word as Akismet gives it. */
export const AKISMET_THANKS = 'Thanks for making the web a better place.';

/** Cleaned and cut to `max` characters; a missing or non-string value is ''. */
function akismetText(max: number, description?: string) {
  const schema = z
    .string()
    .overwrite((v) => cleanText(v).slice(0, max))
    .catch('');
  return description ? documented(schema, { description }) : schema;
}

/** Sent but not read (Akismet clients send them; they don't change the verdict here). */
const passedThrough = () => z.string().optional();

export const AkismetFields = z.object({
  api_key: akismetText(200, 'The site API key (or give it as the first label of the Host header)'),
  blog: akismetText(2000, 'The front page of the site'),
  user_ip: akismetText(FACT_LIMITS.userIp),
  user_agent: akismetText(FACT_LIMITS.userAgent),
  referrer: akismetText(FACT_LIMITS.referrer),
  permalink: akismetText(FACT_LIMITS.permalink),
  comment_type: akismetText(FACT_LIMITS.commentType),
  comment_author: akismetText(LIMITS.name, '`akismet-guaranteed-spam` is always spam'),
  comment_author_email: akismetText(LIMITS.email),
  comment_author_url: akismetText(LIMITS.website),
  comment_content: akismetText(LIMITS.comment),
  user_role: akismetText(ID_LIMITS.userRole, '`administrator` is always ham'),
  is_test: akismetText(10, 'Test calls never teach the model'),
  honeypot_field_name: akismetText(ID_LIMITS.honeypotFieldName, 'Name of a hidden form field, sent along with its value'),
});

export type AkismetFieldValues = z.output<typeof AkismetFields>;

const documentedOnly = {
  comment_date_gmt: passedThrough(),
  comment_post_modified_gmt: passedThrough(),
  blog_lang: passedThrough(),
  blog_charset: passedThrough(),
  recheck_reason: passedThrough(),
};

/** The form as documented: every field a string, `required` as the protocol requires (else `invalid`). */
function akismetForm(id: string, required: string[], extra: z.ZodRawShape = {}) {
  return documented(AkismetFields.extend(documentedOnly).extend(extra).catchall(z.string()), { id, required });
}

export const AkismetVerifyKeyForm = akismetForm('AkismetVerifyKeyForm', ['blog'], { key: z.string().optional() });
export const AkismetCommentForm = akismetForm('AkismetCommentForm', ['blog', 'user_ip']);
