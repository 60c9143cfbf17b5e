/**
 * The dashboard's Moderators panel, for admins only: the accounts with their role, sites and state; a form
 * to add one; and per account enable or disable, a new personal API token (shown once), the list of its
 * tokens with a revoke button each, and revoking all of them. It talks to /api/v1/moderators; the header's
 * "Moderators" button opens and closes it.
 */
import { clear, el } from '../shared/dom.ts';
import { accountsApi, ApiError, AuthError, type Credentials, type SessionInfo } from './moderation-api.ts';

interface Account {
  id: string;
  name: string;
  role: 'admin' | 'moderator';
  sites: string[];
  disabled: boolean;
  createdAt: string;
}

interface TokenInfo {
  id: string;
  prefix: string | null;
  label: string | null;
  createdAt: string | null;
}

const panel = {
  auth: null as Credentials | null,
  /** The signed-in account's id, whose own row offers no "Disable". */
  me: null as string | null,
  onAuthError: (() => {}) as (err: AuthError) => void,
};

function $<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

function say(message: string, isError = false): void {
  const out = $('moderators-message');
  if (!out) return;
  out.textContent = message;
  out.classList.toggle('error', isError);
}

function failed(err: unknown): void {
  if (err instanceof AuthError) return panel.onAuthError(err);
  if (err instanceof ApiError) {
    const fields = Object.entries(err.fields).map(([f, m]) => `${f}: ${m}`);
    return say(fields.length ? fields.join('; ') : err.message, true);
  }
  say('Could not reach the service. Try again.', true);
}

function call<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  if (!panel.auth) return Promise.reject(new AuthError(401));
  return accountsApi<T>(method, path, panel.auth, body);
}

/** Shows a new token once, with the only chance to copy it. */
function showToken(name: string, token: string): void {
  const box = $('moderators-token');
  if (!box) return;
  clear(box);
  const value = el('input', { type: 'text', readonly: true, value: token, 'aria-label': `Personal API token for ${name}`, spellcheck: 'false' });
  box.append(el('p', null, [`Personal API token for ${name}. Copy it now: it is not shown again.`]), value);
  box.hidden = false;
  value.focus();
  value.select();
}

/** Lists the account's tokens by their first characters and label, each with its own Revoke. */
async function showTokens(m: Account): Promise<void> {
  const box = $('moderators-token');
  if (!box) return;
  const path = `/${encodeURIComponent(m.id)}/tokens`;
  const { tokens } = await call<{ tokens: TokenInfo[] }>('GET', path);
  clear(box);
  box.append(el('p', null, [tokens.length === 0 ? `${m.name} has no tokens.` : `Tokens of ${m.name} that still work:`]));
  const list = el('ul', { class: 'tokens' });
  for (const t of tokens) {
    const what = `${t.prefix ? `${t.prefix}…` : 'an older token'}${t.label ? ` (${t.label})` : ''}`;
    const revoke = el('button', { type: 'button', class: 'delete', 'aria-label': `Revoke token ${t.prefix ?? t.id} of ${m.name}` }, ['Revoke']);
    revoke.addEventListener('click', () => {
      revoke.disabled = true;
      call('DELETE', `${path}/${encodeURIComponent(t.id)}`)
        .then(async () => {
          say(`Revoked token ${what} of ${m.name}.`);
          await showTokens(m);
        })
        .catch(failed)
        .finally(() => (revoke.disabled = false));
    });
    list.append(el('li', { 'data-token': t.id }, [el('code', null, [what]), t.createdAt ? ` issued ${t.createdAt.slice(0, 10)} ` : ' ', revoke]));
  }
  if (tokens.length > 0) box.append(list);
  box.hidden = false;
}

function row(m: Account): HTMLTableRowElement {
  const act = (label: string, run: () => Promise<void>, cls = 'ghost') => {
    const b = el('button', { type: 'button', class: cls, 'aria-label': `${label}: ${m.name}` }, [label]);
    b.addEventListener('click', () => {
      b.disabled = true;
      run().catch(failed).finally(() => (b.disabled = false));
    });
    return b;
  };
  const actions: HTMLElement[] = [];
  if (m.id !== panel.me) {
    actions.push(
      m.disabled
        ? act('Enable', async () => {
            await call('PATCH', `/${encodeURIComponent(m.id)}`, { disabled: false });
            say(`Enabled ${m.name}.`);
            await load();
          })
        : act(
            'Disable',
            async () => {
              if (!confirm(`Disable ${m.name}? Their sessions end and their tokens stop working at once.`)) return;
              await call('PATCH', `/${encodeURIComponent(m.id)}`, { disabled: true });
              say(`Disabled ${m.name}: signed out everywhere, tokens revoked.`);
              await load();
            },
            'delete',
          ),
    );
  }
  if (!m.disabled) {
    actions.push(
      act('New token', async () => {
        const { token } = await call<{ token: string }>('POST', `/${encodeURIComponent(m.id)}/tokens`);
        showToken(m.name, token);
        say(`Issued a token for ${m.name}.`);
      }),
    );
  }
  actions.push(
    act('Tokens', () => showTokens(m)),
    act('Revoke tokens', async () => {
      const { revoked } = await call<{ revoked: number }>('DELETE', `/${encodeURIComponent(m.id)}/tokens`);
      say(`Revoked ${revoked} ${revoked === 1 ? 'token' : 'tokens'} of ${m.name}.`);
    }),
  );
  return el('tr', { 'data-moderator': m.name, class: m.disabled ? 'disabled' : null }, [
    el('th', { scope: 'row' }, [m.name]),
    el('td', null, [m.role]),
    el('td', null, [m.role === 'admin' ? 'all sites' : m.sites.join(', ') || 'no sites']),
    el('td', null, [m.disabled ? 'disabled' : 'active']),
    el('td', { class: 'acts' }, actions),
  ]);
}

