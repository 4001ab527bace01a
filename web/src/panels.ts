/** The macro categories' stacked bar, the selected task's detail (change and top models) and the table. */
import type { Macro, Snapshot, Task } from './api.ts';
import { el, interval, macroClass, pct, pp } from './format.ts';
import { METRIC_WORDS, type Metric, taskShare } from './treemap.ts';

const macroShare = (m: Macro, metric: Metric) => (metric === 'spend' ? (m.spend ?? 0) : m[metric]);

export function renderMacroBar(box: HTMLElement, macros: Macro[], metric: Metric): void {
  const bar = el('div', { class: 'stack', role: 'list', 'aria-label': `Macro categories by share of ${METRIC_WORDS[metric]}` });
  for (const m of macros) {
    const share = macroShare(m, metric);
    const label = `${m.label}: ${pct(share)} of ${METRIC_WORDS[metric]}`;
    const seg = el(
      'div',
      {
        class: `seg ${macroClass(m.key)}`,
        role: 'listitem',
        'aria-label': label,
        title: label,
        'data-key': m.key,
        'data-share': String(share),
      },
      el('span', { class: 'seg-label' }, `${m.label} ${pct(share, 0)}`),
    );
    seg.style.flexGrow = String(share);
    bar.append(seg);
  }
  box.replaceChildren(bar);
}

/** Whether the previous share lies outside this window's interval: a change larger than the noise. */
function noiseNote(t: Task, snap: Snapshot): string {
  if (!t.usageInterval || !t.previous) return '';
  const [lo, hi] = t.usageInterval;
  const level = snap.confidenceLevel ? `${Math.round(snap.confidenceLevel * 100)}%` : '';
  const outside = t.previous.usage < lo || t.previous.usage > hi;
  return (
    `${level} interval ${interval(t.usageInterval)}: ` +
    `${outside ? 'the change is larger than the sampling noise' : 'the change is within the sampling noise'}.`
  );
}

export function renderDetail(box: HTMLElement, t: Task | undefined, snap: Snapshot, metric: Metric): void {
  if (t === undefined) {
    box.replaceChildren(el('p', { class: 'muted' }, 'Select a task in the treemap (click, or Tab and Enter) to see its models.'));
    return;
  }
  const previous = snap.previousWindow ? ` (${snap.previousWindow.from} to ${snap.previousWindow.to})` : '';
  const change = t.changePp
    ? el(
        'p',
        { class: 'change', 'data-change-pp': String(t.changePp.usage) },
        el('strong', {}, pp(t.changePp.usage)),
        ` in share of requests against the previous window${previous}, ` +
          `from ${pct(t.previous?.usage ?? 0)} to ${pct(t.usage)}; tokens ${pp(t.changePp.token)}. `,
        noiseNote(t, snap),
      )
    : undefined;
  const spend = snap.hasCost && t.models.some((m) => m.spend !== undefined);
  const rows = t.models.map((m) => {
    const bar = (kind: string, share: number) => {
      const fill = el('span', { class: `fill ${kind}` });
      fill.style.width = `${Math.max(0, Math.min(1, share)) * 100}%`;
      return el(
        'span',
        {
          class: 'bar',
          role: 'img',
          'aria-label': `${m.id}: ${pct(share)} of the task's ${kind === 'usage' ? 'requests' : kind === 'token' ? 'tokens' : 'spend'}`,
        },
        fill,
        el('span', { class: 'bar-value' }, `${kind === 'usage' ? 'req' : kind === 'token' ? 'tok' : 'spend'} ${pct(share)}`),
      );
    };
    return el(
      'li',
      { 'data-model': m.id, 'data-usage': String(m.usage), 'data-token': String(m.token) },
      el('span', { class: 'model-id', title: m.id }, m.id),
      bar('usage', m.usage),
      bar('token', m.token),
      spend ? bar('spend', m.spend ?? 0) : undefined,
    );
  });
  box.replaceChildren(
    el(
      'h3',
      { id: 'detail-title' },
      el('span', { class: `swatch ${macroClass(t.macro)}`, 'aria-hidden': 'true' }),
      `${t.name} `,
      el('span', { class: 'muted' }, `${t.tag} \u00b7 ${pct(taskShare(t, metric))} of ${METRIC_WORDS[metric]}`),
    ),
    change ?? el('p', { class: 'muted' }, 'No previous window to compare with.'),
    el('h4', {}, `Top models (${t.models.length}), share of the task's requests and tokens`),
    rows.length === 0
      ? el('p', { class: 'muted' }, 'No model is listed for this task (models below the privacy threshold are folded).')
      : el('ol', { class: 'models', 'aria-labelledby': 'detail-title' }, ...rows),
  );
}

