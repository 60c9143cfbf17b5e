/**
 * POST /api/v1/comments: the reply a reader submits, as JSON or as a form. A form may use WordPress's
 * comment-form names, so an existing theme's form can post here unchanged.
 */
import { z } from 'zod';
import { ID_LIMITS, LIMITS } from './limits.ts';
import { documented } from './registry.ts';
import { chars, cleanedText, emailText, idText, requiredText, websiteText } from './text-fields.ts';

/** The comment text, required, the same rule for a submission and for /check. */
export const commentText = requiredText('comment', 'Enter a comment').max(LIMITS.comment, `Comment must be at most ${chars(LIMITS.comment)} characters`);

export const threadIdText = cleanedText('threadId', 'threadId is required').max(LIMITS.threadId, `threadId must be at most ${LIMITS.threadId} characters`);

export const nameText = cleanedText('name', 'Enter your name').max(LIMITS.name, `Name must be at most ${LIMITS.name} characters`);

const NOT_A_PARENT = 'Reply to a published comment in the same thread';

export const CommentSubmission = documented(
  z.object({
    threadId: idText('threadId', threadIdText.min(1, 'threadId is required'), 'threadId is required'),
    name: documented(nameText.min(1, 'Enter your name'), { pattern: '\\S' }),
    email: emailText(LIMITS.email, 'Enter your email address'),
    comment: commentText,
    website: websiteText(LIMITS.website)
      .optional()
      .transform((v) => v || null),
    parentId: documented(
      idText('parentId', cleanedText('parentId').max(ID_LIMITS.parentId, NOT_A_PARENT))
        .optional()
        // WordPress sends comment_parent=0 for a top-level reply.
        .transform((v) => (v === undefined || v === '' || v === '0' ? null : v)),
      { description: 'A published comment in the same thread' },
    ),
    // Read by the bot signals, never an error: a missing or foreign token just gives no timing signal.
    formToken: documented(z.string().optional().catch(undefined), { description: 'From GET /api/v1/form-token (widget only)' }),
  }),
  { id: 'CommentSubmission' },
);

export type CleanSubmission = Omit<z.output<typeof CommentSubmission>, 'formToken'>;

/** WordPress's comment-form field → ours. Our own name wins when both are sent. */
export const SUBMISSION_ALIASES = {
  author: 'name',
  url: 'website',
  comment_post_ID: 'threadId',
  comment_parent: 'parentId',
} as const satisfies Record<string, keyof CleanSubmission>;

type Alias = keyof typeof SUBMISSION_ALIASES;
const aliasFields = Object.fromEntries(
  Object.entries(SUBMISSION_ALIASES).map(([alias, field]) => [alias, CommentSubmission.shape[field].optional()]),
) as { [A in Alias]: z.ZodOptional<(typeof CommentSubmission.shape)[(typeof SUBMISSION_ALIASES)[A]]> };

/** The form-encoded submission as documented: our names or WordPress's. */
export const CommentSubmissionForm = documented(
  CommentSubmission.partial({ threadId: true, name: true })
    .extend(aliasFields)
    .extend({
      redirect_to: documented(z.string().optional(), {
        description: 'A browser form post goes back here (else to the Referer) when its origin is allowed',
      }),
    }),
  {
    id: 'CommentSubmissionForm',
    description: "A reply form's fields. WordPress names (author, url, comment_post_ID, comment_parent) stand in for ours; ours win when both are sent.",
    // A required field may come under its WordPress name instead.
    allOf: [
      { anyOf: [{ required: ['threadId'] }, { required: ['comment_post_ID'] }] },
      { anyOf: [{ required: ['name'] }, { required: ['author'] }] },
    ],
  },
);
