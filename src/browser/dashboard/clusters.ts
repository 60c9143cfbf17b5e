/**
 * The dashboard's Clusters view: groups of queued comments that share a network, a link domain, an e-mail
 * domain or near-duplicate text (GET /api/v1/moderation/clusters), each with its size and an example, and
 * one action for the whole group ("Mark all spam" / "Approve all"), asked to be confirmed first.
 */
import { clear, el } from '../shared/dom.ts';
import { moderationApi, type Credentials } from './moderation-api.ts';

type Kind = 'ip' | 'link-domain' | 'email-domain' | 'near-duplicate';
type Queue = 'flagged' | 'pending';
type Decision = 'spam' | 'approve';

interface Cluster {
  id: string;
  kind: Kind;
  key: string;
  count: number;
  commentIds: string[];
  sites: string[];
  example: { id: string; siteId: string; name: string; excerpt: string; createdAt: string; spamScore: number | null };
}

interface ClusterList {
  status: Queue;
  considered: number;
  truncated: boolean;
  clusters: Cluster[];
}

interface DecisionResult {
  decided: number;
  skipped: number;
  notFound: number;
}

/** What the view needs from the dashboard. */
export interface ClusterHooks {
  /** The credentials in use, or null when signed out. */
  auth: () => Credentials | null;
  /** The site picked in the dashboard, or '' for every site the moderator may see. */
  site: () => string;
  /** Tells the moderator (the page's status line). */
  say: (message: string) => void;
  /** A failed call: the dashboard signs out on refused credentials. */
  onFailure: (err: unknown) => void;
  /** Comments changed state: the dashboard refreshes its lists and counts. */
  changed: () => void;
}

const KIND_LABELS: Record<Kind, string> = {
  ip: 'Same network',
  'link-domain': 'Same link domain',
  'email-domain': 'Same e-mail domain',
  'near-duplicate': 'Near-duplicate text',
};

const comments = (n: number) => `${n} ${n === 1 ? 'comment' : 'comments'}`;

