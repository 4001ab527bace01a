/**
 * The treemap of tasks: d3-hierarchy lays the cells out (squarified), each a button positioned in
 * percent of the box, so it reflows without a new layout until the box's shape changes.
 */
import { hierarchy, treemap, treemapSquarify } from 'd3-hierarchy';
import type { Task } from './api.ts';
import { el, macroClass, pct } from './format.ts';

export type Metric = 'usage' | 'token' | 'spend';
export const METRIC_WORDS: Record<Metric, string> = { usage: 'requests', token: 'tokens', spend: 'spend' };

export const taskShare = (t: Task, metric: Metric): number => (metric === 'spend' ? (t.spend ?? 0) : t[metric]);

interface Node {
  task?: Task;
  children?: Node[];
}

export function renderTreemap(
  box: HTMLElement,
  tasks: Task[],
  metric: Metric,
  selected: string | undefined,
  onSelect: (tag: string) => void,
): void {
  const width = box.clientWidth || 600;
  const height = box.clientHeight || 360;
  const root = hierarchy<Node>({ children: tasks.map((task) => ({ task })) })
    .sum((n) => (n.task ? taskShare(n.task, metric) : 0))
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  const laid = treemap<Node>().tile(treemapSquarify).size([width, height]).paddingInner(2).round(false)(root);
  const cells = laid.leaves().map((leaf) => {
    const task = leaf.data.task!;
    const share = taskShare(task, metric);
    const w = leaf.x1 - leaf.x0;
    const h = leaf.y1 - leaf.y0;
    const label = `${task.name}: ${pct(share)} of ${METRIC_WORDS[metric]} (${task.macro})`;
    const cell = el(
      'button',
      {
        type: 'button',
        class: `cell ${macroClass(task.macro)}${w < 70 || h < 34 ? ' tiny' : ''}`,
        'data-tag': task.tag,
        'data-share': String(share),
        'aria-label': label,
        'aria-pressed': String(task.tag === selected),
        title: label,
      },
      el('span', { class: 'cell-name' }, task.name),
      el('span', { class: 'cell-share' }, pct(share)),
    );
    cell.style.left = `${(leaf.x0 / width) * 100}%`;
    cell.style.top = `${(leaf.y0 / height) * 100}%`;
    cell.style.width = `${(w / width) * 100}%`;
    cell.style.height = `${(h / height) * 100}%`;
    cell.addEventListener('click', () => onSelect(task.tag));
    return cell;
  });
  box.replaceChildren(...cells);
  box.setAttribute('data-metric', metric);
}

/** Arrow keys move between cells in reading order; Tab leaves the treemap. */
export function treemapKeys(box: HTMLElement): void {
  box.addEventListener('keydown', (e) => {
    const keys: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    const step = keys[e.key];
    if (step === undefined) return;
    const cells = [...box.querySelectorAll<HTMLButtonElement>('button.cell')];
    const at = cells.indexOf(document.activeElement as HTMLButtonElement);
    if (at === -1) return;
    e.preventDefault();
    cells[(at + step + cells.length) % cells.length]!.focus();
  });
}
