// OrleansScheduler dashboard: vanilla JavaScript over the scheduler's HTTP API (/api/*), nothing else.
// Every request carries the key typed in the header (kept in sessionStorage, so it dies with the tab) as X-Api-Key.
'use strict';

const KEY_STORAGE = 'osched.apiKey';
const POLL_MS = 2000;
const STATES = ['pending', 'scheduled', 'running', 'waiting', 'paused', 'succeeded', 'failed', 'canceled'];
const TASK_STATES = ['Pending', 'Scheduled', 'Running', 'Waiting', 'Paused', 'Succeeded', 'Failed', 'Canceled'];
const TERMINAL = new Set(['Succeeded', 'Failed', 'Canceled']);
const COLORS = { pending: '#3b82f6', scheduled: '#8b5cf6', running: '#f59e0b', waiting: '#a855f7', paused: '#0ea5e9', succeeded: '#16a34a', failed: '#dc2626', canceled: '#6b7280' };

const state = {
  queues: [],          // the stats entries of GET /api/queues
  silos: null,         // GET /api/silos
  readOnly: false,     // the API answered 403 to an action with this key
  liveQueue: null,     // the queue whose event stream feeds the overview
  feed: [],            // its newest events, newest first
  buckets: new Map(),  // its succeeded/failed per 10 s, for the throughput chart
  stream: null,        // AbortController of the event stream
  render: null,        // re-renders the current view with fresh data, when it wants to
  timer: null,         // the current view's own refresh
  generation: 0,       // counts view changes, so a late answer for a view left behind is dropped
};

// ---------- HTTP ----------

class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.title || problem.detail)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

function apiKey() { return sessionStorage.getItem(KEY_STORAGE) || ''; }

function apiUrl(path) { return new URL('../api' + path, location.href).toString(); }

function headers(extra) {
  const h = Object.assign({ Accept: 'application/json' }, extra || {});
  const key = apiKey();
  if (key) h['X-Api-Key'] = key;
  return h;
}

async function api(path, options) {
  const o = options || {};
  const init = { method: o.method || 'GET', headers: headers(o.body !== undefined ? { 'Content-Type': 'application/json' } : null), signal: o.signal };
  if (o.body !== undefined) init.body = JSON.stringify(o.body);
  const response = await fetch(apiUrl(path), init);
  const text = await response.text();
  let data = null;
  if (text) { try { data = JSON.parse(text); } catch { data = { title: text.slice(0, 300) }; } }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

// An action (cancel, retry, pause, drain…): shows what the API said, and on 403 turns the dashboard read-only.
async function act(path, body, what) {
  try {
    const result = await api(path, { method: 'POST', body });
    clearProblem();
    notice(what + ' — done.');
    refreshSummary();
    if (state.render) state.render();
    return result;
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) setReadOnly(true);
    showProblem(e, what);
    return null;
  }
}

async function remove(path, what) {
  try {
    await api(path, { method: 'DELETE' });
    clearProblem();
    notice(what + ' — done.');
    return true;
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) setReadOnly(true);
    showProblem(e, what);
    return false;
  }
}

// ---------- problems, notices, permissions ----------

function showProblem(error, context) {
  const box = document.getElementById('problem');
  box.replaceChildren();
  if (error instanceof ApiError) {
    const p = error.problem;
    box.append(el('span', { class: 'status' }, String(error.status)), (context ? context + ': ' : '') + (p.title || 'The API refused the request.'));
    if (p.detail) box.append(' ', p.detail);
    if (error.status === 401) box.append(' ', el('strong', {}, 'Enter an API key above.'));
    if (error.status === 403) box.append(' ', el('strong', {}, 'This key may read but not act: actions are hidden.'));
    if (p.errors) {
      const list = el('ul');
      for (const [field, messages] of Object.entries(p.errors)) for (const m of [].concat(messages)) list.append(el('li', {}, field + ': ' + m));
      box.append(list);
    }
  } else {
    box.append(el('span', { class: 'status' }, 'offline'), (context ? context + ': ' : '') + 'the API did not answer (' + String(error && error.message || error) + ').');
  }
  box.dataset.status = error instanceof ApiError ? String(error.status) : '0';
  box.hidden = false;
}

function clearProblem() {
  const box = document.getElementById('problem');
  box.hidden = true;
  box.replaceChildren();
  delete box.dataset.status;
}

function notice(text) {
  const view = document.getElementById('view');
  const old = view.querySelector(':scope > .notice');
  if (old) old.remove();
  view.prepend(el('div', { class: 'notice', role: 'status' }, text));
}

function setReadOnly(readOnly) {
  state.readOnly = readOnly;
  document.body.classList.toggle('read-only', readOnly);
  document.getElementById('role').textContent = readOnly ? 'read-only key' : (apiKey() ? 'key in use' : '');
  applyPermissions(document);
}

