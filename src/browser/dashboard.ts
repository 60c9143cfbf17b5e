/**
 * Entry of /moderation/dashboard.js, the moderator dashboard: sign-in with a name and password (session cookie)
 * or with the moderator token (sessionStorage), the moderator's name and sign-out in the header, status tabs with
 * counts, a site picker, newest or oldest first, search, comment review with the full record and history, single
 * and bulk actions, deletion with 10 s to undo, j/k/a/s/x shortcuts, and polling every 5 s. Bundled by
 * `npm run build`; the page shell is src/public/dashboard.html.
 */
import type { CommentPage, ModeratorComment } from './shared/api-types.ts';
import { webStorage } from './shared/web-storage.ts';
import { renderRow, rowSignature, type Row, type Verb } from './dashboard/comment-row.ts';
import { mountSiteRules } from './dashboard/site-rules.ts';
import {
  AuthError,
  currentSession,
  moderationApi,
  signInWithPassword,
  signOutSession,
  type Credentials,
  type SessionInfo,
} from './dashboard/moderation-api.ts';
import { hideModeratorsPanel, showModeratorsPanel } from './dashboard/moderators-panel.ts';
import { mountClusters } from './dashboard/clusters.ts';
import { modelSummary, type ModelStats } from './dashboard/model-summary.ts';
import { fillSitePicker, listParams, type ListQuery, type SiteChoice } from './dashboard/list-controls.ts';
import { DelayedDeletes } from './dashboard/undo-delete.ts';
import type { HistoryEntry } from './shared/api-types.ts';
import { renderShadowReport, type ShadowReportView } from './dashboard/shadow-report.ts';

const TOKEN_KEY = 'cmw:moderatorToken';
// Poll interval; ?poll=<ms> (at least 500) lets tests speed it up.
const POLL_MS = Math.max(500, parseInt(new URLSearchParams(location.search).get('poll') ?? '', 10) || 5000);
// How long a deletion can be undone; ?undo=<ms> (at least 500) lets tests shorten it.
const UNDO_MS = Math.max(500, parseInt(new URLSearchParams(location.search).get('undo') ?? '', 10) || 10_000);
// Requests one refresh makes for a search, whose pages may come back short (the server's scan is bounded).
const SEARCH_REQUESTS = 3;
const PAGE = 50;
const STATUSES = ['flagged', 'pending', 'published', 'spam'] as const;
type Status = (typeof STATUSES)[number];

interface Stats extends ModelStats {
  counts?: Partial<Record<Status, number>>;
  shadow?: ShadowReportView[];
}

/** The element with this id; the page shell guarantees it exists. */
function $<T extends HTMLElement = HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

const state = {
  auth: null as Credentials | null,
  tab: 'flagged' as Status,
  /** Full records shown in the current tab, in server order. */
  items: [] as ModeratorComment[],
  nextCursor: null as string | null,
  selected: new Set<string>(),
  /** Id of the keyboard-current item. */
  current: null as string | null,
  busy: false,
  timer: undefined as ReturnType<typeof setInterval> | undefined,
  generation: 0,
  /** Site, order and search of the list: newest first unless the moderator turns it round. */
  query: { siteId: '', order: 'newest', q: '' } as ListQuery,
  sites: [] as SiteChoice[],
};
const nodes = new Map<string, Row>();
let clustersView: ReturnType<typeof mountClusters> | undefined;
/** The admins' site rules panel (its own module), mounted by init(). */
let siteRules: ReturnType<typeof mountSiteRules> | undefined;

function say(msg: string): void {
  $('status').textContent = msg;
}

function api<T>(method: 'GET' | 'POST' | 'DELETE', path: string, auth: Credentials | null = state.auth, keepalive = false): Promise<T | null> {
  if (!auth) return Promise.reject(new AuthError(401));
  return moderationApi<T>(method, path, auth, undefined, keepalive);
}

