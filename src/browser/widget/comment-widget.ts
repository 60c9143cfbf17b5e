/**
 * One widget instance: renders a thread's published comments (nested, with a count) and the "Leave a Reply" form
 * inside an open shadow root, posts comments, and follows the author's own pending ones until they are published.
 * User content is only ever written as text nodes, never as HTML.
 */
import { LIMITS } from '../../contract/limits.ts';
import type { ApiError, CommentPage, PublicComment } from '../shared/api-types.ts';
import { AWAITING_MODERATION as AWAITING } from '../shared/awaiting-moderation.ts';
import { linkRuns, paragraphs, UGC_REL } from '../shared/comment-text.ts';
import { clear, el } from '../shared/dom.ts';
import { safeHttpUrl } from '../shared/safe-url.ts';
import { readJson, writeJson } from '../shared/web-storage.ts';
import { PendingFollower } from './follow-pending.ts';
import { addPending, dropPending, pendingComments, type PendingComment } from './pending-comments.ts';
import { validateFields, withScheme, type FieldErrors, type FieldName } from './validate-fields.ts';
import { WIDGET_CSS } from './widget-style.ts';

const AUTHOR_KEY = 'cmw:author:v1';
const FIELD_ORDER: FieldName[] = ['name', 'email', 'website', 'comment'];
const QUERY_ERRORS: Record<string, string> = {
  validation_failed: 'Your comment was not posted. Please correct the marked fields.',
  rate_limited: 'You are posting too quickly. Please wait a minute and try again.',
  unavailable: 'Comments are temporarily unavailable. Please try again later.',
};

/** A comment as the list shows it: published, or the author's own still pending (`mine`). */
interface Shown {
  id: string;
  parentId: string | null;
  name: string;
  website: string | null;
  comment: string;
  createdAt: string;
  mine?: boolean;
}

type Control = HTMLInputElement | HTMLTextAreaElement;

interface SubmitBody {
  threadId: string;
  name: string;
  email: string;
  comment: string;
  contact_me_by_fax_only: string;
  website?: string;
  parentId?: string;
  formToken?: string;
}

function formatDate(iso: string): string {
  const d = new Date(iso);
  if (isNaN(d.getTime())) return '';
  try {
    return d.toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' });
  } catch {
    return d.toISOString();
  }
}

/** Appends `text` to `parent` as paragraphs and line breaks, with http(s) URLs as nofollow links. */
function renderText(parent: HTMLElement, text: string): void {
  for (const lines of paragraphs(text)) {
    const p = el('p');
    lines.forEach((line, i) => {
      if (i) p.append(el('br'));
      for (const run of linkRuns(line)) p.append(run.href ? el('a', { href: run.href, rel: UGC_REL }, [run.text]) : run.text);
    });
    parent.append(p);
  }
}

export interface WidgetOptions {
  /** Where the widget script was loaded from: its origin is the default API base. */
  scriptSrc: string;
}

export class CommentWidget {
  private readonly threadId: string;
  private readonly api: string;
  private comments: PublicComment[] = [];
  private replyTo: Shown | null = null;
  private busy = false;
  /** Ids this page posted, so their publication is announced. */
  private readonly postedHere = new Set<string>();
  private readonly follower: PendingFollower;

  private readonly root: ShadowRoot;
  private readonly countEl = el('h2', { class: 'count comments-title', id: 'comments-title' }, ['Loading comments…']);
  private readonly listEl = el('ol', { class: 'comment-list' });
  private readonly loadError = el('p', { class: 'empty', role: 'status' });
  private readonly fields = {} as Record<FieldName, Control>;
  private readonly errors = new Map<Control, HTMLElement>();
  private readonly consent = el('input', { type: 'checkbox', id: 'cmw-consent', name: 'wp-comment-cookies-consent', value: 'yes' });
  private readonly honeypot = el('input', { type: 'text', id: 'cmw-hp', name: 'contact_me_by_fax_only', tabindex: '-1', autocomplete: 'off', value: '' });
  private readonly tokenInput = el('input', { type: 'hidden', name: 'formToken', value: '' });
  private readonly parentInput = el('input', { type: 'hidden', name: 'parentId', value: '' });
  private readonly submitBtn = el('button', { type: 'submit', class: 'submit' }, ['Post Comment']);
  private readonly status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  private readonly replyingEl = el('p', { class: 'replying', hidden: true });
  private readonly cancelBtn = el('a', { href: '#respond', id: 'cancel-comment-reply-link', class: 'cancel-reply' }, ['Cancel reply']);
  private readonly respond: HTMLElement;

