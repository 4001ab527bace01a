/**
 * The rankings page: state in the URL (window, app, metric, task), data from the read API, one render
 * per answer. A failure keeps what was shown and says what is wrong; the page is never blank.
 */
import {
  ApiProblem,
  classificationsUrl,
  get,
  getJson,
  type HistoryPoint,
  historyUrl,
  parseHistory,
  parseSnapshot,
  type Query,
  type Snapshot,
} from './api.ts';
import { el, pct } from './format.ts';
import { renderHistory } from './history.ts';
import { renderDetail, renderMacroBar, renderTable, type Sort } from './panels.ts';
import { type Metric, renderTreemap, treemapKeys } from './treemap.ts';

const WINDOWS = ['1d', '7d', '28d', '90d'];
const METRICS: Metric[] = ['usage', 'token', 'spend'];
const KEY_STORE = 'taskshare.readKey';
const REFRESH_MS = 30_000;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';

const deployment = meta('taskshare-deployment') || 'taskshare';
const isPublic = meta('taskshare-public') === 'true';

interface State extends Query {
  metric: Metric;
  task: string | undefined;
  sort: Sort;
}

function readUrl(): State {
  const q = new URLSearchParams(location.search);
  const window = q.get('window') ?? '7d';
  const metric = q.get('metric') as Metric | null;
  return {
    window: WINDOWS.includes(window) ? window : '7d',
    app: (q.get('app') ?? '').slice(0, 200),
    metric: metric && METRICS.includes(metric) ? metric : 'usage',
    task: q.get('task') ?? undefined,
    sort: { key: 'usage', descending: true },
  };
}

const state = readUrl();
let snapshot: Snapshot | undefined;
let points: HistoryPoint[] = [];
let loading = 0;

function writeUrl(): void {
  const q = new URLSearchParams();
  if (state.window !== '7d') q.set('window', state.window);
  if (state.app) q.set('app', state.app);
  if (state.metric !== 'usage') q.set('metric', state.metric);
  if (state.task) q.set('task', state.task);
  const s = q.toString();
  history.replaceState(null, '', `${location.pathname}${s ? `?${s}` : ''}`);
}

let key: string | undefined = sessionStorage.getItem(KEY_STORE) ?? undefined;

function say(message: string, tone: 'info' | 'error' = 'info'): void {
  const box = $('status');
  box.textContent = message;
  box.className = `status ${message ? tone : ''}`;
}

function askForKey(message: string): void {
  $('key-form').hidden = false;
  $('key-message').textContent = message;
  $<HTMLInputElement>('key-input').focus();
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

async function load(): Promise<void> {
  if (!isPublic && key === undefined) {
    askForKey('This server needs a read key to show its rankings. It is kept in this browser tab only.');
    showEmpty('Enter a read key above to see the rankings.');
    return;
  }
  const ticket = ++loading;
  document.body.setAttribute('aria-busy', 'true');
  try {
    const snap = parseSnapshot(await getJson(classificationsUrl(state), key));
    const hist = snap.asOf ? parseHistory(await getJson(historyUrl(state, addDays(snap.asOf, -77), snap.asOf), key)) : [];
    if (ticket !== loading) return; // a newer request is under way
    snapshot = snap;
    points = hist;
    $('key-form').hidden = true;
    say('');
    render();
  } catch (err) {
    if (ticket !== loading) return;
    const problem = err instanceof ApiProblem ? err : new ApiProblem('server', 'The page could not read the rankings.');
    if (problem.kind === 'key' || problem.kind === 'forbidden') {
      sessionStorage.removeItem(KEY_STORE);
      key = undefined;
      askForKey(problem.message);
    }
    say(problem.message, 'error');
    if (snapshot === undefined) showEmpty(problem.message);
  } finally {
    if (ticket === loading) document.body.removeAttribute('aria-busy');
  }
}

/** The reserved boxes keep their size; only their contents say there is nothing to show. */
function showEmpty(message: string, hint?: Node): void {
  $('treemap').replaceChildren(el('div', { class: 'empty', role: 'note' }, el('p', {}, message), hint));
  $('macros').replaceChildren();
  $('detail').replaceChildren();
  $('history').replaceChildren();
  $('history-readout').textContent = '';
  $('table').replaceChildren();
}

function ingestHint(): Node {
  const origin = location.origin;
  return el(
    'div',
    {},
    el(
      'p',
      {},
      'Send events to this server, then come back: the page shows shares from yesterday (UTC) back. For example, with a key that ' +
        'has the ingest scope:',
    ),
    el(
      'pre',
      {},
      el('code', {}, `taskshare keys create --account me --scope ingest\ntaskshare ingest events.ndjson --url ${origin} --key KEY`),
    ),
    el(
      'p',
      {},
      'or POST NDJSON events to ',
      el('code', {}, `${origin}/api/v1/events`),
      ' (see docs/ingest.md). A LiteLLM or OpenTelemetry exporter can send them too.',
    ),
  );
}

function renderControls(snap: Snapshot): void {
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-window]'))
    b.setAttribute('aria-pressed', String(b.dataset.window === state.window));
  if (state.metric === 'spend' && !snap.hasCost) state.metric = 'usage';
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-metric]')) {
    b.setAttribute('aria-pressed', String(b.dataset.metric === state.metric));
    if (b.dataset.metric === 'spend') b.hidden = !snap.hasCost;
  }
  const appBox = $('app-filter');
  if (snap.apps !== undefined) {
    const select = el(
      'select',
      { id: 'app', 'aria-label': 'App' },
      el('option', { value: '' }, 'All apps'),
      ...[...new Set([...snap.apps, ...(state.app ? [state.app] : [])])].map((a) => el('option', { value: a }, a)),
    );
    select.value = state.app;
    select.addEventListener('change', () => setApp(select.value));
    appBox.replaceChildren(el('label', { for: 'app' }, 'App'), select);
  } else if (!appBox.querySelector('input')) {
    const input = el('input', {
      id: 'app',
      type: 'search',
      placeholder: 'all apps',
      'aria-label': 'App',
      maxlength: '200',
      value: state.app,
    });
    input.addEventListener('change', () => setApp(input.value.trim()));
    appBox.replaceChildren(el('label', { for: 'app' }, 'App'), input);
  }
}