/** Builds the view inside `root`; returns `reload` (the site picked changed) and `reset` (sign-out). */
export function mountClusters(root: HTMLElement, hooks: ClusterHooks): { reload: () => void; reset: () => void } {
  const queue = el('select', { id: 'clusters-queue' }, [el('option', { value: 'flagged' }, ['Flagged']), el('option', { value: 'pending' }, ['Pending'])]);
  const reload = el('button', { type: 'button', class: 'ghost', id: 'clusters-refresh' }, ['Refresh']);
  const note = el('span', { class: 'muted', id: 'clusters-note' });
  const list = el('ol', { class: 'list cluster-list', id: 'cluster-list', 'aria-label': 'Clusters' });
  const empty = el('p', { class: 'empty', hidden: true }, ['No clusters: no two queued comments share a network, a link or e-mail domain, or their text.']);
  const details = el('details', { class: 'clusters', id: 'clusters-view' }, [
    el('summary', null, ['Clusters ', el('span', { class: 'muted' }, ['groups of similar queued comments, decided at once'])]),
    el('div', { class: 'toolbar' }, [el('label', { for: 'clusters-queue' }, ['Queue']), queue, reload, note]),
    list,
    empty,
  ]);
  root.append(details);
  let generation = 0;

  const status = (): Queue => (queue.value === 'pending' ? 'pending' : 'flagged');
  /** The queue and site the list shows, which a decision names too so it finds the same cluster. */
  const scope = (): { status: Queue; site?: string } => (hooks.site() ? { status: status(), site: hooks.site() } : { status: status() });

  async function load(): Promise<void> {
    const auth = hooks.auth();
    if (!auth || !details.open) return;
    const gen = ++generation;
    note.textContent = 'Loading…';
    try {
      const { status: st, site } = scope();
      const res = await moderationApi<ClusterList>('GET', `/clusters?status=${st}${site ? `&site=${encodeURIComponent(site)}` : ''}`, auth);
      if (gen !== generation) return;
      render(res ?? { status: status(), considered: 0, truncated: false, clusters: [] });
    } catch (err) {
      note.textContent = '';
      hooks.onFailure(err);
    }
  }

  function render(res: ClusterList): void {
    clear(list);
    for (const c of res.clusters) list.append(row(c));
    empty.hidden = res.clusters.length > 0;
    note.textContent = `${comments(res.considered)} looked at${res.truncated ? ' (the newest only)' : ''}`;
  }

  function row(c: Cluster): HTMLLIElement {
    const actions = el('div', { class: 'actions' });
    const li = el('li', { class: 'cluster', 'data-cluster-id': c.id, 'data-kind': c.kind }, [
      el('div', { class: 'body' }, [
        el('div', { class: 'meta' }, [
          el('span', { class: 'badge' }, [KIND_LABELS[c.kind]]),
          c.kind === 'near-duplicate' ? null : el('code', { class: 'key' }, [c.key]),
          el('span', { class: 'name cluster-count' }, [comments(c.count)]),
          c.sites.length ? el('span', null, [`on ${c.sites.join(', ')}`]) : null,
        ]),
        el('blockquote', { class: 'text' }, [el('strong', null, [c.example.name]), ': ', c.example.excerpt]),
        actions,
      ]),
    ]);
    const ask = (decision: Decision) => {
      clear(actions);
      const question = decision === 'spam' ? `Mark all ${comments(c.count)} as spam?` : `Approve all ${comments(c.count)}?`;
      const yes = el('button', { type: 'button', class: decision === 'spam' ? 'spam confirm' : 'approve confirm' }, [decision === 'spam' ? 'Yes, mark all spam' : 'Yes, approve all']);
      const no = el('button', { type: 'button', class: 'ghost' }, ['Cancel']);
      yes.addEventListener('click', () => void decide(c, decision, actions));
      no.addEventListener('click', () => offer());
      actions.append(el('span', { class: 'question', role: 'alert' }, [question]), yes, no);
      no.focus();
    };
    const offer = () => {
      clear(actions);
      const spam = el('button', { type: 'button', class: 'spam' }, ['Mark all spam']);
      const approve = el('button', { type: 'button', class: 'approve' }, ['Approve all']);
      spam.addEventListener('click', () => ask('spam'));
      approve.addEventListener('click', () => ask('approve'));
      actions.append(spam, approve);
    };
    offer();
    return li;
  }

  async function decide(c: Cluster, decision: Decision, actions: HTMLElement): Promise<void> {
    const auth = hooks.auth();
    if (!auth) return;
    for (const b of Array.from(actions.querySelectorAll('button'))) b.disabled = true;
    hooks.say(`${decision === 'spam' ? 'Marking' : 'Approving'} ${comments(c.count)}…`);
    try {
      const res = await moderationApi<DecisionResult>('POST', `/clusters/${encodeURIComponent(c.id)}/decision`, auth, { decision, ...scope() });
      const done = res?.decided ?? 0;
      const left = (res?.skipped ?? 0) + (res?.notFound ?? 0);
      hooks.say(`${decision === 'spam' ? 'Marked' : 'Approved'} ${comments(done)}${decision === 'spam' ? ' as spam' : ''}${left ? `; ${left} already decided or gone, left as they were` : ''}.`);
    } catch (err) {
      // 404: the cluster is no longer in the queue (someone else decided it); the reload shows what is left.
      if (err instanceof Error && err.message === 'HTTP 404') hooks.say('That cluster is no longer in the queue.');
      else hooks.onFailure(err);
    }
    hooks.changed();
    await load();
  }

  details.addEventListener('toggle', () => void load());
  reload.addEventListener('click', () => void load());
  queue.addEventListener('change', () => void load());
  return {
    reload: () => void load(),
    reset() {
      generation++;
      details.open = false;
      clear(list);
      note.textContent = '';
    },
  };
}