  constructor(host: HTMLElement, opts: WidgetOptions) {
    this.threadId = host.getAttribute('data-thread-id') || canonicalPath() || location.pathname;
    let base = host.getAttribute('data-api-base');
    if (!base && opts.scriptSrc) base = originOf(opts.scriptSrc);
    this.api = (base || location.origin).replace(/\/+$/, '');
    this.follower = new PendingFollower(
      (id) => this.fetchPublished(id),
      (c) => this.published(c),
    );

    // Replace the server-rendered no-JS fallback markup.
    clear(host);
    this.root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    clear(this.root);
    if ('adoptedStyleSheets' in this.root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(WIDGET_CSS);
      this.root.adoptedStyleSheets = [sheet];
    } else {
      this.root.append(el('style', null, [WIDGET_CSS]));
    }
    this.respond = this.buildForm();
    this.root.append(el('section', { class: 'cmw', 'aria-labelledby': 'comments-title' }, [this.countEl, this.loadError, this.listEl, this.respond]));
    this.fetchToken();
    this.showQueryError();
    void this.load();
  }

  private url(path: string): string {
    return `${this.api}/api/v1${path}`;
  }

  private buildForm(): HTMLElement {
    const field = (name: FieldName, label: string, required: boolean, control: Control): HTMLElement => {
      const id = `cmw-${name}`;
      control.id = id;
      control.name = name;
      if (required) {
        control.setAttribute('required', '');
        control.setAttribute('aria-required', 'true');
      }
      control.setAttribute('aria-describedby', `${id}-error`);
      this.fields[name] = control;
      const err = el('span', { class: 'err', id: `${id}-error` });
      this.errors.set(control, err);
      control.addEventListener('input', () => {
        if (control.getAttribute('aria-invalid')) this.setError(control, '');
      });
      return el('p', { class: `field field-${name}` }, [
        el('label', { for: id }, [label, required ? ' ' : null, required ? el('span', { class: 'req' }, ['*']) : null]),
        control,
        err,
      ]);
    };
    const max = (n: number) => String(n);
    const form = el(
      'form',
      { method: 'post', action: this.url('/comments'), novalidate: true, class: 'comment-form', 'aria-labelledby': 'reply-title' },
      [
        el('p', { class: 'note' }, ['Your email address will not be published. Required fields are marked ', el('span', { class: 'req' }, ['*'])]),
        field('name', 'Name', true, el('input', { type: 'text', autocomplete: 'name', maxlength: max(LIMITS.name) })),
        field('email', 'Email', true, el('input', { type: 'email', autocomplete: 'email', maxlength: max(LIMITS.email) })),
        field('website', 'Website', false, el('input', { type: 'url', autocomplete: 'url', maxlength: max(LIMITS.website) })),
        field('comment', 'Comment', true, el('textarea', { rows: '8', maxlength: max(LIMITS.comment) })),
        el('p', { class: 'field field-consent' }, [
          el('label', { class: 'check', for: 'cmw-consent' }, [
            this.consent,
            el('span', null, ['Save my name, email, and website in this browser for the next time I comment.']),
          ]),
        ]),
        el('div', { class: 'hp', 'aria-hidden': 'true' }, [el('label', { for: 'cmw-hp' }, ['Leave this field empty']), this.honeypot]),
        el('input', { type: 'hidden', name: 'threadId', value: this.threadId }),
        el('input', { type: 'hidden', name: 'redirect_to', value: location.href.split('#')[0] }),
        this.parentInput,
        this.tokenInput,
        el('p', { class: 'form-submit' }, [this.submitBtn]),
        this.status,
      ],
    );
    const saved = readJson(AUTHOR_KEY) as Partial<Record<'name' | 'email' | 'website', string>> | null;
    if (saved && typeof saved === 'object') {
      this.fields.name.value = saved.name || '';
      this.fields.email.value = saved.email || '';
      this.fields.website.value = saved.website || '';
      this.consent.checked = true;
    }
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.submit();
    });
    this.cancelBtn.addEventListener('click', (ev) => {
      ev.preventDefault();
      this.setReply(null);
    });
    return el('div', { id: 'respond', class: 'respond' }, [el('h3', { id: 'reply-title', class: 'reply-title' }, ['Leave a Reply']), this.replyingEl, form]);
  }

  private async getJson<T>(path: string): Promise<{ status: number; body: T | null }> {
    const r = await fetch(this.url(path), { credentials: 'omit', headers: { Accept: 'application/json' } });
    return { status: r.status, body: r.ok ? ((await r.json()) as T) : null };
  }

  private fetchToken(): void {
    this.getJson<{ token?: unknown }>('/form-token').then(
      ({ body }) => {
        if (body && typeof body.token === 'string') this.tokenInput.value = body.token;
      },
      () => {},
    );
  }

  private setError(control: Control, msg: string): void {
    const err = this.errors.get(control);
    if (err) err.textContent = msg;
    if (msg) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }

  private setStatus(msg: string, isError = false): void {
    this.status.textContent = msg;
    this.status.className = `status${isError ? ' error' : ''}`;
  }

  /** Errors coming back from a no-JS form post: ?comment_error=<code>&comment_fields=a,b#respond */
  private showQueryError(): void {
    const q = new URL(location.href).searchParams;
    const code = q.get('comment_error');
    if (!code) return;
    let first: Control | null = null;
    for (const name of (q.get('comment_fields') ?? '').split(',')) {
      const c = this.fields[name as FieldName] as Control | undefined;
      if (!c) continue;
      this.setError(c, name === 'email' ? 'Enter a valid email address' : 'Please check this field.');
      first ??= c;
    }
    this.setStatus(QUERY_ERRORS[code] ?? 'Your comment could not be posted. Please try again.', true);
    first?.focus({ preventScroll: true });
    this.respond.scrollIntoView({ block: 'start' });
    // Show it once: a reload should not bring the error back.
    const clean = new URL(location.href);
    clean.searchParams.delete('comment_error');
    clean.searchParams.delete('comment_fields');
    history.replaceState(history.state, '', clean.href);
  }

  // ---- loading ----

  private async load(): Promise<void> {
    try {
      let all: PublicComment[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 100; pages++) {
        const q: string = `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const { status, body } = await this.getJson<CommentPage<PublicComment>>(`/threads/${encodeURIComponent(this.threadId)}/comments${q}`);
        if (!body) throw new Error(`HTTP ${status}`);
        all = all.concat(Array.isArray(body.comments) ? body.comments : []);
        cursor = body.nextCursor;
        if (!cursor) break;
      }
      this.comments = all;
      const published = new Set(all.map((c) => c.id));
      const mine = this.ownPending();
      dropPending(mine.filter((p) => published.has(p.id)).map((p) => p.id));
      this.render();
      this.follower.follow(mine.filter((p) => !published.has(p.id)).map((p) => p.id));
    } catch {
      this.comments = [];
      this.render();
      this.loadError.textContent = 'Comments could not be loaded right now.';
    }
    this.jumpToHash();
  }

  private ownPending(): PendingComment[] {
    return pendingComments().filter((p) => p.api === this.api && p.threadId === this.threadId);
  }

  /** Held, spam and deleted comments all answer "not published" here: the author must not learn which. */
  private async fetchPublished(id: string): Promise<PublicComment | null> {
    const { body } = await this.getJson<PublicComment>(`/comments/${encodeURIComponent(id)}`);
    return body && body.status === 'published' && body.id === id ? body : null;
  }

  private published(c: PublicComment): void {
    dropPending([c.id]);
    if (c.threadId === this.threadId && !this.comments.some((x) => x.id === c.id)) this.comments.push(c);
    this.render();
    if (this.postedHere.has(c.id)) this.setStatus('Thank you! Your comment is published.');
  }

  // ---- rendering ----

  private render(): void {
    const published = this.comments.slice().sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
    const ids = new Set(published.map((c) => c.id));
    const pending = this.ownPending().filter((p) => !ids.has(p.id));
    const n = published.length;
    this.countEl.textContent = n === 1 ? '1 Comment' : `${n} Comments`;
    this.countEl.setAttribute('data-count', String(n));

    const all: Shown[] = [...published, ...pending.map((p): Shown => ({ ...p, mine: true }))];
    const known = new Set(all.map((c) => c.id));
    const byParent = new Map<string, Shown[]>();
    for (const c of all) {
      const key = c.parentId && known.has(c.parentId) && c.parentId !== c.id ? c.parentId : '';
      byParent.set(key, [...(byParent.get(key) ?? []), c]);
    }
    clear(this.listEl);
    const seen = new Set<string>();
    const build = (parentKey: string, into: HTMLElement, depth: number): void => {
      for (const c of byParent.get(parentKey) ?? []) {
        if (seen.has(c.id)) continue;
        seen.add(c.id);
        const li = this.renderComment(c);
        if (byParent.has(c.id) && depth < 40) {
          const ol = el('ol', { class: 'children' });
          build(c.id, ol, depth + 1);
          li.append(ol);
        }
        into.append(li);
      }
    };
    build('', this.listEl, 0);
    if (!all.length) this.listEl.append(el('li', { class: 'empty' }, ['Be the first to comment.']));
    // Keep the reply form under the comment being answered, if it is still shown.
    if (this.replyTo) {
      const target = this.root.getElementById(`div-comment-${this.replyTo.id}`);
      if (target) target.after(this.respond);
      else this.setReply(null);
    }
  }

  private renderComment(c: Shown): HTMLElement {
    const name = String(c.name || '');
    const site = safeHttpUrl(c.website);
    const author = site ? el('a', { class: 'author url', href: site, rel: UGC_REL }, [name]) : el('span', { class: 'author' }, [name]);
    const when = el('a', { class: 'permalink', href: `#comment-${c.id}` }, [el('time', { datetime: String(c.createdAt || '') }, [formatDate(c.createdAt)])]);
    when.addEventListener('click', (ev) => {
      ev.preventDefault();
      history.replaceState(null, '', `#comment-${c.id}`);
      this.jumpToHash();
    });
    const text = el('div', { class: 'text' });
    renderText(text, c.comment);
    const art = el('article', { id: `div-comment-${c.id}`, class: `comment-body${c.mine ? ' pending' : ''}`, tabindex: '-1', 'data-comment-id': c.id }, [
      el('footer', { class: 'meta' }, [author, ' ', when]),
      c.mine ? el('em', { class: 'awaiting' }, [AWAITING]) : null,
      text,
    ]);
    if (!c.mine) {
      const reply = el('a', { class: 'reply comment-reply-link', href: '#respond', 'aria-label': `Reply to ${name}` }, ['Reply']);
      reply.addEventListener('click', (ev) => {
        ev.preventDefault();
        this.setReply(c);
      });
      art.append(el('div', { class: 'reply-wrap' }, [reply]));
    }
    // WordPress-like structure: li#comment-<id> > article#div-comment-<id> (+ ol.children for replies).
    return el('li', { id: `comment-${c.id}`, class: `comment${c.mine ? ' pending' : ''}`, 'data-id': c.id }, [art]);
  }

  private setReply(c: Shown | null): void {
    this.replyTo = c;
    const rp = this.replyingEl;
    clear(rp);
    if (c) {
      this.parentInput.value = c.id;
      rp.append(`Replying to ${String(c.name || '')}. `, this.cancelBtn);
      rp.hidden = false;
      this.root.getElementById(`div-comment-${c.id}`)?.after(this.respond);
      this.fields.comment.focus();
    } else {
      const section = this.listEl.parentNode;
      const wasInList = this.respond.parentNode !== section;
      this.parentInput.value = '';
      rp.hidden = true;
      section?.appendChild(this.respond);
      if (wasInList) this.fields.comment.focus();
    }
  }

  private jumpToHash(): void {
    const h = location.hash;
    if (!/^#(comment-[\w-]+|respond)$/.test(h)) return;
    const target = this.root.getElementById(h.slice(1));
    if (target) {
      target.scrollIntoView({ block: 'start' });
    } else if (h.startsWith('#comment-')) {
      // Back from a no-JS post: the comment exists but is not published yet.
      this.setStatus('Thank you! Your comment was received and will appear once a moderator has reviewed it.');
      this.respond.scrollIntoView({ block: 'start' });
    }
  }

  // ---- submitting ----

  private async submit(): Promise<void> {
    if (this.busy) return;
    const f = this.fields;
    const v = { name: f.name.value.trim(), email: f.email.value.trim(), website: withScheme(f.website.value.trim()), comment: f.comment.value.trim() };
    if (this.showErrors(validateFields(v))) {
      this.setStatus('Please correct the marked fields.', true);
      return;
    }
    const body: SubmitBody = { threadId: this.threadId, name: v.name, email: v.email, comment: v.comment, contact_me_by_fax_only: this.honeypot.value };
    if (v.website) body.website = v.website;
    if (this.replyTo) body.parentId = this.replyTo.id;
    if (this.tokenInput.value) body.formToken = this.tokenInput.value;
    writeJson(AUTHOR_KEY, this.consent.checked ? { name: v.name, email: v.email, website: v.website } : null);

    this.busy = true;
    this.submitBtn.disabled = true;
    this.setStatus('Posting your comment…');
    try {
      const r = await fetch(this.url('/comments'), {
        method: 'POST',
        credentials: 'omit',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      });
      const j = ((await r.json().catch(() => null)) ?? {}) as ApiError & { id?: string };
      if ((r.status === 202 || r.ok) && j.id) this.posted(String(j.id), body);
      else if (r.status === 400 && j.fields) {
        this.showErrors(j.fields);
        this.setStatus(j.message || 'Please correct the marked fields.', true);
      } else if (r.status === 429) {
        const wait = parseInt(r.headers.get('Retry-After') ?? '', 10);
        this.setStatus(`You are posting too quickly. Please wait ${wait > 0 ? `${wait} seconds` : 'a moment'} and try again.`, true);
      } else if (r.status === 503) {
        this.setStatus('Comments are temporarily unavailable. Please try again in a moment.', true);
      } else {
        this.setStatus(j.message || `Your comment could not be posted (error ${r.status}). Please try again.`, true);
      }
    } catch {
      this.setStatus('Your comment could not be sent. Check your connection and try again.', true);
    } finally {
      this.busy = false;
      this.submitBtn.disabled = false;
    }
  }

  /** Shows every field error and focuses the first invalid field; true when there were errors. */
  private showErrors(errs: FieldErrors): boolean {
    let first: Control | null = null;
    for (const name of FIELD_ORDER) {
      const msg = errs[name];
      this.setError(this.fields[name], msg ? String(msg) : '');
      if (msg) first ??= this.fields[name];
    }
    if (first) {
      first.focus();
      return true;
    }
    const other = Object.entries(errs).find(([k, msg]) => k !== 'threadId' && msg);
    if (other) this.setStatus(String(other[1]), true);
    return Boolean(other);
  }

  private posted(id: string, body: SubmitBody): void {
    addPending({
      id,
      api: this.api,
      threadId: this.threadId,
      parentId: body.parentId ?? null,
      name: body.name,
      website: body.website ?? null,
      comment: body.comment,
      createdAt: new Date().toISOString(),
      savedAt: Date.now(),
    });
    this.postedHere.add(id);
    this.fields.comment.value = '';
    this.setReply(null);
    this.render();
    this.fetchToken();
    this.setStatus('Thank you! Your comment was submitted.');
    this.root.getElementById(`comment-${id}`)?.scrollIntoView({ block: 'nearest' });
    this.follower.follow([id]);
  }
}

function canonicalPath(): string | null {
  const canonical = document.querySelector<HTMLLinkElement>('link[rel="canonical"]');
  if (!canonical?.href) return null;
  try {
    return new URL(canonical.href, location.href).pathname;
  } catch {
    return null;
  }
}

function originOf(src: string): string | null {
  try {
    return new URL(src, location.href).origin;
  } catch {
    return null;
  }
}