type Column = { key: string; label: string; value: (t: Task) => number | string; show: (t: Task) => string; numeric: boolean };

function columns(snap: Snapshot): Column[] {
  const cols: Column[] = [
    { key: 'name', label: 'Task', value: (t) => t.name, show: (t) => t.name, numeric: false },
    { key: 'macro', label: 'Category', value: (t) => t.macro, show: (t) => t.macro, numeric: false },
    { key: 'usage', label: 'Requests', value: (t) => t.usage, show: (t) => pct(t.usage), numeric: true },
    { key: 'interval', label: 'Interval', value: (t) => t.usageInterval?.[0] ?? 0, show: (t) => interval(t.usageInterval), numeric: true },
    { key: 'token', label: 'Tokens', value: (t) => t.token, show: (t) => pct(t.token), numeric: true },
  ];
  if (snap.hasCost) cols.push({ key: 'spend', label: 'Spend', value: (t) => t.spend ?? 0, show: (t) => pct(t.spend ?? 0), numeric: true });
  cols.push(
    {
      key: 'change',
      label: 'Change',
      value: (t) => t.changePp?.usage ?? 0,
      show: (t) => (t.changePp ? pp(t.changePp.usage) : ''),
      numeric: true,
    },
    { key: 'top', label: 'Top model', value: (t) => t.models[0]?.id ?? '', show: (t) => t.models[0]?.id ?? '', numeric: false },
  );
  return cols;
}

export interface Sort {
  key: string;
  descending: boolean;
}

export function renderTable(box: HTMLElement, snap: Snapshot, sort: Sort, onSort: (s: Sort) => void): void {
  const cols = columns(snap);
  const col = cols.find((c) => c.key === sort.key) ?? cols[2]!;
  const sorted = [...snap.tasks].sort((a, b) => {
    const va = col.value(a);
    const vb = col.value(b);
    const order = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return sort.descending ? -order : order;
  });
  const head = el(
    'tr',
    {},
    ...cols.map((c) => {
      const active = c.key === col.key;
      const button = el(
        'button',
        { type: 'button', class: 'sort', 'data-sort': c.key },
        c.label,
        el('span', { 'aria-hidden': 'true' }, active ? (sort.descending ? ' \u25bc' : ' \u25b2') : ''),
      );
      button.addEventListener('click', () => onSort({ key: c.key, descending: active ? !sort.descending : c.numeric }));
      return el(
        'th',
        {
          scope: 'col',
          'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : 'none',
          class: c.numeric ? 'num' : undefined,
        },
        button,
      );
    }),
  );
  const body = sorted.map((t) =>
    el(
      'tr',
      { 'data-tag': t.tag },
      ...cols.map((c) => el('td', { class: c.numeric ? 'num' : c.key === 'top' ? 'model-id' : undefined }, c.show(t))),
    ),
  );
  box.replaceChildren(
    el(
      'table',
      {},
      el('caption', { class: 'visually-hidden' }, 'Tasks and their shares, sortable by any column'),
      el('thead', {}, head),
      el('tbody', {}, ...body),
    ),
  );
}