function render(): void {
  const snap = snapshot;
  if (snap === undefined) return;
  renderControls(snap);
  const windowWords = `${snap.windowDays}-day window ${snap.from} to ${snap.to}`;
  const facts = [`As of ${snap.asOf}`, windowWords];
  if (snap.sampleRate !== undefined) facts.push(`sample rate ${pct(snap.sampleRate, snap.sampleRate < 0.01 ? 2 : 0)}`);
  if (snap.confidenceLevel !== undefined) facts.push(`intervals at ${Math.round(snap.confidenceLevel * 100)}%`);
  if (snap.app) facts.push(`app ${snap.app}`);
  if (snap.privacy?.min_users) facts.push(`tasks and models with fewer than ${snap.privacy.min_users} users are folded`);
  $('facts').textContent = `${facts.join(' \u00b7 ')}.`;
  $('citation').textContent = `Source: ${deployment} (${location.host}/rankings), as of ${snap.asOf}.`;

  if (snap.tasks.length === 0) {
    showEmpty(
      snap.app ? `No data for app "${snap.app}" in this window.` : `No data yet for the ${snap.windowDays}-day window to ${snap.to}.`,
      snap.app ? undefined : ingestHint(),
    );
    return;
  }
  if (state.task === undefined || !snap.tasks.some((t) => t.tag === state.task)) state.task = snap.tasks[0]!.tag;
  const select = (tag: string) => {
    state.task = tag;
    writeUrl();
    render();
    document.querySelector<HTMLButtonElement>(`#treemap button[data-tag="${CSS.escape(tag)}"]`)?.focus();
  };
  renderTreemap($('treemap'), snap.tasks, state.metric, state.task, select);
  renderMacroBar($('macros'), snap.macros, state.metric);
  renderDetail(
    $('detail'),
    snap.tasks.find((t) => t.tag === state.task),
    snap,
    state.metric,
  );
  renderHistory($('history'), $('history-readout'), points, state.metric, new Map(snap.macros.map((m) => [m.key, m.label])));
  renderTable($('table'), snap, state.sort, (sort) => {
    state.sort = sort;
    render();
    document.querySelector<HTMLButtonElement>(`#table button[data-sort="${sort.key}"]`)?.focus();
  });
}

function setApp(app: string): void {
  state.app = app;
  writeUrl();
  void load();
}

async function downloadCsv(): Promise<void> {
  try {
    const res = await get(classificationsUrl(state, 'csv'), key, 'text/csv');
    const blob = new Blob([await res.arrayBuffer()], { type: 'text/csv' });
    const url = URL.createObjectURL(blob);
    const a = el('a', {
      href: url,
      download: `taskshare-${state.window}${state.app ? `-${state.app}` : ''}-${snapshot?.asOf ?? 'latest'}.csv`,
    });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (err) {
    say(err instanceof ApiProblem ? err.message : 'The CSV could not be downloaded.', 'error');
  }
}

function wire(): void {
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-window]')) {
    b.addEventListener('click', () => {
      state.window = b.dataset.window!;
      writeUrl();
      for (const o of document.querySelectorAll<HTMLButtonElement>('[data-window]')) o.setAttribute('aria-pressed', String(o === b));
      void load();
    });
  }
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-metric]')) {
    b.addEventListener('click', () => {
      state.metric = b.dataset.metric as Metric;
      writeUrl();
      render();
    });
  }
  $('csv').addEventListener('click', () => void downloadCsv());
  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $<HTMLInputElement>('key-input');
    const value = input.value.trim();
    if (!value) return;
    key = value;
    sessionStorage.setItem(KEY_STORE, value);
    input.value = '';
    void load();
  });
  treemapKeys($('treemap'));
  // A new shape of the box needs a new layout; the same shape only scales (cells are in percent).
  let ratio = 0;
  new ResizeObserver(([entry]) => {
    const r = entry ? Math.round((entry.contentRect.width / Math.max(1, entry.contentRect.height)) * 20) : 0;
    if (r !== ratio) {
      ratio = r;
      if (snapshot && snapshot.tasks.length > 0)
        renderTreemap($('treemap'), snapshot.tasks, state.metric, state.task, (tag) => {
          state.task = tag;
          writeUrl();
          render();
        });
    }
  }).observe($('treemap'));
  // Polling finds a server that went away (and one that came back) while the page stays open.
  setInterval(() => {
    if (document.visibilityState === 'visible' && (isPublic || key !== undefined)) void load();
  }, REFRESH_MS);
}

wire();
void load();