function onFailure(err: unknown): void {
  if (err instanceof AuthError) {
    signOut(state.auth?.kind === 'session' ? 'Your session has ended. Please sign in again.' : `Your token was refused (${err.status}). Please sign in again.`);
  }
  else say('Could not reach the service. Retrying…');
}

// ---- sign in / out ----

function showApp(on: boolean): void {
  $('login').hidden = on;
  $('app').hidden = !on;
  $('signout').hidden = !on;
}

function showWho(info: SessionInfo | null): void {
  const m = info?.moderator;
  // MODERATOR_TOKEN is the bootstrap admin, whose name is the generic "moderator".
  $('who').textContent = !m ? '' : m.name === 'moderator' && m.id === 'bootstrap' ? 'Signed in with the moderator token' : `Signed in as ${m.name}${m.role === 'admin' ? ' (admin)' : ''}`;
}

async function signIn(auth: Credentials, info?: SessionInfo): Promise<void> {
  const stats = await api<Stats>('GET', statsPath(), auth);
  state.auth = auth;
  void loadSites();
  if (auth.kind === 'token') webStorage('sessionStorage')?.setItem(TOKEN_KEY, auth.token);
  const who = info ?? (await currentSession(auth).catch(() => null));
  showWho(who);
  showModeratorsPanel(auth, who, onFailure);
  siteRules?.show(who);
  showApp(true);
  $('login-error').textContent = '';
  applyStats(stats);
  void selectTab(state.tab, false);
  startPolling();
}

function signOut(message: string): void {
  // Deletions still waiting out their undo time are carried out with the credentials they were made with.
  void deletes.flush(false);
  if (state.auth?.kind === 'session') void signOutSession(state.auth.csrfToken);
  state.auth = null;
  hideModeratorsPanel();
  clustersView?.reset();
  webStorage('sessionStorage')?.removeItem(TOKEN_KEY);
  $('who').textContent = '';
  // The next person to sign in starts from every site they may see, without the last search.
  state.query.siteId = '';
  state.query.q = '';
  $<HTMLInputElement>('search').value = '';
  $('site-picker').hidden = true;
  siteRules?.hide();
  clearInterval(state.timer);
  state.timer = undefined;
  state.items = [];
  state.selected.clear();
  nodes.clear();
  $('list').textContent = '';
  $('model').textContent = '';
  renderShadowReport([]);
  showApp(false);
  $('login-error').textContent = message;
  const input = $<HTMLInputElement>('token');
  input.value = '';
  $<HTMLInputElement>('password').value = '';
  ($<HTMLInputElement>('name').value ? $<HTMLInputElement>('password') : $<HTMLInputElement>('name')).focus();
}

// ---- stats ----

function applyStats(stats: Stats | null): void {
  const counts = stats?.counts ?? {};
  for (const st of STATUSES) {
    const c = document.querySelector(`[data-count="${st}"]`);
    if (c) c.textContent = String(counts[st] ?? 0);
  }
  $('model').textContent = modelSummary(stats);
  renderShadowReport(stats?.shadow);
}

function statsPath(): string {
  return state.query.siteId ? `/stats?siteId=${encodeURIComponent(state.query.siteId)}` : '/stats';
}

