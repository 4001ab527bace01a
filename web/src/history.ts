/**
 * Share over time: a stacked area of the macro categories (d3-shape's stack and area on d3-scale's
 * scales), one focusable column per history point that names its date and shares.
 */
import { scaleLinear, scalePoint } from 'd3-scale';
import { area, stack, stackOrderNone } from 'd3-shape';
import type { HistoryPoint, Macro } from './api.ts';
import { el, macroClass, pct, svg } from './format.ts';
import { METRIC_WORDS, type Metric } from './treemap.ts';

const W = 720;
const H = 240;
const M = { top: 8, right: 8, bottom: 24, left: 40 };

const share = (m: Macro | undefined, metric: Metric) => (m === undefined ? 0 : metric === 'spend' ? (m.spend ?? 0) : m[metric]);

export function renderHistory(
  box: HTMLElement,
  readout: HTMLElement,
  points: HistoryPoint[],
  metric: Metric,
  labels: Map<string, string>,
): void {
  const keys = [...new Set(points.flatMap((p) => p.macros.map((m) => m.key)))].sort();
  const rows = points.map(
    (p) =>
      Object.fromEntries(
        keys.map((k) => [
          k,
          share(
            p.macros.find((m) => m.key === k),
            metric,
          ),
        ]),
      ) as Record<string, number>,
  );
  const x = scalePoint<string>()
    .domain(points.map((p) => p.asOf))
    .range([M.left, W - M.right])
    .padding(0.1);
  const y = scaleLinear()
    .domain([0, 1])
    .range([H - M.bottom, M.top]);
  const series = stack<Record<string, number>>().keys(keys).order(stackOrderNone)(rows);
  const shape = area<[number, number]>()
    .x((_d, i) => x(points[i]!.asOf) ?? 0)
    .y0((d) => y(d[0]))
    .y1((d) => y(d[1]));

  const chart = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    class: 'history-svg',
    role: 'group',
    'aria-label': `Share of ${METRIC_WORDS[metric]} by macro category, ${points.length} points`,
  });
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    chart.append(svg('line', { class: 'grid', x1: M.left, x2: W - M.right, y1: y(tick), y2: y(tick) }));
    const t = svg('text', { class: 'axis', x: M.left - 6, y: y(tick) + 4, 'text-anchor': 'end' });
    t.textContent = pct(tick, 0);
    chart.append(t);
  }
  for (const s of series) {
    const path = svg('path', {
      class: `area ${macroClass(s.key)}`,
      d: shape(s as unknown as Array<[number, number]>) ?? '',
      'data-key': s.key,
    });
    chart.append(path);
  }
  const every = Math.max(1, Math.ceil(points.length / 6));
  points.forEach((p, i) => {
    if (i % every === 0 || i === points.length - 1) {
      const t = svg('text', { class: 'axis', x: x(p.asOf) ?? 0, y: H - 6, 'text-anchor': 'middle' });
      t.textContent = p.asOf.slice(5);
      chart.append(t);
    }
  });
  const band = points.length > 1 ? x(points[1]!.asOf)! - x(points[0]!.asOf)! : W - M.left - M.right;
  const describe = (p: HistoryPoint, row: Record<string, number>) => {
    const shares = keys.length === 0 ? 'no data' : keys.map((k) => `${labels.get(k) ?? k} ${pct(row[k] ?? 0)}`).join(', ');
    return `${p.from} to ${p.to}: ${shares}`;
  };
  points.forEach((p, i) => {
    const cx = x(p.asOf) ?? 0;
    const col = svg('rect', {
      class: 'point',
      x: cx - band / 2,
      y: M.top,
      width: band,
      height: H - M.top - M.bottom,
      tabindex: 0,
      role: 'img',
      'data-as-of': p.asOf,
      'data-shares': JSON.stringify(rows[i]),
      'aria-label': describe(p, rows[i]!),
    });
    const show = () => {
      readout.textContent = describe(p, rows[i]!);
    };
    col.addEventListener('focus', show);
    col.addEventListener('mouseenter', show);
    chart.append(col);
  });
  box.replaceChildren(chart);
  if (points.length > 0) readout.textContent = describe(points.at(-1)!, rows.at(-1)!);
  const legend = el(
    'ul',
    { class: 'legend' },
    ...keys.map((k) => el('li', {}, el('span', { class: `swatch ${macroClass(k)}`, 'aria-hidden': 'true' }), labels.get(k) ?? k)),
  );
  box.append(legend);
}
