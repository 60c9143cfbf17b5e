/**
 * POST /api/v1/check and POST /api/v1/feedback, where the backend keeps the comment: only the text is
 * required; name, email, website and threadId follow the submission rules when present.
 */
import { z } from 'zod';
import { ID_LIMITS, LIMITS } from './limits.ts';
import { documented } from './registry.ts';
import { cleanedText, emailText, idText, websiteText } from './text-fields.ts';
import { commentText, nameText, threadIdText } from './submission.ts';
import { BackendFacts } from './backend-facts.ts';

const orNull = (v: string | undefined) => v || null;

const checkFields = {
  comment: commentText,
  name: nameText.default(''),
  email: emailText(LIMITS.email).default(''),
  website: websiteText(LIMITS.website).optional().transform(orNull),
  threadId: idText('threadId', threadIdText).optional().transform(orNull),
};

export const CheckRequest = documented(z.object(checkFields).extend(BackendFacts.shape), { id: 'CheckRequest' });

// Feedback teaches from the text alone, so backend facts are not read (nor checked) here.
export const FeedbackRequest = documented(
  z.object(checkFields).extend({
    label: z.enum(['spam', 'ham'], { error: 'label must be "spam" or "ham"' }),
    // Optional in every sense: an unusable id is ignored and the lesson is keyed by the content instead.
    id: documented(z.string().max(ID_LIMITS.feedbackId).optional().catch(undefined), {
      description: "The backend's own comment id: the same id again with the other label reverses the lesson",
    }),
    // Unlike `id`, a bad commentId is an error: ignoring it would turn a decision into a mere lesson.
    commentId: documented(
      cleanedText('commentId')
        .max(ID_LIMITS.commentId, `commentId must be at most ${ID_LIMITS.commentId} characters`)
        .optional()
        .transform((v) => v || undefined),
      {
        description:
          "The id of a comment of this site that this service stores (from POST /api/v1/comments): spam moves it to spam, ham publishes it, decided by `site-backend:<site>`. A moderator's decision is never overridden (409 already_decided).",
      },
    ),
  }),
  { id: 'FeedbackRequest' },
);

/** The comment text of a check or feedback request, as the scorer sees it. */
export interface CheckedText {
  threadId: string | null;
  name: string;
  email: string;
  website: string | null;
  comment: string;
}