function applyPermissions(root) {
  if (state.readOnly) for (const b of root.querySelectorAll('.act')) b.disabled = true;
}

// Whether the key may act: a cancel of a task that cannot exist answers 404 (may act), 400 or 403 (may not).
async function probePermissions() {
  if (!apiKey()) { setReadOnly(false); return; }
  try {
    await api('/tasks/dashboard-permission-probe/cancel', { method: 'POST' });
    setReadOnly(false);
  } catch (e) {
    setReadOnly(e instanceof ApiError && e.status === 403);
  }
}

// ---------- DOM helpers ----------

function el(tag, attrs, ...children) {
  const svg = ['svg', 'g', 'rect', 'path', 'text', 'line', 'title', 'circle'].includes(tag);
  const node = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
}

function badge(status) { return el('span', { class: 'badge ' + status }, status); }
function taskLink(id) { return el('a', { href: '#/task/' + encodeURIComponent(id), class: 'mono' }, id); }
function json(value) { return el('pre', { class: 'json' }, value === null || value === undefined ? 'null' : JSON.stringify(value, null, 2)); }
function time(value) { return value ? new Date(value).toLocaleString() : '–'; }
function ago(value) {
  if (!value) return '–';
  const s = Math.max(0, (Date.now() - new Date(value).getTime()) / 1000);
  return s < 60 ? s.toFixed(0) + ' s ago' : s < 3600 ? (s / 60).toFixed(0) + ' min ago' : (s / 3600).toFixed(1) + ' h ago';
}
function duration(ms) {
  if (ms === null || ms === undefined) return '–';
  return ms < 1000 ? ms + ' ms' : ms < 60000 ? (ms / 1000).toFixed(1) + ' s' : (ms / 60000).toFixed(1) + ' min';
}
function table(columns, rows, empty) {
  if (!rows.length) return el('div', { class: 'empty' }, empty || 'Nothing here.');
  return el('div', { class: 'scroll' }, el('table', {},
    el('thead', {}, el('tr', {}, columns.map(c => el('th', { class: c.num ? 'num' : null }, c.title)))),
    el('tbody', {}, rows.map(r => el('tr', r.attrs || {}, columns.map(c => el('td', { class: c.num ? 'num' : null }, c.cell(r))))))));
}
function panel(title, ...children) { return el('section', { class: 'panel' }, title ? el('h3', {}, title) : null, children); }
function queueSelect(selected, onchange, withAny) {
  const names = state.queues.map(q => q.name);
  if (selected && !names.includes(selected)) names.push(selected);
  return el('select', { onchange: e => onchange(e.target.value), 'aria-label': 'queue' },
    withAny ? el('option', { value: '' }, 'any queue') : null,
    names.map(n => el('option', { value: n, selected: n === selected }, n)));
}

// ---------- the header: cluster summary, refreshed by polling and on every live event ----------

let summaryPending = null;
async function refreshSummary() {
  try {
    const [queues, silos] = await Promise.all([api('/queues'), api('/silos')]);
    state.queues = queues.stats || [];
    state.silos = silos;
    const active = silos.silos.filter(s => s.status === 'Active');
    const sum = k => state.queues.reduce((n, q) => n + (q.counts[k] || 0), 0);
    const failed = sum('failed');
    setText('sum-silos', `silos ${active.length}/${silos.silos.length}`);
    setText('sum-slots', `running ${active.reduce((n, s) => n + s.running, 0)}/${active.reduce((n, s) => n + s.capacity, 0)}`);
    setText('sum-pending', `pending ${sum('pending')}`);
    setText('sum-rate', `✓ ${state.queues.reduce((n, q) => n + q.succeededLastMinute, 0)} ✗ ${state.queues.reduce((n, q) => n + q.failedLastMinute, 0)} /min`);
    setText('sum-failed', `dead ${failed}`);
    document.getElementById('sum-failed').classList.toggle('bad', failed > 0);
    if (!state.liveQueue && state.queues.length) startStream(state.queues[0].name);
    const box = document.getElementById('problem');
    if (!box.hidden && (box.dataset.status === '401' || box.dataset.status === '0')) clearProblem();
    if (state.onSummary) state.onSummary();
  } catch (e) {
    showProblem(e, 'Loading the cluster summary');
  }
}
function setText(id, text) { document.getElementById(id).textContent = text; }
function soon() {
  if (summaryPending) return;
  summaryPending = setTimeout(() => { summaryPending = null; refreshSummary(); }, 300);
}

// ---------- live: one queue's Server-Sent Events, read with fetch so the key header goes along ----------

function startStream(queue) {
  if (state.stream) state.stream.abort();
  state.liveQueue = queue;
  state.feed = [];
  state.buckets = new Map();
  const controller = new AbortController();
  state.stream = controller;
  readStream(queue, controller.signal);
}

