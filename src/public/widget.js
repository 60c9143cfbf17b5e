/* widget.js — the embeddable comment widget: renders a thread's published comments (nested, with a count) and
 * the "Leave a Reply" form inside an open Shadow DOM. Plain browser JS, no framework. User content is only ever
 * written with textContent / createTextNode, never innerHTML. */
(function () {
  'use strict';

  // Captured at load time: document.currentScript is only set while this (async) script first executes.
  var ownScript = document.currentScript || document.querySelector('script[src*="widget.js"]');
  var SCRIPT_SRC = ownScript && ownScript.src ? ownScript.src : '';
  var PENDING_KEY = 'cmw:pending:v1';
  var AUTHOR_KEY = 'cmw:author:v1';
  var PENDING_MAX_AGE = 30 * 864e5;
  var URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
  var EMAIL_RE = /^[^\s@"<>()[\],;:\\]+@[^\s@"<>()[\],;:\\_]+\.[^\s@"<>()[\],;:\\_]{2,}$/;

  var CSS =
    ':host{all:initial;display:block;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;color-scheme:light}' +
    '*{box-sizing:border-box}' +
    '.cmw{max-width:46rem}' +
    'h2,h3{font-weight:700;line-height:1.25;margin:1.5rem 0 .75rem}h2{font-size:1.35rem}h3{font-size:1.2rem}' +
    'ol{list-style:none;margin:0;padding:0}' +
    '.children{margin-left:1.25rem;padding-left:1rem;border-left:2px solid #e4e7eb}' +
    'article{padding:.9rem 0;border-top:1px solid #e4e7eb}' +
    '.respond{margin-bottom:1rem}' +
    'article:focus{outline:2px solid #0b57d0;outline-offset:2px}' +
    '.meta{display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:baseline;font-size:.9rem;color:#57606a}' +
    '.author{font-weight:700;color:#1f2328;font-size:1rem}' +
    'a{color:#0b57d0}a:hover{text-decoration:none}' +
    '.text p{margin:.4rem 0;overflow-wrap:anywhere}' +
    '.awaiting{display:block;font-style:italic;color:#8a5300;margin:.3rem 0;font-size:.92rem}' +
    '.pending>article{opacity:.85}' +
    '.reply{font-size:.9rem;font-weight:600}' +
    '.empty{color:#57606a}' +
    'form{margin:0}' +
    '.note,.replying{font-size:.92rem;color:#57606a;margin:.25rem 0 1rem}' +
    '.field{margin:0 0 1rem}' +
    'label{display:block;font-weight:600;margin-bottom:.25rem}' +
    '.req{color:#b3261e}' +
    'input[type=text],input[type=email],input[type=url],textarea{display:block;width:100%;font:inherit;color:inherit;background:#fff;padding:.5rem .6rem;border:1px solid #8c959f;border-radius:4px}' +
    'textarea{min-height:8rem;resize:vertical}' +
    'input:focus,textarea:focus,button:focus{outline:2px solid #0b57d0;outline-offset:1px}' +
    '[aria-invalid=true]{border-color:#b3261e;background:#fff8f7}' +
    '.err{display:block;color:#b3261e;font-size:.9rem;margin-top:.25rem}.err:empty{display:none}' +
    '.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}' +
    '.check input{margin-top:.35rem}' +
    'button{font:inherit;font-weight:600;cursor:pointer;border-radius:4px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;padding:.55rem 1.1rem}' +
    'button[disabled]{opacity:.6;cursor:progress}' +
    '.status{margin:.75rem 0 0;font-size:.95rem}.status.error{color:#b3261e}.status:empty{display:none}' +
    '.hp{position:absolute!important;left:-10000px!important;top:auto;width:1px;height:1px;overflow:hidden}';

  // ---- small DOM helpers (text only) ----
  function el(tag, attrs, kids) {
    var n = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] != null && attrs[k] !== false) n.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    if (kids) for (var i = 0; i < kids.length; i++) if (kids[i] != null) n.appendChild(typeof kids[i] === 'string' ? document.createTextNode(kids[i]) : kids[i]);
    return n;
  }
  function safeHttpUrl(u) {
    if (typeof u !== 'string' || !u) return null;
    try {
      var p = new URL(u);
      return p.protocol === 'http:' || p.protocol === 'https:' ? p.href : null;
    } catch (e) {
      return null;
    }
  }
  function store(area) {
    try {
      var s = window[area];
      s.setItem('cmw:t', '1');
      s.removeItem('cmw:t');
      return s;
    } catch (e) {
      return null;
    }
  }
  function readJson(key, fallback) {
    var s = store('localStorage');
    try {
      var v = s && JSON.parse(s.getItem(key) || 'null');
      return v == null ? fallback : v;
    } catch (e) {
      return fallback;
    }
  }
  function writeJson(key, value) {
    var s = store('localStorage');
    try {
      if (s) value == null ? s.removeItem(key) : s.setItem(key, JSON.stringify(value));
    } catch (e) {
      /* quota or privacy mode: nothing to do */
    }
  }

  // Appends `text` to `parent` as paragraphs and line breaks, turning http(s) URLs into nofollow links.
  function renderText(parent, text) {
    var paras = String(text || '').replace(/\r\n?/g, '\n').split(/\n{2,}/);
    for (var i = 0; i < paras.length; i++) {
      var p = el('p');
      var lines = paras[i].split('\n');
      for (var j = 0; j < lines.length; j++) {
        if (j) p.appendChild(el('br'));
        linkify(p, lines[j]);
      }
      parent.appendChild(p);
    }
  }
  function linkify(parent, line) {
    var last = 0;
    var m;
    URL_RE.lastIndex = 0;
    while ((m = URL_RE.exec(line))) {
      var raw = m[0].replace(/[.,;:!?)\]}'"]+$/, '');
      var href = safeHttpUrl(raw);
      if (!href) continue;
      if (m.index > last) parent.appendChild(document.createTextNode(line.slice(last, m.index)));
      parent.appendChild(el('a', { href: href, rel: 'nofollow ugc noopener' }, [raw]));
      last = m.index + raw.length;
      URL_RE.lastIndex = last;
    }
    if (last < line.length) parent.appendChild(document.createTextNode(line.slice(last)));
  }
  function formatDate(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return '';
    try {
      return d.toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' });
    } catch (e) {
      return d.toISOString();
    }
  }

  // ---- client-side checks, mirroring the server's rules ----
  function validate(v) {
    var f = {};
    if (!v.name) f.name = 'Please enter your name.';
    else if (v.name.length > 100) f.name = 'Your name can be at most 100 characters.';
    if (!v.email) f.email = 'Please enter your email address.';
    else if (v.email.length > 254 || !EMAIL_RE.test(v.email)) f.email = 'Enter a valid email address';
    if (v.website && (v.website.length > 200 || !safeHttpUrl(v.website))) f.website = 'Enter a website starting with http:// or https://';
    if (!v.comment) f.comment = 'Please type your comment.';
    else if (v.comment.length > 10000) f.comment = 'Your comment can be at most 10,000 characters.';
    return f;
  }

  function Widget(host) {
    this.host = host;
    var canonical = document.querySelector('link[rel="canonical"]');
    var threadFromCanonical = null;
    if (canonical && canonical.href) {
      try {
        threadFromCanonical = new URL(canonical.href, location.href).pathname;
      } catch (e) {
        /* ignore */
      }
    }
    this.threadId = host.getAttribute('data-thread-id') || threadFromCanonical || location.pathname;
    var base = host.getAttribute('data-api-base');
    if (!base && SCRIPT_SRC) {
      try {
        base = new URL(SCRIPT_SRC, location.href).origin;
      } catch (e) {
        /* ignore */
      }
    }
    this.api = (base || location.origin).replace(/\/+$/, '');
    this.comments = [];
    this.replyTo = null;
    this.build();
    this.load();
  }

  Widget.prototype.url = function (path) {
    return this.api + '/api/v1' + path;
  };

  Widget.prototype.build = function () {
    var self = this;
    var host = this.host;
    // Replace the server-rendered no-JS fallback markup.
    while (host.firstChild) host.removeChild(host.firstChild);
    var root = host.shadowRoot || host.attachShadow({ mode: 'open' });
    while (root.firstChild) root.removeChild(root.firstChild);
    if (root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === 'function' && CSSStyleSheet.prototype.replaceSync) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.appendChild(el('style', null, [CSS]));
    }
    this.root = root;

    this.countEl = el('h2', { class: 'count comments-title', id: 'comments-title' }, ['Loading comments…']);
    this.listEl = el('ol', { class: 'comment-list' });
    this.loadError = el('p', { class: 'empty', role: 'status' });

    var f = (this.fields = {});
    var ids = {};
    function field(name, label, required, control) {
      var id = 'cmw-' + name;
      ids[name] = id;
      control.id = id;
      control.name = name;
      if (required) {
        control.setAttribute('required', '');
        control.setAttribute('aria-required', 'true');
      }
      control.setAttribute('aria-describedby', id + '-error');
      f[name] = control;
      var err = el('span', { class: 'err', id: id + '-error' });
      control._err = err;
      return el('p', { class: 'field field-' + name }, [
        el('label', { for: id }, [label, required ? ' ' : null, required ? el('span', { class: 'req' }, ['*']) : null]),
        control,
        err,
      ]);
    }
    var saved = readJson(AUTHOR_KEY, null);
    this.consent = el('input', { type: 'checkbox', id: 'cmw-consent', name: 'wp-comment-cookies-consent', value: 'yes' });
    this.honeypot = el('input', { type: 'text', name: 'contact_me_by_fax_only', tabindex: '-1', autocomplete: 'off', value: '' });
    this.tokenInput = el('input', { type: 'hidden', name: 'formToken', value: '' });
    this.parentInput = el('input', { type: 'hidden', name: 'parentId', value: '' });
    this.submitBtn = el('button', { type: 'submit', class: 'submit' }, ['Post Comment']);
    this.status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.replyingEl = el('p', { class: 'replying', hidden: true });
    this.cancelBtn = el('a', { href: '#respond', id: 'cancel-comment-reply-link', class: 'cancel-reply' }, ['Cancel reply']);

    var form = (this.form = el('form', {
      method: 'post',
      action: this.url('/comments'),
      novalidate: true,
      class: 'comment-form',
      'aria-labelledby': 'reply-title',
    }, [
      el('p', { class: 'note' }, [
        'Your email address will not be published. Required fields are marked ',
        el('span', { class: 'req' }, ['*']),
      ]),
      field('name', 'Name', true, el('input', { type: 'text', autocomplete: 'name', maxlength: '100' })),
      field('email', 'Email', true, el('input', { type: 'email', autocomplete: 'email', maxlength: '254' })),
      field('website', 'Website', false, el('input', { type: 'url', autocomplete: 'url', maxlength: '200' })),
      field('comment', 'Comment', true, el('textarea', { rows: '8', maxlength: '10000' })),
      el('p', { class: 'field field-consent' }, [
        el('label', { class: 'check', for: 'cmw-consent' }, [
          this.consent,
          el('span', null, ['Save my name, email, and website in this browser for the next time I comment.']),
        ]),
      ]),
      el('div', { class: 'hp', 'aria-hidden': 'true' }, [
        el('label', { for: 'cmw-hp' }, ['Leave this field empty']),
        this.honeypot,
      ]),
      el('input', { type: 'hidden', name: 'threadId', value: this.threadId }),
      el('input', { type: 'hidden', name: 'redirect_to', value: location.href.split('#')[0] }),
      this.parentInput,
      this.tokenInput,
      el('p', { class: 'form-submit' }, [this.submitBtn]),
      this.status,
    ]));
    this.honeypot.id = 'cmw-hp';
    if (saved && typeof saved === 'object') {
      f.name.value = saved.name || '';
      f.email.value = saved.email || '';
      f.website.value = saved.website || '';
      this.consent.checked = true;
    }

    this.respond = el('div', { id: 'respond', class: 'respond' }, [
      el('h3', { id: 'reply-title', class: 'reply-title' }, ['Leave a Reply']),
      this.replyingEl,
      form,
    ]);
    root.appendChild(el('section', { class: 'cmw', 'aria-labelledby': 'comments-title' }, [
      this.countEl,
      this.loadError,
      this.listEl,
      this.respond,
    ]));

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      self.submit();
    });
    this.cancelBtn.addEventListener('click', function (ev) {
      ev.preventDefault();
      self.setReply(null);
    });
    for (var k in f) {
      f[k].addEventListener('input', function () {
        if (this.getAttribute('aria-invalid')) self.setError(this, '');
      });
    }
    this.fetchToken();
    this.showQueryError();
  };

  Widget.prototype.fetchToken = function () {
    var self = this;
    fetch(this.url('/form-token'), { credentials: 'omit', headers: { Accept: 'application/json' } })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (j) {
        if (j && typeof j.token === 'string') self.tokenInput.value = j.token;
      })
      .catch(function () {});
  };

  Widget.prototype.setError = function (control, msg) {
    control._err.textContent = msg;
    if (msg) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  };

  Widget.prototype.setStatus = function (msg, isError) {
    this.status.textContent = msg;
    this.status.className = 'status' + (isError ? ' error' : '');
  };

  // Errors coming back from a no-JS form post: ?comment_error=<code>&comment_fields=a,b#respond
  Widget.prototype.showQueryError = function () {
    var q;
    try {
      q = new URL(location.href).searchParams;
    } catch (e) {
      return;
    }
    var code = q.get('comment_error');
    if (!code) return;
    var names = (q.get('comment_fields') || '').split(',');
    var first = null;
    for (var i = 0; i < names.length; i++) {
      var c = this.fields[names[i]];
      if (c) {
        this.setError(c, names[i] === 'email' ? 'Enter a valid email address' : 'Please check this field.');
        first = first || c;
      }
    }
    var msgs = {
      validation_failed: 'Your comment was not posted. Please correct the marked fields.',
      rate_limited: 'You are posting too quickly. Please wait a minute and try again.',
      unavailable: 'Comments are temporarily unavailable. Please try again later.',
    };
    this.setStatus(msgs[code] || 'Your comment could not be posted. Please try again.', true);
    if (first) first.focus({ preventScroll: true });
    this.respond.scrollIntoView({ block: 'start' });
    // Show it once: a reload should not bring the error back.
    try {
      var clean = new URL(location.href);
      clean.searchParams.delete('comment_error');
      clean.searchParams.delete('comment_fields');
      history.replaceState(history.state, '', clean.href);
    } catch (e) {
      /* ignore */
    }
  };

  // ---- loading ----
  Widget.prototype.load = function () {
    var self = this;
    var all = [];
    var pages = 0;
    function page(cursor) {
      var q = '?limit=100' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
      return fetch(self.url('/threads/' + encodeURIComponent(self.threadId) + '/comments' + q), {
        credentials: 'omit',
        headers: { Accept: 'application/json' },
      })
        .then(function (r) {
          if (!r.ok) throw new Error('HTTP ' + r.status);
          return r.json();
        })
        .then(function (j) {
          all = all.concat(Array.isArray(j.comments) ? j.comments : []);
          if (j.nextCursor && ++pages < 100) return page(j.nextCursor);
        });
    }
    return page(null)
      .then(function () {
        self.comments = all;
        self.render();
        return self.reconcilePending();
      })
      .catch(function () {
        self.comments = [];
        self.render();
        self.loadError.textContent = 'Comments could not be loaded right now.';
      })
      .then(function () {
        self.jumpToHash();
      });
  };

  Widget.prototype.pendingList = function () {
    var list = readJson(PENDING_KEY, []);
    if (!Array.isArray(list)) return [];
    var now = Date.now();
    return list.filter(function (p) {
      return p && typeof p.id === 'string' && now - (p.savedAt || 0) < PENDING_MAX_AGE;
    });
  };
  Widget.prototype.ownPending = function () {
    var self = this;
    return this.pendingList().filter(function (p) {
      return p.api === self.api && p.threadId === self.threadId;
    });
  };
  Widget.prototype.dropPending = function (ids) {
    writeJson(PENDING_KEY, this.pendingList().filter(function (p) {
      return ids.indexOf(p.id) < 0;
    }));
  };

  // Own pending comments stay in localStorage until the server says they are published (or gone).
  Widget.prototype.reconcilePending = function () {
    var self = this;
    var published = {};
    this.comments.forEach(function (c) {
      published[c.id] = true;
    });
    var mine = this.ownPending();
    var done = mine.filter(function (p) {
      return published[p.id];
    }).map(function (p) {
      return p.id;
    });
    if (done.length) this.dropPending(done);
    var open = mine.filter(function (p) {
      return !published[p.id];
    });
    if (!open.length) return;
    return Promise.all(open.map(function (p) {
      return fetch(self.url('/comments/' + encodeURIComponent(p.id)), { credentials: 'omit', headers: { Accept: 'application/json' } })
        .then(function (r) {
          if (r.status === 404) return { gone: true };
          return r.ok ? r.json() : null;
        })
        .then(function (j) {
          return { p: p, j: j };
        }, function () {
          return { p: p, j: null };
        });
    })).then(function (results) {
      var drop = [];
      var changed = false;
      results.forEach(function (res) {
        var j = res.j;
        if (j && j.gone) drop.push(res.p.id);
        else if (j && j.status === 'published') {
          drop.push(res.p.id);
          if (j.threadId === self.threadId) {
            self.comments.push(j);
            changed = true;
          }
        }
      });
      if (drop.length) self.dropPending(drop);
      if (changed || drop.length) self.render();
    });
  };

  // ---- rendering ----
  Widget.prototype.render = function () {
    var self = this;
    var published = this.comments.slice().sort(function (a, b) {
      return String(a.createdAt).localeCompare(String(b.createdAt));
    });
    var ids = {};
    published.forEach(function (c) {
      ids[c.id] = true;
    });
    var pending = this.ownPending().filter(function (p) {
      return !ids[p.id];
    });
    var n = published.length;
    this.countEl.textContent = n === 1 ? '1 Comment' : n + ' Comments';
    this.countEl.setAttribute('data-count', String(n));

    var byParent = {};
    var all = published.concat(pending.map(function (p) {
      return { id: p.id, parentId: p.parentId, name: p.name, website: p.website, comment: p.comment, createdAt: p.createdAt, mine: true };
    }));
    var known = {};
    all.forEach(function (c) {
      known[c.id] = true;
    });
    all.forEach(function (c) {
      var key = c.parentId && known[c.parentId] && c.parentId !== c.id ? c.parentId : '';
      (byParent[key] = byParent[key] || []).push(c);
    });
    var list = this.listEl;
    while (list.firstChild) list.removeChild(list.firstChild);
    var seen = {};
    function build(parentKey, into, depth) {
      (byParent[parentKey] || []).forEach(function (c) {
        if (seen[c.id]) return;
        seen[c.id] = true;
        var li = self.renderComment(c);
        if (byParent[c.id] && depth < 40) {
          var ol = el('ol', { class: 'children' });
          build(c.id, ol, depth + 1);
          li.appendChild(ol);
        }
        into.appendChild(li);
      });
    }
    build('', list, 0);
    if (!all.length) list.appendChild(el('li', { class: 'empty' }, ['Be the first to comment.']));
    // Keep the reply form under the comment being answered, if it is still shown.
    if (this.replyTo) {
      var target = this.root.getElementById('div-comment-' + this.replyTo.id);
      if (target) target.parentNode.insertBefore(this.respond, target.nextSibling);
      else this.setReply(null);
    }
  };

  Widget.prototype.renderComment = function (c) {
    var self = this;
    var site = safeHttpUrl(c.website);
    var author = site
      ? el('a', { class: 'author url', href: site, rel: 'nofollow ugc noopener' }, [String(c.name || '')])
      : el('span', { class: 'author' }, [String(c.name || '')]);
    var when = el('a', { class: 'permalink', href: '#comment-' + c.id }, [
      el('time', { datetime: String(c.createdAt || '') }, [formatDate(c.createdAt)]),
    ]);
    when.addEventListener('click', function (ev) {
      ev.preventDefault();
      history.replaceState(null, '', '#comment-' + c.id);
      self.jumpToHash();
    });
    var text = el('div', { class: 'text' });
    renderText(text, c.comment);
    var art = el('article', { id: 'div-comment-' + c.id, class: 'comment-body' + (c.mine ? ' pending' : ''), tabindex: '-1', 'data-comment-id': c.id }, [
      el('footer', { class: 'meta' }, [author, ' ', when]),
      c.mine ? el('em', { class: 'awaiting' }, ['Your comment is awaiting moderation.']) : null,
      text,
    ]);
    if (!c.mine) {
      var reply = el('a', { class: 'reply comment-reply-link', href: '#respond', 'aria-label': 'Reply to ' + String(c.name || '') }, ['Reply']);
      reply.addEventListener('click', function (ev) {
        ev.preventDefault();
        self.setReply(c);
      });
      art.appendChild(el('div', { class: 'reply-wrap' }, [reply]));
    }
    // WordPress-like structure: li#comment-<id> > article#div-comment-<id> (+ ol.children for replies).
    return el('li', { id: 'comment-' + c.id, class: 'comment' + (c.mine ? ' pending' : ''), 'data-id': c.id }, [art]);
  };

  Widget.prototype.setReply = function (c) {
    this.replyTo = c;
    var rp = this.replyingEl;
    while (rp.firstChild) rp.removeChild(rp.firstChild);
    if (c) {
      this.parentInput.value = c.id;
      rp.appendChild(document.createTextNode('Replying to ' + String(c.name || '') + '. '));
      rp.appendChild(this.cancelBtn);
      rp.hidden = false;
      var target = this.root.getElementById('div-comment-' + c.id);
      if (target) target.parentNode.insertBefore(this.respond, target.nextSibling);
      this.fields.comment.focus();
    } else {
      var wasInList = this.respond.parentNode !== this.listEl.parentNode;
      this.parentInput.value = '';
      rp.hidden = true;
      this.listEl.parentNode.appendChild(this.respond);
      if (wasInList) this.fields.comment.focus();
    }
  };

  Widget.prototype.jumpToHash = function () {
    var h = location.hash;
    if (!/^#(comment-[\w-]+|respond)$/.test(h)) return;
    var target = this.root.getElementById(h.slice(1));
    if (target) {
      target.scrollIntoView({ block: 'start' });
    } else if (h.indexOf('#comment-') === 0) {
      // Back from a no-JS post: the comment exists but is not published yet.
      this.setStatus('Thank you! Your comment was received and will appear once a moderator has reviewed it.');
      this.respond.scrollIntoView({ block: 'start' });
    }
  };

  // ---- submitting ----
  Widget.prototype.submit = function () {
    var self = this;
    if (this.busy) return;
    var f = this.fields;
    var v = {
      name: f.name.value.trim(),
      email: f.email.value.trim(),
      website: f.website.value.trim(),
      comment: f.comment.value.trim(),
    };
    if (v.website && !/^[a-z][a-z0-9+.-]*:/i.test(v.website) && /^[\w-]+(\.[\w-]+)+/.test(v.website)) {
      v.website = 'https://' + v.website;
    }
    var errs = validate(v);
    if (this.showErrors(errs)) {
      this.setStatus('Please correct the marked fields.', true);
      return;
    }
    var body = {
      threadId: this.threadId,
      name: v.name,
      email: v.email,
      comment: v.comment,
      contact_me_by_fax_only: this.honeypot.value,
    };
    if (v.website) body.website = v.website;
    if (this.replyTo) body.parentId = this.replyTo.id;
    if (this.tokenInput.value) body.formToken = this.tokenInput.value;
    if (this.consent.checked) writeJson(AUTHOR_KEY, { name: v.name, email: v.email, website: v.website });
    else writeJson(AUTHOR_KEY, null);

    this.busy = true;
    this.submitBtn.disabled = true;
    this.setStatus('Posting your comment…');
    fetch(this.url('/comments'), {
      method: 'POST',
      credentials: 'omit',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    })
      .then(function (r) {
        return r.json().then(
          function (j) {
            return { r: r, j: j || {} };
          },
          function () {
            return { r: r, j: {} };
          },
        );
      })
      .then(function (res) {
        var r = res.r;
        var j = res.j;
        if (r.status === 202 || (r.ok && j.id)) return self.posted(j.id, body);
        if (r.status === 400 && j.fields) {
          self.showErrors(j.fields);
          self.setStatus(j.message || 'Please correct the marked fields.', true);
        } else if (r.status === 429) {
          var wait = parseInt(r.headers.get('Retry-After') || '', 10);
          self.setStatus('You are posting too quickly. Please wait ' + (wait > 0 ? wait + ' seconds' : 'a moment') + ' and try again.', true);
        } else if (r.status === 503) {
          self.setStatus('Comments are temporarily unavailable. Please try again in a moment.', true);
        } else {
          self.setStatus((j && j.message) || 'Your comment could not be posted (error ' + r.status + '). Please try again.', true);
        }
      })
      .catch(function () {
        self.setStatus('Your comment could not be sent. Check your connection and try again.', true);
      })
      .then(function () {
        self.busy = false;
        self.submitBtn.disabled = false;
      });
  };

  // Shows every field error and focuses the first invalid field; returns true when there were errors.
  Widget.prototype.showErrors = function (errs) {
    var order = ['name', 'email', 'website', 'comment'];
    var first = null;
    for (var i = 0; i < order.length; i++) {
      var msg = errs[order[i]];
      this.setError(this.fields[order[i]], msg ? String(msg) : '');
      if (msg && !first) first = this.fields[order[i]];
    }
    if (!first) {
      for (var k in errs) if (k !== 'threadId') return this.setStatus(String(errs[k]), true), true;
      return false;
    }
    first.focus();
    return true;
  };

  Widget.prototype.posted = function (id, body) {
    var list = this.pendingList();
    list.push({
      id: String(id),
      api: this.api,
      threadId: this.threadId,
      parentId: body.parentId || null,
      name: body.name,
      website: body.website || null,
      comment: body.comment,
      createdAt: new Date().toISOString(),
      savedAt: Date.now(),
    });
    writeJson(PENDING_KEY, list.slice(-50));
    this.fields.comment.value = '';
    this.replyTo = null;
    this.setReply(null);
    this.render();
    this.fetchToken();
    this.setStatus('Thank you! Your comment was submitted and will appear once a moderator has reviewed it.');
    var mine = this.root.getElementById('comment-' + id);
    if (mine) mine.scrollIntoView({ block: 'nearest' });
  };

  function init() {
    var hosts = document.querySelectorAll('#comments, [data-comments-widget]');
    for (var i = 0; i < hosts.length; i++) {
      if (!hosts[i].__cmw) hosts[i].__cmw = new Widget(hosts[i]);
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
