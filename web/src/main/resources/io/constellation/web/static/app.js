// The search page. Everything from the catalog reaches the page through textContent,
// never as markup: titles hold quotes, ampersands and angle brackets.
'use strict';

(function () {
  const PREFETCH_DELAY_MS = 250; // typing pause before the query is warmed on its cache node
  const STATUS_PERIOD_MS = 3000;
  const LABELS = { now: 'available now', popular: 'was popular', none: 'neither' };

  const $ = (id) => document.getElementById(id);
  const form = $('search-form');
  const input = $('q');
  const message = $('message');
  const summary = $('summary');
  const table = $('results');
  const rows = $('rows');
  const pager = $('pager');
  const prev = $('prev');
  const next = $('next');
  const pageInfo = $('page-info');

  let current = { query: '', page: 0, pageSize: 20, total: 0 };
  let prefetchTimer = null;
  let lastPrefetched = '';
  let searchSeq = 0; // answers to older searches are dropped when a newer one was sent

  function text(tag, content, className) {
    const el = document.createElement(tag);
    el.textContent = content;
    if (className) el.className = className;
    return el;
  }

  function showMessage(msg) {
    message.textContent = msg;
    message.hidden = false;
  }

  async function readJson(response) {
    try {
      return await response.json();
    } catch (e) {
      return { error: 'error', message: 'The server answered ' + response.status + ' without details.' };
    }
  }

  async function search(query, page) {
    const seq = ++searchSeq;
    message.hidden = true;
    let response;
    try {
      response = await fetch('/api/search?q=' + encodeURIComponent(query) + '&page=' + page,
        { headers: { Accept: 'application/json' } });
    } catch (e) {
      if (seq === searchSeq) showMessage('The web server cannot be reached. Check your connection and try again.');
      return;
    }
    const body = await readJson(response);
    if (seq !== searchSeq) return;
    if (!response.ok) {
      clearResults(); // old results under a new query's error would read as its answer
      showMessage(body.message || ('Search failed (HTTP ' + response.status + ').'));
      return;
    }
    current = { query: query, page: body.page, pageSize: body.pageSize, total: body.total };
    render(body);
  }

  function clearResults() {
    rows.replaceChildren();
    table.hidden = true;
    pager.hidden = true;
    summary.textContent = '';
  }

  function render(body) {
    rows.replaceChildren();
    for (const r of body.results) {
      const tr = document.createElement('tr');
      tr.dataset.availability = r.availability;
      const cell = document.createElement('td');
      cell.className = 'availability';
      cell.append(text('span', '', 'dot ' + r.availability), text('span', LABELS[r.availability] || r.availability));
      tr.append(cell, text('td', r.artist, 'artist'), text('td', r.title, 'title'), text('td', r.album, 'album'));
      rows.append(tr);
    }
    table.hidden = body.results.length === 0;
    const first = body.offset + 1;
    const last = body.offset + body.results.length;
    let s;
    if (body.total === 0) {
      s = 'No results for “' + body.query + '”.';
    } else if (body.results.length === 0) {
      s = 'No more results: “' + body.query + '” has ' + body.total + '.';
    } else {
      s = 'Results ' + first + '–' + last + ' of ' + body.total + (body.totalCapped ? '+' : '')
        + ' for “' + body.query + '”.';
    }
    if (body.availabilityUnknown) s += ' Current availability is unknown right now: showing past popularity only.';
    summary.textContent = s;
    const pages = Math.max(1, Math.ceil(body.total / body.pageSize));
    pageInfo.textContent = 'Page ' + (body.page + 1) + ' of ' + pages;
    prev.disabled = body.page === 0;
    next.disabled = last >= body.total;
    pager.hidden = body.total <= body.pageSize && body.page === 0;
  }

  function prefetchSoon() {
    clearTimeout(prefetchTimer);
    const query = input.value.trim();
    if (!/[\p{L}\p{N}]/u.test(query) || query === lastPrefetched) return;
    prefetchTimer = setTimeout(() => {
      lastPrefetched = query;
      // A hint only: its answer and failures are ignored; Enter runs the real search.
      fetch('/api/prefetch?q=' + encodeURIComponent(query), { method: 'POST' }).catch(() => {});
    }, PREFETCH_DELAY_MS);
  }

  async function refreshStatus() {
    try {
      const response = await fetch('/api/status');
      const s = await response.json();
      $('satellites').textContent = s.satellitesOnline === null ? 'unknown' : s.satellitesOnline.toLocaleString();
      $('searches').textContent = s.searchesPerSecond === null ? 'unknown' : s.searchesPerSecond.toFixed(1);
    } catch (e) {
      $('satellites').textContent = 'unknown';
      $('searches').textContent = 'unknown';
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(prefetchTimer);
    search(input.value, 0);
  });
  input.addEventListener('input', prefetchSoon);
  prev.addEventListener('click', () => search(current.query, current.page - 1));
  next.addEventListener('click', () => search(current.query, current.page + 1));

  refreshStatus();
  setInterval(refreshStatus, STATUS_PERIOD_MS);
}());