async function readStream(queue, signal) {
  let last = null;
  const live = document.getElementById('live');
  while (!signal.aborted) {
    try {
      const h = headers({ Accept: 'text/event-stream' });
      if (last) h['Last-Event-ID'] = last;
      const response = await fetch(apiUrl('/events?queue=' + encodeURIComponent(queue)), { headers: h, signal });
      if (!response.ok) throw new ApiError(response.status, null);
      live.textContent = '● live: ' + queue;
      live.classList.add('on');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).trimStart()).join('\n');
          const id = frame.split('\n').find(l => l.startsWith('id:'));
          if (id) last = id.slice(3).trim();
          if (data) onEvent(JSON.parse(data));
        }
      }
    } catch (e) {
      if (signal.aborted) return;
    }
    live.textContent = '○ reconnecting';
    live.classList.remove('on');
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
}

function onEvent(event) {
  state.feed.unshift(event);
  if (state.feed.length > 100) state.feed.length = 100;
  if (event.type === 'succeeded' || event.type === 'failed') {
    const bucket = Math.floor(new Date(event.time).getTime() / 10000);
    const b = state.buckets.get(bucket) || { succeeded: 0, failed: 0 };
    b[event.type]++;
    state.buckets.set(bucket, b);
  }
  soon();
}

// ---------- views ----------

const views = {
  overview: renderOverview,
  tasks: renderTasks,
  task: renderTask,
  'dead-letter': renderDeadLetter,
  schedules: renderSchedules,
  workflows: renderWorkflows,
  silos: renderSilos,
  alerts: renderAlerts,
};

