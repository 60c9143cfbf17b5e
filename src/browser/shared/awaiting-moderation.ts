/**
 * The note an author sees on their own comment while it is not published: the widget shows it, and so does the demo
 * page rendered without JavaScript. The same words whether the comment is pending, held or marked spam, so the
 * author never learns which.
 */
export const AWAITING_MODERATION = 'Your comment is awaiting moderation.';