function listPath(status: Status, cursor: string | null): string {
  return `/comments?status=${status}&limit=${PAGE}${listParams(state.query)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
}

/** The sites this moderator may pick from; the picker stays at "All sites" if they can't be loaded. */
async function loadSites(): Promise<void> {
  const body = await api<{ sites?: SiteChoice[] }>('GET', '/sites').catch(() => null);
  state.sites = Array.isArray(body?.sites) ? body.sites : [];
  const picked = fillSitePicker($<HTMLSelectElement>('site'), state.sites, state.query.siteId);
  $('site-picker').hidden = state.sites.length < 2;
  if (picked !== state.query.siteId) {
    state.query.siteId = picked;
    void selectTab(state.tab, false);
  }
}

function siteName(id: string): string {
  return state.sites.find((s) => s.id === id)?.name ?? id;
}

// ---- loading ----

async function fetchTab(status: Status, want: number): Promise<CommentPage<ModeratorComment>> {
  let out: ModeratorComment[] = [];
  let cursor: string | null = null;
  let requests = 0;
  do {
    const j: CommentPage<ModeratorComment> | null = await api<CommentPage<ModeratorComment>>('GET', listPath(status, cursor));
    out = out.concat(Array.isArray(j?.comments) ? j.comments : []);
    cursor = j?.nextCursor ?? null;
    requests++;
  } while (cursor && out.length < want && !(state.query.q && requests >= SEARCH_REQUESTS));
  return { comments: out, nextCursor: cursor };
}

async function refresh(): Promise<void> {
  if (!state.auth || state.busy) return;
  const gen = state.generation;
  const tab = state.tab;
  try {
    const [stats, page] = await Promise.all([api<Stats>('GET', statsPath()), fetchTab(tab, Math.max(PAGE, state.items.length))]);
    if (gen !== state.generation || tab !== state.tab || state.busy) return;
    applyStats(stats);
    state.items = page.comments.filter((c) => !deletes.isHeld(c.id));
    state.nextCursor = page.nextCursor;
    renderList();
    $('updated').textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } catch (err) {
    onFailure(err);
  }
}

function startPolling(): void {
  clearInterval(state.timer);
  state.timer = setInterval(() => {
    if (!document.hidden) void refresh();
  }, POLL_MS);
}

function selectTab(status: Status, focus: boolean): Promise<void> {
  state.tab = status;
  state.generation++;
  state.items = [];
  state.nextCursor = null;
  state.selected.clear();
  state.current = null;
  nodes.clear();
  $('list').textContent = '';
  for (const t of Array.from(document.querySelectorAll<HTMLElement>('[role=tab]'))) {
    const on = t.getAttribute('data-status') === status;
    t.setAttribute('aria-selected', on ? 'true' : 'false');
    t.tabIndex = on ? 0 : -1;
    if (on) {
      $('panel').setAttribute('aria-labelledby', t.id);
      if (focus) t.focus();
    }
  }
  updateToolbar();
  return refresh();
}

// ---- rendering ----

const handlers = (id: string) => ({
  siteName,
  history: (cid: string) => api<{ entries?: HistoryEntry[] }>('GET', `/comments/${encodeURIComponent(cid)}/history`),
  selected: state.selected.has(id),
  onSelect: toggleSelect,
  onAction: (verb: Verb, ids: string[]) => void act(ids, verb),
  onCurrent: (cid: string) => setCurrent(cid, false),
});

/** Keyed update: existing rows are kept (so focus and selection survive polling), new ones inserted, gone ones removed. */
function renderList(): void {
  const list = $('list');
  const keep = new Set<string>();
  let before: Row | null = null;
  for (let i = state.items.length - 1; i >= 0; i--) {
    const c = state.items[i]!;
    keep.add(c.id);
    let li = nodes.get(c.id);
    if (!li || li.signature !== rowSignature(c)) {
      const fresh = renderRow(c, handlers(c.id));
      if (li) {
        const hadFocus = li.contains(document.activeElement);
        li.replaceWith(fresh);
        if (hadFocus) fresh.focus();
      }
      li = fresh;
      nodes.set(c.id, li);
    }
    if (li.parentNode !== list || li.nextSibling !== before) list.insertBefore(li, before);
    before = li;
  }
  for (const [id, n] of nodes) {
    if (keep.has(id)) continue;
    n.remove();
    nodes.delete(id);
    state.selected.delete(id);
  }
  if (state.current && !keep.has(state.current)) state.current = null;
  for (const [id, n] of nodes) {
    n.classList.toggle('current', id === state.current);
    n.classList.toggle('selected', state.selected.has(id));
    n.setAttribute('aria-current', id === state.current ? 'true' : 'false');
  }
  $('empty').hidden = state.items.length > 0;
  $('empty').textContent = state.query.q ? 'No comments found in this part of the list.' : 'Nothing here. New comments appear automatically.';
  $('more').hidden = !state.nextCursor;
  $('more').textContent = state.query.q ? 'Search further' : 'Load more';
  updateToolbar();
}

function updateToolbar(): void {
  const n = state.selected.size;
  $('selected-count').textContent = `${n} selected`;
  $<HTMLButtonElement>('bulk-approve').disabled = n === 0 || state.tab === 'published';
  $<HTMLButtonElement>('bulk-spam').disabled = n === 0 || state.tab === 'spam';
  $<HTMLButtonElement>('bulk-delete').disabled = n === 0;
  const all = $<HTMLInputElement>('select-all');
  all.checked = n > 0 && n === state.items.length;
  all.indeterminate = n > 0 && n < state.items.length;
}

function toggleSelect(id: string, on: boolean): void {
  if (on) state.selected.add(id);
  else state.selected.delete(id);
  const li = nodes.get(id);
  if (li) {
    li.classList.toggle('selected', on);
    const pick = li.querySelector<HTMLInputElement>('.pick');
    if (pick) pick.checked = on;
  }
  updateToolbar();
}

function setCurrent(id: string | null, focus: boolean): void {
  state.current = id;
  for (const [nid, n] of nodes) {
    n.classList.toggle('current', nid === id);
    n.setAttribute('aria-current', nid === id ? 'true' : 'false');
  }
  const li = id ? nodes.get(id) : undefined;
  if (li && focus) {
    li.focus();
    li.scrollIntoView({ block: 'nearest' });
  }
}

// ---- actions ----

const LABELS: Record<Exclude<Verb, 'delete'>, { ing: string; done: string }> = {
  approve: { ing: 'Approving', done: 'Approved' },
  spam: { ing: 'Marking as spam', done: 'Marked as spam' },
};

const plural = (n: number) => (n === 1 ? ' comment' : ' comments');

async function act(ids: string[], verb: Verb): Promise<void> {
  if (!ids.length || state.busy) return;
  if (verb === 'delete') {
    holdDeletion(ids);
    return;
  }
  state.busy = true;
  const idx = state.items.findIndex((c) => c.id === state.current);
  const label = LABELS[verb];
  say(`${label.ing} ${ids.length}${plural(ids.length)}…`);
  let done = 0;
  let failed = 0;
  const queue = ids.slice();
  const worker = async (): Promise<void> => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      const path = `/comments/${encodeURIComponent(id)}`;
      try {
        await api('POST', `${path}/${verb}`);
        done++;
        state.selected.delete(id);
      } catch (err) {
        if (err instanceof AuthError) throw err;
        failed++;
      }
    }
  };
  try {
    // Four at a time: bulk actions on a long list finish quickly without flooding the API.
    await Promise.all([worker(), worker(), worker(), worker()]);
    say(`${label.done} ${done}${plural(done)}${failed ? `; ${failed} failed.` : '.'}`);
  } catch (err) {
    onFailure(err);
  }
  state.busy = false;
  await refresh();
  // Keep the keyboard position: the next item slides into the place of the one just handled.
  if (idx >= 0 && state.items.length && !nodes.has(state.current ?? '')) {
    const next = state.items[Math.min(idx, state.items.length - 1)];
    if (next) setCurrent(next.id, true);
  }
}

// ---- delete with undo ----

const deletes = new DelayedDeletes({
  delayMs: UNDO_MS,
  run: async (ids, leaving) => {
    let failed = 0;
    await Promise.all(
      ids.map((id) =>
        api('DELETE', `/comments/${encodeURIComponent(id)}`, state.auth, leaving).catch((err: unknown) => {
          if (err instanceof AuthError) throw err;
          failed++;
        }),
      ),
    ).catch((err: unknown) => {
      // Signed out meanwhile: the sign-in form already says why.
      if (state.auth) onFailure(err);
    });
    if (!leaving) say(`Deleted ${ids.length - failed}${plural(ids.length - failed)}${failed ? `; ${failed} failed.` : '.'}`);
  },
  changed: () => {
    const n = deletes.latestCount;
    $('undo').hidden = n === 0;
    $('undo-text').textContent = `Deleting ${n}${plural(n)} in ${Math.round(UNDO_MS / 1000)} s.`;
    void refresh();
  },
});

function holdDeletion(ids: string[]): void {
  const idx = state.items.findIndex((c) => c.id === state.current);
  for (const id of ids) state.selected.delete(id);
  deletes.hold(ids);
  state.items = state.items.filter((c) => !deletes.isHeld(c.id));
  renderList();
  if (idx >= 0 && state.items.length && !nodes.has(state.current ?? '')) {
    const next = state.items[Math.min(idx, state.items.length - 1)];
    if (next) setCurrent(next.id, true);
  }
}

function selectedIds(): string[] {
  return state.items.map((c) => c.id).filter((id) => state.selected.has(id));
}

// ---- keyboard ----

function onKey(ev: KeyboardEvent): void {
  if (!state.auth || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const t = ev.target as HTMLElement | null;
  if (t && (t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || (t.tagName === 'INPUT' && (t as HTMLInputElement).type !== 'checkbox') || t.isContentEditable)) return;
  const ids = state.items.map((c) => c.id);
  const i = state.current ? ids.indexOf(state.current) : -1;
  const current = state.current;
  switch (ev.key) {
    case 'j':
      if (ids.length) setCurrent(ids[Math.min(i + 1, ids.length - 1)] ?? null, true);
      break;
    case 'k':
      if (ids.length) setCurrent(ids[Math.max(i - 1, 0)] ?? null, true);
      break;
    case 'x':
      if (current) toggleSelect(current, !state.selected.has(current));
      break;
    case 'a':
      if (current && state.tab !== 'published') void act([current], 'approve');
      break;
    case 's':
      if (current && state.tab !== 'spam') void act([current], 'spam');
      break;
    default:
      return;
  }
  ev.preventDefault();
}

// ---- wiring ----

function isStatus(v: string | null): v is Status {
  return (STATUSES as readonly (string | null)[]).includes(v);
}

function init(): void {
  siteRules = mountSiteRules($('site-rules'), () => state.auth);
  const tokenInput = $<HTMLInputElement>('token');
  const nameInput = $<HTMLInputElement>('name');
  const passwordInput = $<HTMLInputElement>('password');
  const loginError = (msg: string) => void ($('login-error').textContent = msg);
  $('login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const token = tokenInput.value.trim();
    const name = nameInput.value.trim();
    const password = passwordInput.value;
    loginError('');
    if (token) {
      signIn({ kind: 'token', token }).catch((err: unknown) => {
        loginError(err instanceof AuthError ? `Access denied: that token was refused (${err.status}).` : 'Could not reach the service. Try again.');
        tokenInput.focus();
        tokenInput.select();
      });
      return;
    }
    if (!name || !password) {
      loginError('Enter your name and password, or the moderator token.');
      (name ? passwordInput : nameInput).focus();
      return;
    }
    signInWithPassword(name, password)
      .then(async (res) => {
        passwordInput.value = '';
        if ('error' in res) {
          loginError(res.error === 'rate_limited' ? `Too many failed sign-ins. Try again in ${res.retryAfter} s.` : 'Wrong name or password.');
          passwordInput.focus();
          return;
        }
        await signIn({ kind: 'session', csrfToken: res.csrfToken ?? '' }, res);
      })
      .catch(() => loginError('Could not reach the service. Try again.'));
  });
  $('signout').addEventListener('click', () => {
    // The server ends the session before the page says so.
    const auth = state.auth;
    // Deletions waiting out their undo time go first, while the session still lets them.
    void deletes.flush(false).then(() => {
      if (auth?.kind === 'session') state.auth = null;
      return (auth?.kind === 'session' ? signOutSession(auth.csrfToken) : Promise.resolve()).then(() => signOut('Signed out.'));
    });
  });
  const tabs = Array.from(document.querySelectorAll<HTMLElement>('[role=tab]'));
  for (const tab of tabs) {
    tab.addEventListener('click', () => {
      const st = tab.getAttribute('data-status');
      if (isStatus(st)) void selectTab(st, false);
    });
    tab.addEventListener('keydown', (ev) => {
      const i = tabs.indexOf(tab);
      const to = ev.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : ev.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length] : undefined;
      const st = to?.getAttribute('data-status') ?? null;
      if (to && isStatus(st)) {
        ev.preventDefault();
        void selectTab(st, true);
      }
    });
  }
  const selectAll = $<HTMLInputElement>('select-all');
  selectAll.addEventListener('change', () => {
    // Read once: each toggle updates the box (checked or indeterminate) as the selection grows.
    const on = selectAll.checked;
    for (const c of state.items) toggleSelect(c.id, on);
  });
  $('bulk-approve').addEventListener('click', () => void act(selectedIds(), 'approve'));
  $('bulk-spam').addEventListener('click', () => void act(selectedIds(), 'spam'));
  $('bulk-delete').addEventListener('click', () => void act(selectedIds(), 'delete'));
  $('more').addEventListener('click', () => {
    if (!state.nextCursor) return;
    const gen = state.generation;
    api<CommentPage<ModeratorComment>>('GET', listPath(state.tab, state.nextCursor))
      .then((j) => {
        if (gen !== state.generation) return;
        const have = new Set(state.items.map((c) => c.id));
        for (const c of j?.comments ?? []) if (!have.has(c.id) && !deletes.isHeld(c.id)) state.items.push(c);
        state.nextCursor = j?.nextCursor ?? null;
        renderList();
      })
      .catch(onFailure);
  });
  const siteSelect = $<HTMLSelectElement>('site');
  siteSelect.addEventListener('change', () => {
    state.query.siteId = siteSelect.value;
    void selectTab(state.tab, false);
    clustersView?.reload();
  });
  const orderSelect = $<HTMLSelectElement>('order');
  orderSelect.value = state.query.order;
  orderSelect.addEventListener('change', () => {
    state.query.order = orderSelect.value === 'oldest' ? 'oldest' : 'newest';
    void selectTab(state.tab, false);
  });
  const searchInput = $<HTMLInputElement>('search');
  const search = () => {
    const q = searchInput.value.trim();
    if (q === state.query.q) return;
    state.query.q = q;
    void selectTab(state.tab, false);
  };
  $('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    search();
  });
  // The clear button of a search field, or emptying it, shows the whole list again.
  searchInput.addEventListener('search', search);
  searchInput.addEventListener('input', () => {
    if (!searchInput.value.trim() && state.query.q) search();
  });
  $('undo-button').addEventListener('click', () => {
    if (deletes.undoLatest()) say('Deletion undone.');
  });
  // Leaving the page carries out the deletions the moderator did not take back (keepalive requests).
  window.addEventListener('pagehide', () => void deletes.flush(true));
  document.addEventListener('keydown', onKey);
  clustersView = mountClusters($('clusters'), { auth: () => state.auth, site: () => state.query.siteId, say, onFailure, changed: () => void refresh() });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) void refresh();
  });

  const saved = webStorage('sessionStorage')?.getItem(TOKEN_KEY);
  if (saved) {
    signIn({ kind: 'token', token: saved }).catch((err: unknown) => {
      signOut(err instanceof AuthError ? 'Your saved token was refused. Please sign in again.' : 'Could not reach the service.');
    });
  } else {
    // A session cookie from an earlier sign-in in this browser resumes without asking again.
    currentSession(null)
      .then((info) => (info?.csrfToken ? signIn({ kind: 'session', csrfToken: info.csrfToken }, info) : nameInput.focus()))
      .catch(() => nameInput.focus());
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