function route() {
  const hash = location.hash.replace(/^#\/?/, '') || 'overview';
  const [pathPart, queryPart] = hash.split('?');
  const [name, ...rest] = pathPart.split('/');
  const params = new URLSearchParams(queryPart || '');
  const view = views[name] ? name : 'overview';
  for (const a of document.querySelectorAll('#tabs a')) a.classList.toggle('active', a.dataset.tab === (view === 'task' ? 'tasks' : view));
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
  state.render = null;
  state.onSummary = null;
  state.generation++;
  if (document.getElementById('problem').dataset.status !== '401') clearProblem();
  const arg = rest.map(decodeURIComponent).join('/');
  views[view](document.getElementById('view'), arg, params);
}

function mount(container, build) {
  // build() returns the view's nodes, or a promise of them; render re-runs it in place.
  const generation = state.generation;
  const render = async () => {
    try {
      const nodes = await build();
      // the user moved on while this view was loading: its answer must not replace the next view
      if (generation !== state.generation) return;
      const note = container.querySelector(':scope > .notice');
      container.replaceChildren(...(note ? [note] : []), ...[].concat(nodes));
      applyPermissions(container);
    } catch (e) {
      if (generation === state.generation) showProblem(e);
    }
  };
  state.render = render;
  return render();
}

function stackBar(counts) {
  const total = STATES.reduce((n, k) => n + (counts[k] || 0), 0);
  if (!total) return el('div', { class: 'stack' });
  return el('div', { class: 'stack', title: STATES.map(k => `${k} ${counts[k] || 0}`).join(', ') },
    STATES.filter(k => counts[k]).map(k => {
      const s = el('span');
      s.style.width = (100 * counts[k] / total) + '%';
      s.style.background = COLORS[k];
      return s;
    }));
}

function renderOverview(container) {
  const build = () => {
    const sum = k => state.queues.reduce((n, q) => n + (q.counts[k] || 0), 0);
    const silos = state.silos ? state.silos.silos : [];
    const active = silos.filter(s => s.status === 'Active');
    const cards = el('div', { class: 'cards' },
      card(`${active.length}/${silos.length}`, 'silos active'),
      card(`${active.reduce((n, s) => n + s.running, 0)}/${active.reduce((n, s) => n + s.capacity, 0)}`, 'running / slots'),
      card(sum('pending'), 'pending'), card(sum('scheduled'), 'scheduled'), card(sum('running'), 'running'),
      card(state.queues.reduce((n, q) => n + q.succeededLastMinute, 0), 'succeeded last minute'),
      card(sum('failed'), 'dead letters'));
    const queues = table([
      { title: 'Queue', cell: q => el('a', { href: '#/tasks?queue=' + encodeURIComponent(q.name) }, q.name) },
      { title: 'State', cell: q => q.paused ? badge('Paused') : el('span', { class: 'badge Active' }, 'active') },
      { title: 'Mix', cell: q => stackBar(q.counts) },
      ...STATES.map(k => ({ title: k, num: true, cell: q => el('span', { 'data-count': k }, q.counts[k] || 0) })),
      { title: '✓/min', num: true, cell: q => q.succeededLastMinute },
      { title: '✗/min', num: true, cell: q => q.failedLastMinute },
      { title: 'Oldest pending', num: true, cell: q => duration(q.oldestPendingAgeMs) },
      { title: '', cell: q => el('div', { class: 'actions' },
          el('button', { class: 'small secondary act', onclick: () => act(`/queues/${encodeURIComponent(q.name)}/${q.paused ? 'resume' : 'pause'}`, undefined, `${q.paused ? 'Resume' : 'Pause'} queue ${q.name}`) }, q.paused ? 'Resume' : 'Pause'),
          q.counts.failed ? el('a', { href: '#/dead-letter/' + encodeURIComponent(q.name) }, 'dead letter') : null) },
    ], state.queues.map(q => Object.assign({ attrs: { 'data-queue': q.name } }, q)), 'No queue yet: submit a task.');
    const live = el('div', { class: 'row' },
      panel('Throughput, last 5 minutes', liveHeader(), chart()),
      panel('Live events', feed()));
    return [cards, panel('Queues', queues), live];
  };
  state.onSummary = () => mount(container, build);
  return mount(container, build);
}

function card(n, label) { return el('div', { class: 'card' }, el('div', { class: 'n' }, n), el('div', { class: 'l' }, label)); }

function liveHeader() {
  return el('div', { class: 'filters' }, 'Queue ', queueSelect(state.liveQueue, q => { startStream(q); state.render && state.render(); }));
}

function chart() {
  const now = Math.floor(Date.now() / 10000);
  const n = 30, w = 560, h = 150, pad = 22;
  const bars = [];
  let max = 1;
  for (let i = n - 1; i >= 0; i--) {
    const b = state.buckets.get(now - i) || { succeeded: 0, failed: 0 };
    bars.push(b);
    max = Math.max(max, b.succeeded + b.failed);
  }
  const bw = (w - pad) / n;
  const svg = el('svg', { class: 'chart', viewBox: `0 0 ${w} ${h}`, width: '100%', role: 'img', 'aria-label': 'tasks finished per 10 seconds' });
  bars.forEach((b, i) => {
    const x = pad + i * bw + 1;
    const hs = (h - 20) * b.succeeded / max, hf = (h - 20) * b.failed / max;
    svg.append(el('rect', { x, y: h - 16 - hs, width: bw - 2, height: hs, fill: COLORS.succeeded }, el('title', {}, `${b.succeeded} succeeded`)));
    svg.append(el('rect', { x, y: h - 16 - hs - hf, width: bw - 2, height: hf, fill: COLORS.failed }, el('title', {}, `${b.failed} failed`)));
  });
  svg.append(el('text', { x: 0, y: 12 }, String(max)), el('text', { x: pad, y: h - 2 }, '−5 min'), el('text', { x: w - 30, y: h - 2 }, 'now'));
  return el('div', {}, svg, el('div', { class: 'legend' }, el('span', {}, el('i', { class: 'ok' }), 'succeeded per 10 s'), el('span', {}, el('i', { class: 'ko' }), 'failed')));
}

function feed() {
  return el('div', { class: 'feed' }, table([
    { title: 'Time', cell: e => el('span', { class: 't' }, new Date(e.time).toLocaleTimeString()) },
    { title: 'Event', cell: e => e.type },
    { title: 'Task', cell: e => taskLink(e.taskId) },
    { title: 'To', cell: e => e.to ? badge(e.to) : '' },
  ], state.feed.slice(0, 40), 'Waiting for events…'));
}

function renderTasks(container, _arg, params) {
  const query = { queue: params.get('queue') || '', status: params.get('status') || '', type: params.get('type') || '' };
  let cursor = params.get('cursor') || '';
  let search = '';
  const go = q => { location.hash = '#/tasks?' + new URLSearchParams(Object.entries(q).filter(([, v]) => v)).toString(); };
  const build = async () => {
    const qs = new URLSearchParams(Object.entries(Object.assign({}, query, { cursor, limit: '100' })).filter(([, v]) => v));
    const page = await api('/tasks?' + qs.toString());
    const term = search.toLowerCase();
    const rows = page.tasks.filter(t => !term || [t.id, t.type, t.error || '', t.queue].some(s => s.toLowerCase().includes(term)));
    const form = el('form', { class: 'filters', onsubmit: e => e.preventDefault() },
      el('label', {}, 'Queue', queueSelect(query.queue, v => go(Object.assign({}, query, { queue: v })), true)),
      el('label', {}, 'Status', el('select', { 'aria-label': 'status', onchange: e => go(Object.assign({}, query, { status: e.target.value })) },
        el('option', { value: '' }, 'any status'), TASK_STATES.map(s => el('option', { value: s, selected: s === query.status }, s)))),
      el('label', {}, 'Type', el('input', { type: 'text', value: query.type, placeholder: 'any type', onchange: e => go(Object.assign({}, query, { type: e.target.value.trim() })) })),
      el('label', {}, 'Search this page · Enter opens an id', el('input', { type: 'search', id: 'task-search', value: search, placeholder: 'id, type, error…',
        oninput: e => { search = e.target.value; render(); },
        onkeydown: e => { if (e.key === 'Enter' && e.target.value.trim()) location.hash = '#/task/' + encodeURIComponent(e.target.value.trim()); } })));
    const list = table([
      { title: 'Id', cell: t => taskLink(t.id) },
      { title: 'Queue', cell: t => t.queue },
      { title: 'Type', cell: t => t.type },
      { title: 'Status', cell: t => badge(t.status) },
      { title: 'Attempt', num: true, cell: t => `${t.attempt}/${t.maxAttempts}` },
      { title: 'Progress', cell: t => t.progress === null ? '' : progressBar(t.progress) },
      { title: 'Created', cell: t => ago(t.createdAt) },
      { title: 'Silo', cell: t => el('span', { class: 'mono' }, t.silo || '') },
      { title: 'Error', cell: t => t.error ? el('span', { title: t.error }, t.error.slice(0, 80)) : '' },
    ], rows, 'No task matches.');
    const more = el('div', { class: 'actions' },
      cursor ? el('button', { class: 'small secondary', onclick: () => { cursor = ''; render(); } }, 'First page') : null,
      page.nextCursor ? el('button', { class: 'small secondary', onclick: () => { cursor = page.nextCursor; render(); } }, 'Next page') : null);
    return [panel('Tasks', form, list, more)];
  };
  const render = () => mount(container, build).then(() => {
    const input = container.querySelector('#task-search');
    if (input && search) { input.focus(); input.setSelectionRange(search.length, search.length); }
  });
  render();
  state.timer = setInterval(() => { if (!search) render(); }, 5000);
}

function progressBar(p) {
  const bar = el('div', { class: 'bar', title: p + '%' }, el('span'));
  bar.firstChild.style.width = Math.max(0, Math.min(100, p)) + '%';
  return bar;
}

function renderTask(container, id) {
  const path = '/tasks/' + encodeURIComponent(id);
  const build = async () => {
    const task = await api(path);
    const [logs, attempts, events] = await Promise.all([api(path + '/logs'), api(path + '/attempts'), api(path + '/events')]);
    const children = task.childCount ? await api(path + '/children?limit=200') : null;
    const can = s => ({
      cancel: !TERMINAL.has(s), pause: s === 'Pending' || s === 'Scheduled', resume: s === 'Paused',
      retry: s === 'Failed' || s === 'Canceled', delete: TERMINAL.has(s),
    });
    const allowed = can(task.status);
    const button = (verb, label, cls) => allowed[verb]
      ? el('button', { class: 'small act ' + (cls || 'secondary'), 'data-verb': verb, onclick: async () => {
          if (verb === 'delete') { if (await remove(path, `Delete task ${id}`)) location.hash = '#/tasks'; return; }
          await act(`${path}/${verb}`, undefined, `${label} task ${id}`);
        } }, label)
      : null;
    const head = el('div', { class: 'panel' },
      el('h2', {}, el('span', { class: 'mono' }, task.id), ' ', badge(task.status)),
      el('div', { class: 'actions' }, button('cancel', 'Cancel', 'danger'), button('pause', 'Pause'), button('resume', 'Resume'), button('retry', 'Retry'), button('delete', 'Delete', 'danger')));
    const facts = el('dl', { class: 'facts' }, [
      ['Queue', el('a', { href: '#/tasks?queue=' + encodeURIComponent(task.queue) }, task.queue)], ['Type', task.type],
      ['Attempt', `${task.attempt} of ${task.maxAttempts}`], ['Priority', task.priority], ['Timeout', duration(task.timeoutMs)], ['Backoff', duration(task.backoffMs)],
      ['Created', time(task.createdAt)], ['Run at', time(task.runAt)], ['Started', time(task.startedAt)], ['Finished', time(task.finishedAt)],
      ['Silo', task.silo || '–'], ['Failovers', task.failovers],
      task.parentId ? ['Parent', taskLink(task.parentId)] : null,
      task.workflowId ? ['Workflow', el('a', { href: '#/workflows/' + encodeURIComponent(task.workflowId) }, `${task.workflowId} (${task.nodeKey})`)] : null,
      task.target ? ['Target', `${task.target.grain} / ${task.target.key}`] : null,
      task.waitingFor ? ['Waiting for', String(task.waitingFor)] : null,
    ].filter(Boolean).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    const progress = task.progress === null ? el('div', { class: 'empty' }, 'No progress reported.')
      : el('div', {}, progressBar(task.progress), el('div', {}, `${task.progress}% ${task.progressMessage || ''}`));
    const routing = task.routing ? el('div', {}, json(task.routing), el('div', {}, 'Routed to: ', el('span', { class: 'mono' }, task.routedTo || '–'))) : el('div', { class: 'empty' }, 'Shared pull (no routing).');
    const logTable = el('div', { class: 'logs' }, table([
      { title: 'Attempt', num: true, cell: l => l.attempt },
      { title: 'Time', cell: l => new Date(l.time).toLocaleTimeString() },
      { title: 'Level', cell: l => el('span', { class: l.level }, l.level) },
      { title: 'Message', cell: l => el('span', { class: 'mono log-line' }, l.message) },
    ], logs.lines, 'The handler logged nothing.'));
    const attemptTable = table([
      { title: '#', num: true, cell: a => a.number }, { title: 'Silo', cell: a => el('span', { class: 'mono' }, a.silo) },
      { title: 'Started', cell: a => time(a.startedAt) }, { title: 'Finished', cell: a => time(a.finishedAt) },
      { title: 'Outcome', cell: a => a.outcome }, { title: 'Error', cell: a => a.error || '' },
    ], attempts.attempts, 'Not run yet.');
    const eventTable = table([
      { title: 'Time', cell: e => time(e.time) }, { title: 'Event', cell: e => e.type },
      { title: 'From → to', cell: e => `${e.from || '–'} → ${e.to || '–'}` }, { title: 'Attempt', num: true, cell: e => e.attempt },
      { title: 'Silo', cell: e => el('span', { class: 'mono' }, e.silo || '') }, { title: 'Error', cell: e => e.error || '' },
    ], events.events, 'No events kept.');
    const nodes = [head,
      el('div', { class: 'row' }, panel('Task', facts), panel('Progress', progress), panel('Routing', routing)),
      el('div', { class: 'row' }, panel('Payload', json(task.payload)), panel(task.error ? 'Error' : 'Result', task.error ? el('pre', { class: 'json' }, task.error) : json(task.result))),
      panel('Logs', logTable), panel('Attempts', attemptTable), panel('Events', eventTable)];
    if (children) {
      nodes.push(panel(`Children (${task.childrenFinished}/${task.childCount} finished, ${task.childrenFailed} failed)`, table([
        { title: '#', num: true, cell: c => c.index }, { title: 'Id', cell: c => taskLink(c.id) }, { title: 'Type', cell: c => c.type },
        { title: 'Status', cell: c => badge(c.status) }, { title: 'Result / error', cell: c => c.error || JSON.stringify(c.result) },
      ], children.children)));
    }
    return nodes;
  };
  mount(container, build);
  state.timer = setInterval(() => state.render && state.render(), POLL_MS);
}

function renderDeadLetter(container, queue) {
  const name = queue || (state.queues.find(q => q.counts.failed) || state.queues[0] || { name: 'default' }).name;
  const base = '/queues/' + encodeURIComponent(name) + '/dead-letter';
  const selected = new Set();
  const retry = async ids => {
    const result = await act(base + '/retry', ids ? { ids } : undefined, ids ? `Retry ${ids.length} task(s)` : `Retry every dead letter of ${name}`);
    if (result && result.skipped && result.skipped.length) notice(`Retried ${result.count}; skipped: ` + result.skipped.map(s => `${s.id} (${s.reason})`).join(', '));
    else if (result) notice(`Retried ${result.count} task(s).`);
  };
  const build = async () => {
    const page = await api(base + '?limit=200');
    const head = el('div', { class: 'filters' }, 'Queue ', queueSelect(name, q => { location.hash = '#/dead-letter/' + encodeURIComponent(q); }),
      el('button', { class: 'small act', disabled: !page.tasks.length, onclick: () => retry(null) }, 'Retry all'),
      el('button', { class: 'small secondary act', onclick: () => selected.size && retry([...selected]) }, 'Retry selected'));
    const list = table([
      { title: '', cell: t => el('input', { type: 'checkbox', 'aria-label': 'select ' + t.id, onchange: e => e.target.checked ? selected.add(t.id) : selected.delete(t.id) }) },
      { title: 'Id', cell: t => taskLink(t.id) }, { title: 'Type', cell: t => t.type },
      { title: 'Attempts', num: true, cell: t => `${t.attempt}/${t.maxAttempts}` },
      { title: 'Failed', cell: t => ago(t.finishedAt) },
      { title: 'Last error', cell: t => el('span', { class: 'mono' }, t.error || '') },
      { title: '', cell: t => el('button', { class: 'small secondary act', 'data-retry': t.id, onclick: () => retry([t.id]) }, 'Retry') },
    ], page.tasks.map(t => Object.assign({ attrs: { 'data-task': t.id } }, t)), `No dead letter in ${name}.`);
    return [panel(`Dead letter · ${name}`, head, list)];
  };
  mount(container, build);
  state.timer = setInterval(() => state.render && state.render(), 5000);
}

function renderSchedules(container) {
  mount(container, async () => {
    const list = await api('/schedules');
    return [panel('Schedules', table([
      { title: 'Name', cell: s => el('strong', {}, s.name) },
      { title: 'Cron', cell: s => el('span', { class: 'mono' }, s.cron) }, { title: 'Time zone', cell: s => s.timeZone },
      { title: 'Task', cell: s => `${s.task.type} → ${s.task.queue}` },
      { title: 'Enabled', cell: s => s.enabled ? 'yes' : 'no' }, { title: 'Overlap', cell: s => s.overlap },
      { title: 'Next fire', cell: s => time(s.nextFireAt) }, { title: 'Last fired', cell: s => time(s.lastFiredAt) },
      { title: 'Last task', cell: s => s.lastTaskId ? taskLink(s.lastTaskId) : '–' },
    ], list.schedules, 'No schedule. Create one with POST /api/schedules.'))];
  });
  state.timer = setInterval(() => state.render && state.render(), 10000);
}

function renderAlerts(container) {
  mount(container, async () => {
    // The alert grain evaluates the rules once for the cluster; these are its latest firings and its rules.
    const [firings, rules] = await Promise.all([api('/alerts'), api('/alerts/rules')]);
    return [
      panel('Alerts fired', table([
        { title: 'Fired', cell: a => time(a.firedAt) },
        { title: 'Rule', cell: a => el('strong', {}, a.rule) }, { title: 'Kind', cell: a => a.kind },
        { title: 'Subject', cell: a => a.queue && a.kind === 'TaskFailed' ? taskLink(a.subject) : el('span', { class: 'mono' }, a.subject) },
        { title: 'Message', cell: a => a.message },
      ], firings.alerts.map(a => Object.assign({ attrs: { 'data-alert': a.id } }, a)), 'No alert fired yet.')),
      panel('Rules', table([
        { title: 'Name', cell: r => el('strong', {}, r.name) }, { title: 'Kind', cell: r => r.kind },
        { title: 'Queue', cell: r => r.queue || '–' }, { title: 'From', cell: r => r.source },
        // Only the host: a webhook's path or query often holds its token.
        { title: 'Webhook host', cell: r => el('span', { class: 'mono' }, hostOf(r.webhookUrl)) },
      ], rules.rules, 'No rule. Add one in Scheduler:Alerts:Rules or with PUT /api/alerts/rules/{name}.')),
    ];
  });
  state.timer = setInterval(() => state.render && state.render(), 5000);
}

function renderWorkflows(container, id) {
  const open = el('form', { class: 'filters', onsubmit: e => { e.preventDefault(); const v = e.target.elements.wf.value.trim(); if (v) location.hash = '#/workflows/' + encodeURIComponent(v); } },
    el('label', {}, 'Workflow id', el('input', { type: 'text', name: 'wf', value: id || '', placeholder: 'e.g. wf-1' })), el('button', { type: 'submit', class: 'small' }, 'Open'));
  if (!id) {
    mount(container, async () => {
      // There is no list of workflows in the API: the recent tasks name theirs.
      const page = await api('/tasks?limit=500');
      const ids = [...new Set(page.tasks.filter(t => t.workflowId).map(t => t.workflowId))];
      return [panel('Workflows', open, ids.length ? el('div', {}, 'Seen in recent tasks: ', ids.map(w => [el('a', { href: '#/workflows/' + encodeURIComponent(w), class: 'label' }, w), ' '])) : el('div', { class: 'empty' }, 'No recent task belongs to a workflow.'))];
    });
    return;
  }
  const path = '/workflows/' + encodeURIComponent(id);
  mount(container, async () => {
    const wf = await api(path);
    const actions = el('div', { class: 'actions' },
      wf.status === 'Running' ? el('button', { class: 'small danger act', onclick: () => act(path + '/cancel', undefined, `Cancel workflow ${id}`) }, 'Cancel') : null,
      wf.status === 'Failed' || wf.status === 'Canceled' ? el('button', { class: 'small act', onclick: () => act(path + '/retry', undefined, `Retry workflow ${id}`) }, 'Retry failed nodes') : null);
    return [panel(null, open), el('div', { class: 'panel' }, el('h2', {}, `${wf.name || wf.id} `, badge(wf.status), ` run ${wf.run}`), actions, graph(wf)),
      panel('Nodes', table([
        { title: 'Key', cell: n => n.key }, { title: 'Task', cell: n => taskLink(n.taskId) }, { title: 'Type', cell: n => n.type },
        { title: 'Status', cell: n => badge(n.status) }, { title: 'Depends on', cell: n => (n.dependsOn || []).join(', ') }, { title: 'Error', cell: n => n.error || '' },
      ], wf.nodes))];
  });
  state.timer = setInterval(() => state.render && state.render(), POLL_MS);
}

// A layered drawing of the DAG: a node's column is its longest path from a root.
function graph(wf) {
  const byKey = new Map(wf.nodes.map(n => [n.key, n]));
  const depth = new Map();
  const parents = new Map(wf.nodes.map(n => [n.key, wf.edges.filter(e => e.to === n.key).map(e => e.from)]));
  const depthOf = (key, seen) => {
    if (depth.has(key)) return depth.get(key);
    if (seen.has(key)) return 0;
    seen.add(key);
    const d = Math.max(-1, ...parents.get(key).filter(p => byKey.has(p)).map(p => depthOf(p, seen))) + 1;
    depth.set(key, d);
    return d;
  };
  wf.nodes.forEach(n => depthOf(n.key, new Set()));
  const columns = [];
  for (const n of wf.nodes) (columns[depth.get(n.key)] ||= []).push(n);
  const W = 150, H = 40, GX = 70, GY = 22;
  const pos = new Map();
  columns.forEach((col, x) => col.forEach((n, y) => pos.set(n.key, { x: 10 + x * (W + GX), y: 10 + y * (H + GY) })));
  const width = 20 + columns.length * (W + GX) - GX, height = 20 + Math.max(...columns.map(c => c.length)) * (H + GY) - GY;
  const svg = el('svg', { class: 'graph', viewBox: `0 0 ${width} ${height}`, width: Math.min(width, 1300), role: 'img', 'aria-label': 'workflow graph' });
  for (const e of wf.edges) {
    const a = pos.get(e.from), b = pos.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2, mx = (x1 + x2) / 2;
    svg.append(el('path', { d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`, class: e.onFailure === 'continue' ? 'continue' : null }));
  }
  for (const n of wf.nodes) {
    const p = pos.get(n.key);
    const g = el('g', { class: 'node', onclick: () => { location.hash = '#/task/' + encodeURIComponent(n.taskId); } },
      el('title', {}, `${n.key}: ${n.status}${n.error ? ' — ' + n.error : ''}`),
      el('rect', { x: p.x, y: p.y, width: W, height: H, rx: 8, fill: COLORS[n.status.toLowerCase()] || COLORS.canceled }),
      el('text', { x: p.x + 10, y: p.y + 17 }, n.key.slice(0, 18)),
      el('text', { x: p.x + 10, y: p.y + 32 }, `${n.type} · ${n.status}`));
    svg.append(g);
  }
  return el('div', { class: 'scroll' }, svg);
}

function renderSilos(container) {
  const build = () => {
    const silos = state.silos ? state.silos.silos : [];
    return [panel('Silos', table([
      { title: 'Name', cell: s => el('strong', {}, s.name) },
      { title: 'Address', cell: s => el('span', { class: 'mono' }, s.id) },
      { title: 'Host', cell: s => s.hostName },
      { title: 'Status', cell: s => [badge(s.status), s.draining ? ' draining' : ''] },
      { title: 'Load', cell: s => [progressBar(s.capacity ? 100 * s.running / s.capacity : 0), `${s.running}/${s.capacity}`] },
      { title: 'Free', num: true, cell: s => s.freeSlots },
      { title: 'Queues', cell: s => (s.queues || []).map(q => el('span', { class: 'label' }, q)) },
      { title: 'Labels', cell: s => Object.entries(s.labels || {}).map(([k, v]) => el('span', { class: 'label' }, `${k}=${v}`)) },
      { title: 'Scheduler', cell: s => s.hostsScheduler ? '★ holds the scheduler grain' : '' },
      { title: 'Alive', cell: s => ago(s.iAmAliveAt) },
      { title: 'Version', cell: s => s.version },
      { title: '', cell: s => s.status === 'Active' && !s.draining ? el('button', { class: 'small danger act', onclick: () => {
          if (confirm(`Drain ${s.name}? It stops claiming, finishes or hands back its tasks, and leaves the cluster.`)) act(`/silos/${encodeURIComponent(s.id)}/drain`, undefined, `Drain ${s.name}`);
        } }, 'Drain') : null },
    ], silos, 'No silo in the membership.'))];
  };
  state.onSummary = () => mount(container, build);
  mount(container, build);
}

// ---------- start ----------

function start() {
  const input = document.getElementById('api-key');
  input.value = apiKey();
  document.getElementById('key-form').addEventListener('submit', e => {
    e.preventDefault();
    const key = input.value.trim();
    if (key) sessionStorage.setItem(KEY_STORAGE, key); else sessionStorage.removeItem(KEY_STORAGE);
    clearProblem();
    if (state.liveQueue) startStream(state.liveQueue);
    probePermissions().then(() => { refreshSummary(); route(); });
  });
  document.getElementById('key-forget').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORAGE);
    input.value = '';
    setReadOnly(false);
    refreshSummary();
    route();
  });
  window.addEventListener('hashchange', route);
  probePermissions().then(() => refreshSummary()).then(route);
  setInterval(refreshSummary, POLL_MS);
}

start();

function hostOf(url) {
  try { return new URL(url).host; } catch { return '–'; }
}
