/**
 * Entry of /widget.js, the embeddable comment widget: every `#comments` or `[data-comments-widget]` element
 * on the page becomes one widget. Plain DOM, no framework; bundled by `npm run build`.
 */
import { CommentWidget } from './widget/comment-widget.ts';

// Captured at load time: document.currentScript is only set while this (async) script first executes.
const ownScript = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[src*="widget.js"]');
const scriptSrc = ownScript?.src ?? '';

/** Marks a host as taken, on the element itself, so a page that loads the script twice still gets one widget. */
type Host = HTMLElement & { __cmw?: CommentWidget };

function init(): void {
  for (const host of Array.from(document.querySelectorAll<Host>('#comments, [data-comments-widget]'))) {
    host.__cmw ??= new CommentWidget(host, { scriptSrc });
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