async function load(): Promise<void> {
  const body = $('moderators-list');
  if (!body) return;
  const { moderators } = await call<{ moderators: Account[] }>('GET', '');
  clear(body);
  if (moderators.length === 0) body.append(el('tr', null, [el('td', { colspan: '5', class: 'muted' }, ['No accounts yet: the moderator token is the only credential.'])]));
  for (const m of moderators) body.append(row(m));
}

function build(section: HTMLElement): void {
  clear(section);
  const field = (id: string, label: string, input: HTMLElement) => el('p', { class: 'field' }, [el('label', { for: id }, [label]), input]);
  const name = el('input', { id: 'new-moderator-name', name: 'name', type: 'text', autocomplete: 'off', spellcheck: 'false', required: true });
  const role = el('select', { id: 'new-moderator-role', name: 'role' }, [el('option', { value: 'moderator' }, ['moderator']), el('option', { value: 'admin' }, ['admin'])]);
  const sites = el('input', { id: 'new-moderator-sites', name: 'sites', type: 'text', placeholder: 'news, sport', spellcheck: 'false' });
  const password = el('input', { id: 'new-moderator-password', name: 'password', type: 'password', autocomplete: 'new-password' });
  const form = el('form', { id: 'moderator-add', class: 'add', novalidate: true }, [
    el('h3', null, ['Add a moderator']),
    field(name.id, 'Name', name),
    field(role.id, 'Role', role),
    field(sites.id, 'Sites (comma-separated ids)', sites),
    field(password.id, 'Password (optional, at least 10 characters)', password),
    el('button', { type: 'submit' }, ['Add moderator']),
  ]);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body: Record<string, unknown> = {
      name: name.value.trim(),
      role: role.value,
      sites: sites.value.split(',').map((s) => s.trim()).filter(Boolean),
    };
    if (password.value) body.password = password.value;
    call<Account>('POST', '', body)
      .then(async (m) => {
        form.reset();
        say(`Added ${m.role} ${m.name}.`);
        await load();
      })
      .catch(failed);
  });
  section.append(
    el('h2', { id: 'moderators-title', tabindex: '-1' }, ['Moderators']),
    el('table', { class: 'accounts' }, [
      el('thead', null, [el('tr', null, ['Name', 'Role', 'Sites', 'State', 'Actions'].map((h) => el('th', { scope: 'col' }, [h])))]),
      el('tbody', { id: 'moderators-list' }),
    ]),
    el('div', { id: 'moderators-token', class: 'token', hidden: true }),
    el('p', { id: 'moderators-message', role: 'status', 'aria-live': 'polite' }),
    form,
  );
}

function toggle(): void {
  const section = $('moderators-panel');
  const button = $('moderators-toggle');
  if (!section || !button) return;
  const open = section.hidden;
  section.hidden = !open;
  button.setAttribute('aria-expanded', String(open));
  if (!open) return;
  build(section);
  $('moderators-title')?.focus();
  load().catch(failed);
}

let wired = false;

/**
 * Called once signed in: offers the panel when the caller is an admin. `onAuthError` signs the dashboard
 * out when the credentials stop working.
 */
export function showModeratorsPanel(auth: Credentials, info: SessionInfo | null, onAuthError: (err: AuthError) => void): void {
  panel.auth = auth;
  panel.me = info?.moderator.id ?? null;
  panel.onAuthError = onAuthError;
  const button = $('moderators-toggle');
  if (!button) return;
  if (!wired) {
    button.addEventListener('click', toggle);
    wired = true;
  }
  button.hidden = info?.moderator.role !== 'admin';
}

/** Called on sign-out: closes the panel and forgets the credentials. */
export function hideModeratorsPanel(): void {
  panel.auth = null;
  panel.me = null;
  const section = $('moderators-panel');
  if (section) {
    section.hidden = true;
    clear(section);
  }
  const button = $('moderators-toggle');
  if (button) {
    button.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  }
}
