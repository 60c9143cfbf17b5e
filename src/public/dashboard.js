/* dashboard.js — the moderator dashboard: token sign-in (sessionStorage), status tabs with counts, comment review
 * with score bar and highlighted reason tokens, single and bulk actions, j/k/a/s/x shortcuts, and polling every 5 s.
 * All user content is written with textContent / text nodes only. */
(function () {
  'use strict';

  var API = '/api/v1/moderation';
  var TOKEN_KEY = 'cmw:moderatorToken';
  // Poll interval; ?poll=<ms> (at least 500) lets tests speed it up.
  var POLL_MS = Math.max(500, parseInt(new URLSearchParams(location.search).get('poll') || '', 10) || 5000);
  var PAGE = 50;
  var STATUSES = ['flagged', 'pending', 'published', 'spam'];

  var $ = function (id) {
    return document.getElementById(id);
  };
  var state = {
    token: null,
    tab: 'flagged',
    items: [], // full records shown in the current tab, in server order
    nextCursor: null,
    selected: new Set(),
    current: null, // id of the keyboard-current item
    busy: false,
    timer: null,
    generation: 0,
  };
  var nodes = new Map(); // id -> li element

  function el(tag, attrs, kids) {
    var n = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] != null && attrs[k] !== false) n.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    if (kids) for (var i = 0; i < kids.length; i++) if (kids[i] != null) n.appendChild(typeof kids[i] === 'string' ? document.createTextNode(kids[i]) : kids[i]);
    return n;
  }
  function safeHttpUrl(u) {
    try {
      var p = new URL(u);
      return p.protocol === 'http:' || p.protocol === 'https:' ? p.href : null;
    } catch (e) {
      return null;
    }
  }
  function session() {
    try {
      return window.sessionStorage;
    } catch (e) {
      return null;
    }
  }
  function say(msg) {
    $('status').textContent = msg;
  }

  // ---- API ----
  function AuthError(status) {
    this.status = status;
  }
  function api(method, path, token) {
    return fetch(API + path, {
      method: method,
      headers: { Authorization: 'Bearer ' + (token || state.token), Accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
    }).then(function (r) {
      if (r.status === 401 || r.status === 403) throw new AuthError(r.status);
      if (r.status === 204) return null;
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    });
  }
  function onFailure(err) {
    if (err instanceof AuthError) {
      signOut('Your token was refused (' + err.status + '). Please sign in again.');
    } else {
      say('Could not reach the service. Retrying…');
    }
  }

  // ---- sign in / out ----
  function showApp(on) {
    $('login').hidden = on;
    $('app').hidden = !on;
    $('signout').hidden = !on;
  }
  function signIn(token) {
    return api('GET', '/stats', token).then(function (stats) {
      state.token = token;
      var s = session();
      if (s) s.setItem(TOKEN_KEY, token);
      showApp(true);
      $('login-error').textContent = '';
      applyStats(stats);
      selectTab(state.tab, false);
      startPolling();
    });
  }
  function signOut(message) {
    state.token = null;
    var s = session();
    if (s) s.removeItem(TOKEN_KEY);
    clearInterval(state.timer);
    state.timer = null;
    state.items = [];
    state.selected.clear();
    nodes.clear();
    $('list').textContent = '';
    $('model').textContent = '';
    showApp(false);
    $('login-error').textContent = message || '';
    $('token').value = '';
    $('token').focus();
  }

  // ---- stats ----
  function applyStats(stats) {
    var counts = (stats && stats.counts) || {};
    STATUSES.forEach(function (st) {
      var c = document.querySelector('[data-count="' + st + '"]');
      if (c) c.textContent = String(counts[st] != null ? counts[st] : 0);
    });
    var m = (stats && stats.model) || {};
    var l = (stats && stats.learned) || {};
    var bits = [];
    if (m.version) bits.push('Model ' + String(m.version));
    if (l.documents != null) {
      bits.push('learned from ' + Number(l.documents) + ' moderator decisions (' + Number(l.spam || 0) + ' spam, ' + Number(l.ham || 0) + ' ham)');
    }
    $('model').textContent = bits.join(' · ');
  }

  // ---- loading ----
  function fetchTab(status, want) {
    var out = [];
    function page(cursor) {
      var q = '?status=' + status + '&limit=' + PAGE + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
      return api('GET', '/comments' + q).then(function (j) {
        out = out.concat(Array.isArray(j.comments) ? j.comments : []);
        if (j.nextCursor && out.length < want) return page(j.nextCursor);
        return j.nextCursor || null;
      });
    }
    return page(null).then(function (next) {
      return { items: out, nextCursor: next };
    });
  }

  function refresh() {
    if (!state.token || state.busy) return Promise.resolve();
    var gen = state.generation;
    var tab = state.tab;
    return Promise.all([api('GET', '/stats'), fetchTab(tab, Math.max(PAGE, state.items.length))])
      .then(function (res) {
        if (gen !== state.generation || tab !== state.tab || state.busy) return;
        applyStats(res[0]);
        state.items = res[1].items;
        state.nextCursor = res[1].nextCursor;
        renderList();
        $('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
      })
      .catch(onFailure);
  }

  function startPolling() {
    clearInterval(state.timer);
    state.timer = setInterval(function () {
      if (!document.hidden) refresh();
    }, POLL_MS);
  }

  function selectTab(status, focus) {
    state.tab = status;
    state.generation++;
    state.items = [];
    state.nextCursor = null;
    state.selected.clear();
    state.current = null;
    nodes.clear();
    $('list').textContent = '';
    document.querySelectorAll('[role=tab]').forEach(function (t) {
      var on = t.getAttribute('data-status') === status;
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tabIndex = on ? 0 : -1;
      if (on) {
        $('panel').setAttribute('aria-labelledby', t.id);
        if (focus) t.focus();
      }
    });
    updateToolbar();
    return refresh();
  }

  // ---- rendering ----
  // Words named in the reasons ("token:free +2.1", "bigram:buy now +1.3") with their weights, strongest first.
  function reasonWords(reasons) {
    var out = [];
    (reasons || []).forEach(function (r) {
      var m = /^(token|bigram):(.+?)\s+([+-]\d+(?:\.\d+)?)$/.exec(String(r));
      if (!m) return;
      var w = parseFloat(m[3]);
      // A bigram is highlighted as the phrase it is: its words alone may be stopwords ("out" of "check out").
      if (m[2].length > 1) out.push({ word: m[2], weight: w });
    });
    out.sort(function (a, b) {
      return Math.abs(b.weight) - Math.abs(a.weight);
    });
    return out.slice(0, 10);
  }

  function escapeRe(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }

  // Renders text into `parent` as paragraphs/line breaks, wrapping the reason words in <mark>.
  function renderHighlighted(parent, text, words) {
    var kinds = {};
    words.forEach(function (w) {
      var k = w.word.toLowerCase();
      if (!(k in kinds)) kinds[k] = w.weight > 0 ? 'spam' : 'ham';
    });
    var keys = Object.keys(kinds).sort(function (a, b) {
      return b.length - a.length;
    });
    var re = null;
    if (keys.length) {
      try {
        re = new RegExp(
          '(?<![\\p{L}\\p{N}])(' +
            keys
              .map(function (k) {
                return escapeRe(k).replace(/ +/g, '\\s+');
              })
              .join('|') +
            ')(?![\\p{L}\\p{N}])',
          'giu',
        );
      } catch (e) {
        re = null;
      }
    }
    String(text || '').replace(/\r\n?/g, '\n').split(/\n{2,}/).forEach(function (para) {
      var p = el('p');
      para.split('\n').forEach(function (line, i) {
        if (i) p.appendChild(el('br'));
        var last = 0;
        var m;
        if (re) {
          re.lastIndex = 0;
          while ((m = re.exec(line))) {
            if (m.index > last) p.appendChild(document.createTextNode(line.slice(last, m.index)));
            var kind = kinds[m[1].toLowerCase().replace(/\s+/g, ' ')];
            p.appendChild(el('mark', { class: kind, title: kind === 'spam' ? 'Spam signal' : 'Ham signal' }, [m[0]]));
            last = m.index + m[0].length;
            if (m[0].length === 0) re.lastIndex++;
          }
        }
        if (last < line.length) p.appendChild(document.createTextNode(line.slice(last)));
      });
      parent.appendChild(p);
    });
  }

  function renderItem(c) {
    var score = typeof c.spamScore === 'number' ? Math.max(0, Math.min(1, c.spamScore)) : null;
    var site = c.website ? safeHttpUrl(c.website) : null;
    var pick = el('input', { type: 'checkbox', class: 'pick', 'aria-label': 'Select comment by ' + String(c.name || '') });
    pick.checked = state.selected.has(c.id);
    pick.addEventListener('change', function () {
      toggleSelect(c.id, pick.checked);
    });
    var fill = el('span');
    fill.style.width = score == null ? '0%' : Math.round(score * 100) + '%';
    var bar = el('div', {
      class: 'bar' + (score == null ? '' : score >= 0.8 ? ' high' : score >= 0.4 ? ' mid' : ''),
      role: 'meter',
      'aria-label': 'Spam score',
      'aria-valuemin': '0',
      'aria-valuemax': '1',
      'aria-valuenow': score == null ? null : score.toFixed(2),
    }, [fill]);
    var text = el('div', { class: 'text' });
    renderHighlighted(text, c.comment, reasonWords(c.reasons));
    var reasons = el('ul', { class: 'reasons', 'aria-label': 'Reasons' });
    (c.reasons || []).forEach(function (r) {
      var s = String(r);
      reasons.appendChild(el('li', { class: /\s\+\d/.test(s) ? 'up' : /\s-\d/.test(s) ? 'down' : '' }, [s]));
    });
    function action(label, cls, fn, disabled) {
      var b = el('button', { type: 'button', class: cls, disabled: disabled }, [label]);
      b.addEventListener('click', function () {
        fn([c.id]);
      });
      return b;
    }
    var when = c.createdAt ? new Date(c.createdAt) : null;
    var li = el('li', { class: 'item', 'data-id': c.id, 'data-status': c.status, tabindex: '-1' }, [
      pick,
      el('div', { class: 'body' }, [
        el('div', { class: 'meta' }, [
          el('span', { class: 'name' }, [String(c.name || '')]),
          c.email ? el('a', { class: 'email', href: 'mailto:' + encodeURIComponent(String(c.email)).replace(/%40/g, '@') }, [String(c.email)]) : null,
          site ? el('a', { class: 'website', href: site, rel: 'nofollow noopener noreferrer', target: '_blank' }, [String(c.website)]) : c.website ? el('span', { class: 'website' }, [String(c.website)]) : null,
          el('span', { class: 'thread', title: 'Thread' }, ['thread: ' + String(c.threadId || '')]),
          c.parentId ? el('span', { class: 'parent' }, ['reply to ' + String(c.parentId)]) : null,
          when && !isNaN(when.getTime()) ? el('time', { datetime: String(c.createdAt) }, [when.toLocaleString()]) : null,
        ]),
        el('div', { class: 'scoreline' }, [
          bar,
          el('span', { class: 'score' }, [score == null ? 'not scored' : 'score ' + score.toFixed(2)]),
          el('span', { class: 'badge' }, [String(c.status || '')]),
          c.decidedBy ? el('span', { class: 'muted' }, ['by ' + String(c.decidedBy)]) : null,
        ]),
        text,
        reasons,
        el('div', { class: 'actions' }, [
          action('Approve', 'approve', approve, c.status === 'published'),
          action('Spam', 'spam', markSpam, c.status === 'spam'),
          action('Delete', 'delete', remove),
        ]),
      ]),
    ]);
    li.addEventListener('click', function (ev) {
      if (ev.target === li || !ev.target.closest('button,input,a')) setCurrent(c.id, false);
    });
    li._sig = JSON.stringify([c.status, c.spamScore, c.reasons, c.comment, c.name, c.email, c.website, c.decidedBy]);
    return li;
  }

  // Keyed update: existing rows are kept (so focus and selection survive polling), new ones inserted, gone ones removed.
  function renderList() {
    var list = $('list');
    var keep = new Set();
    var before = null;
    for (var i = state.items.length - 1; i >= 0; i--) {
      var c = state.items[i];
      keep.add(c.id);
      var li = nodes.get(c.id);
      var sig = JSON.stringify([c.status, c.spamScore, c.reasons, c.comment, c.name, c.email, c.website, c.decidedBy]);
      if (!li || li._sig !== sig) {
        var fresh = renderItem(c);
        if (li) {
          var hadFocus = li.contains(document.activeElement);
          li.replaceWith(fresh);
          if (hadFocus) fresh.focus();
        }
        li = fresh;
        nodes.set(c.id, li);
      }
      if (li.parentNode !== list || li.nextSibling !== before) list.insertBefore(li, before);
      before = li;
    }
    nodes.forEach(function (n, id) {
      if (!keep.has(id)) {
        n.remove();
        nodes.delete(id);
        state.selected.delete(id);
      }
    });
    if (state.current && !keep.has(state.current)) state.current = null;
    nodes.forEach(function (n, id) {
      n.classList.toggle('current', id === state.current);
      n.classList.toggle('selected', state.selected.has(id));
      n.setAttribute('aria-current', id === state.current ? 'true' : 'false');
    });
    $('empty').hidden = state.items.length > 0;
    $('more').hidden = !state.nextCursor;
    updateToolbar();
  }

  function updateToolbar() {
    var n = state.selected.size;
    $('selected-count').textContent = n + ' selected';
    $('bulk-approve').disabled = n === 0 || state.tab === 'published';
    $('bulk-spam').disabled = n === 0 || state.tab === 'spam';
    $('bulk-delete').disabled = n === 0;
    var all = $('select-all');
    all.checked = n > 0 && n === state.items.length;
    all.indeterminate = n > 0 && n < state.items.length;
  }

  function toggleSelect(id, on) {
    if (on) state.selected.add(id);
    else state.selected.delete(id);
    var li = nodes.get(id);
    if (li) {
      li.classList.toggle('selected', on);
      li.querySelector('.pick').checked = on;
    }
    updateToolbar();
  }

  function setCurrent(id, focus) {
    state.current = id;
    nodes.forEach(function (n, nid) {
      n.classList.toggle('current', nid === id);
      n.setAttribute('aria-current', nid === id ? 'true' : 'false');
    });
    var li = id && nodes.get(id);
    if (li && focus) {
      li.focus();
      li.scrollIntoView({ block: 'nearest' });
    }
  }

  // ---- actions ----
  function act(ids, verb, label) {
    if (!ids.length || state.busy) return Promise.resolve();
    state.busy = true;
    var idx = state.items.findIndex(function (c) {
      return c.id === state.current;
    });
    say(label.ing + ' ' + ids.length + (ids.length === 1 ? ' comment' : ' comments') + '…');
    var done = 0;
    var failed = 0;
    var queue = ids.slice();
    function worker() {
      var id = queue.shift();
      if (!id) return Promise.resolve();
      var p = verb === 'delete' ? api('DELETE', '/comments/' + encodeURIComponent(id)) : api('POST', '/comments/' + encodeURIComponent(id) + '/' + verb);
      return p.then(
        function () {
          done++;
          state.selected.delete(id);
        },
        function (err) {
          if (err instanceof AuthError) throw err;
          failed++;
        },
      ).then(worker);
    }
    return Promise.all([worker(), worker(), worker(), worker()])
      .then(function () {
        say(label.done + ' ' + done + (done === 1 ? ' comment' : ' comments') + (failed ? '; ' + failed + ' failed.' : '.'));
      })
      .catch(onFailure)
      .then(function () {
        state.busy = false;
        return refresh();
      })
      .then(function () {
        // Keep the keyboard position: the next item slides into the place of the one just handled.
        if (idx >= 0 && state.items.length && !nodes.has(state.current || '')) {
          var next = state.items[Math.min(idx, state.items.length - 1)];
          setCurrent(next.id, true);
        }
      });
  }
  function approve(ids) {
    return act(ids, 'approve', { ing: 'Approving', done: 'Approved' });
  }
  function markSpam(ids) {
    return act(ids, 'spam', { ing: 'Marking as spam', done: 'Marked as spam' });
  }
  function remove(ids) {
    return act(ids, 'delete', { ing: 'Deleting', done: 'Deleted' });
  }
  function selectedIds() {
    return state.items.map(function (c) {
      return c.id;
    }).filter(function (id) {
      return state.selected.has(id);
    });
  }

  // ---- keyboard ----
  function onKey(ev) {
    if (!state.token || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || (t.tagName === 'INPUT' && t.type !== 'checkbox') || t.isContentEditable)) return;
    var ids = state.items.map(function (c) {
      return c.id;
    });
    var i = ids.indexOf(state.current);
    switch (ev.key) {
      case 'j':
        if (ids.length) setCurrent(ids[Math.min(i + 1, ids.length - 1)], true);
        break;
      case 'k':
        if (ids.length) setCurrent(ids[Math.max(i - 1, 0)], true);
        break;
      case 'x':
        if (state.current) toggleSelect(state.current, !state.selected.has(state.current));
        break;
      case 'a':
        if (state.current && state.tab !== 'published') approve([state.current]);
        break;
      case 's':
        if (state.current && state.tab !== 'spam') markSpam([state.current]);
        break;
      default:
        return;
    }
    ev.preventDefault();
  }

  // ---- wiring ----
  function init() {
    $('login-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var token = $('token').value.trim();
      if (!token) {
        $('login-error').textContent = 'Enter the moderator token.';
        $('token').focus();
        return;
      }
      $('login-error').textContent = '';
      signIn(token).catch(function (err) {
        $('login-error').textContent =
          err instanceof AuthError ? 'Access denied: that token was refused (' + err.status + ').' : 'Could not reach the service. Try again.';
        $('token').focus();
        $('token').select();
      });
    });
    $('signout').addEventListener('click', function () {
      signOut('Signed out.');
    });
    document.querySelectorAll('[role=tab]').forEach(function (tab) {
      tab.addEventListener('click', function () {
        selectTab(tab.getAttribute('data-status'), false);
      });
      tab.addEventListener('keydown', function (ev) {
        var tabs = Array.prototype.slice.call(document.querySelectorAll('[role=tab]'));
        var i = tabs.indexOf(tab);
        var to = ev.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : ev.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length] : null;
        if (to) {
          ev.preventDefault();
          selectTab(to.getAttribute('data-status'), true);
        }
      });
    });
    $('select-all').addEventListener('change', function () {
      var on = $('select-all').checked;
      state.items.forEach(function (c) {
        toggleSelect(c.id, on);
      });
    });
    $('bulk-approve').addEventListener('click', function () {
      approve(selectedIds());
    });
    $('bulk-spam').addEventListener('click', function () {
      markSpam(selectedIds());
    });
    $('bulk-delete').addEventListener('click', function () {
      remove(selectedIds());
    });
    $('more').addEventListener('click', function () {
      if (!state.nextCursor) return;
      var gen = state.generation;
      api('GET', '/comments?status=' + state.tab + '&limit=' + PAGE + '&cursor=' + encodeURIComponent(state.nextCursor))
        .then(function (j) {
          if (gen !== state.generation) return;
          var have = new Set(state.items.map(function (c) {
            return c.id;
          }));
          (j.comments || []).forEach(function (c) {
            if (!have.has(c.id)) state.items.push(c);
          });
          state.nextCursor = j.nextCursor || null;
          renderList();
        })
        .catch(onFailure);
    });
    document.addEventListener('keydown', onKey);
    document.addEventListener('visibilitychange', function () {
      if (!document.hidden) refresh();
    });

    var s = session();
    var saved = s && s.getItem(TOKEN_KEY);
    if (saved) {
      signIn(saved).catch(function (err) {
        signOut(err instanceof AuthError ? 'Your saved token was refused. Please sign in again.' : 'Could not reach the service.');
      });
    } else {
      $('token').focus();
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
