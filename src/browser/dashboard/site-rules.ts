/**
 * The dashboard's "Site rules" panel (admins): load a site's rules, edit them one entry per line, save
 * the whole set with PUT /api/v1/sites/:id/rules. Field errors from the API show next to the form.
 */
import { clear, el } from '../shared/dom.ts';
import type { Credentials, SessionInfo } from './moderation-api.ts';

/** The lists edited as one entry per line, with their labels, in the order the rules apply. */
const LISTS = [
  ['blockEmails', 'Block e-mail addresses (spam)'],
  ['blockEmailDomains', 'Block e-mail domains (spam)'],
  ['blockIps', 'Block IPs or CIDR ranges (spam; IPv6 by /64)'],
  ['blockLinkDomains', 'Block link domains (spam)'],
  ['allowEmails', 'Allow e-mail addresses (publish)'],
  ['allowEmailDomains', 'Allow e-mail domains (publish)'],
  ['allowIps', 'Allow IPs or CIDR ranges (publish)'],
  ['spamWords', 'Spam words or phrases'],
  ['holdWords', 'Hold words or phrases'],
  ['allowLinkDomains', 'Link domains not counted against the link limit'],
] as const;

type ListName = (typeof LISTS)[number][0];
type Rules = Record<ListName, string[]> & { maxLinks: number | null; holdFirstComment: boolean };

interface RulesView {
  siteId: string;
  rules: Rules;
  revision: number;
  updatedAt: string | null;
}

async function rulesCall(method: 'GET' | 'PUT', siteId: string, auth: Credentials, body?: Rules): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (auth.kind === 'token') headers.Authorization = `Bearer ${auth.token}`;
  else if (method !== 'GET') headers['X-CSRF-Token'] = auth.csrfToken;
  if (body) headers['Content-Type'] = 'application/json';
  const r = await fetch(`/api/v1/sites/${encodeURIComponent(siteId)}/rules`, {
    method,
    headers,
    credentials: 'same-origin',
    cache: 'no-store',
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: r.status, json: await r.json().catch(() => null) };
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** Shows the panel for admins and hides it for everyone else; `auth` is read on every call. */
export function mountSiteRules(root: HTMLElement, auth: () => Credentials | null): { show(info: SessionInfo | null): void; hide(): void } {
  const site = el('input', { id: 'rules-site', type: 'text', value: 'default', spellcheck: 'false', autocapitalize: 'off', 'aria-label': 'Site id' });
  const load = el('button', { type: 'button', id: 'rules-load', class: 'ghost' }, ['Load']);
  const areas = new Map<ListName, HTMLTextAreaElement>();
  const maxLinks = el('input', { id: 'rules-max-links', type: 'number', min: '0', max: '1000', placeholder: 'no limit' });
  const firstComment = el('input', { id: 'rules-first-comment', type: 'checkbox' });
  const save = el('button', { type: 'submit', id: 'rules-save' }, ['Save rules']);
  const message = el('p', { id: 'rules-message', class: 'muted', role: 'status' });
  const form = el('form', { id: 'rules-form', class: 'rules-form', novalidate: true }, [
    ...LISTS.map(([name, label]) => {
      const area = el('textarea', { id: `rules-${name}`, rows: '3', spellcheck: 'false', placeholder: 'one per line' });
      areas.set(name, area);
      return el('label', { class: 'rules-list' }, [label, area]);
    }),
    el('label', null, ['Hold a comment with more than ', maxLinks, ' links']),
    el('label', null, [firstComment, ' Hold a comment unless its author has one published here']),
    el('p', { class: 'muted' }, ['Block lists win over allow lists; allow lists over the word, link and first-comment rules. Words ignore case and accents; * at an end matches inside words.']),
    save,
    message,
  ]);
  const details = el('details', { class: 'site-rules' }, [el('summary', null, ['Site rules']), el('div', { class: 'rules-site' }, [el('label', { for: 'rules-site' }, ['Site']), site, load]), form]);
  clear(root);
  root.append(details);

  const fill = (view: RulesView) => {
    for (const [name] of LISTS) areas.get(name)!.value = (view.rules[name] ?? []).join('\n');
    maxLinks.value = view.rules.maxLinks === null ? '' : String(view.rules.maxLinks);
    firstComment.checked = view.rules.holdFirstComment;
    message.textContent = view.revision ? `Revision ${view.revision}, saved ${new Date(view.updatedAt ?? 0).toLocaleString()}` : 'No rules yet for this site.';
  };

  const run = async (method: 'GET' | 'PUT') => {
    const a = auth();
    if (!a) return;
    const id = site.value.trim();
    let body: Rules | undefined;
    if (method === 'PUT') {
      body = Object.fromEntries(LISTS.map(([name]) => [name, lines(areas.get(name)!.value)])) as unknown as Rules;
      body.maxLinks = maxLinks.value.trim() === '' ? null : Number(maxLinks.value);
      body.holdFirstComment = firstComment.checked;
    }
    message.textContent = method === 'GET' ? 'Loading…' : 'Saving…';
    try {
      const r = await rulesCall(method, id, a, body);
      if (r.status === 200) {
        fill(r.json as RulesView);
        if (method === 'PUT') message.textContent = `Saved. ${message.textContent}`;
      } else if (r.status === 400) {
        const fields = (r.json as { fields?: Record<string, string> } | null)?.fields ?? {};
        message.textContent = `Not saved: ${Object.entries(fields).map(([f, m]) => `${f}: ${m}`).join('; ')}`;
      } else if (r.status === 404) message.textContent = `No site "${id}".`;
      else message.textContent = `Could not ${method === 'GET' ? 'load' : 'save'} the rules (HTTP ${r.status}).`;
    } catch {
      message.textContent = 'The service did not answer.';
    }
  };

  load.addEventListener('click', () => void run('GET'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void run('PUT');
  });
  details.addEventListener('toggle', () => {
    if (details.open && !message.textContent) void run('GET');
  });

  return {
    show(info) {
      root.hidden = info?.moderator.role !== 'admin';
    },
    hide() {
      root.hidden = true;
      message.textContent = '';
    },
  };
}
