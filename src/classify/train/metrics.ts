/**
 * Per-tag precision, recall and F1, macro-F1, accuracy and the most frequent confusions, as numbers
 * and as markdown (docs/classifier-eval.md).
 */

export interface TagScore {
  tag: string;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Report {
  rows: number;
  accuracy: number;
  /** Mean F1 over the tags that occur in the truth of this evaluation. */
  macroF1: number;
  perTag: TagScore[];
  /** `truth → predicted`, most frequent first. */
  confusions: { truth: string; predicted: string; count: number }[];
}

export function report(pairs: { truth: string; predicted: string }[]): Report {
  const tp = new Map<string, number>();
  const predicted = new Map<string, number>();
  const actual = new Map<string, number>();
  const conf = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
  for (const p of pairs) {
    inc(actual, p.truth);
    inc(predicted, p.predicted);
    if (p.truth === p.predicted) inc(tp, p.truth);
    else inc(conf, `${p.truth}\u0000${p.predicted}`);
  }
  const perTag = [...actual.keys()].sort().map((tag) => {
    const t = tp.get(tag) ?? 0;
    const precision = t / Math.max(1, predicted.get(tag) ?? 0);
    const recall = t / actual.get(tag)!;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { tag, support: actual.get(tag)!, precision, recall, f1 };
  });
  const correct = [...tp.values()].reduce((a, b) => a + b, 0);
  return {
    rows: pairs.length,
    accuracy: correct / Math.max(1, pairs.length),
    macroF1: perTag.reduce((a, s) => a + s.f1, 0) / Math.max(1, perTag.length),
    perTag,
    confusions: [...conf.entries()]
      .map(([k, count]) => ({ truth: k.split('\u0000')[0]!, predicted: k.split('\u0000')[1]!, count }))
      .sort((a, b) => b.count - a.count || a.truth.localeCompare(b.truth) || a.predicted.localeCompare(b.predicted))
      .slice(0, 12),
  };
}

const pct = (x: number): string => (100 * x).toFixed(1);

export function toMarkdown(title: string, r: Report): string {
  const lines = [
    `### ${title}`,
    '',
    `Rows: ${r.rows}. **Macro-F1: ${pct(r.macroF1)}%**. Accuracy: ${pct(r.accuracy)}%.`,
    '',
    '| tag | rows | precision | recall | F1 |',
    '|---|---:|---:|---:|---:|',
    ...r.perTag.map((s) => `| ${s.tag} | ${s.support} | ${pct(s.precision)} | ${pct(s.recall)} | ${pct(s.f1)} |`),
    '',
    'Most frequent confusions (truth → predicted):',
    '',
    '| truth | predicted | rows |',
    '|---|---|---:|',
    ...r.confusions.map((c) => `| ${c.truth} | ${c.predicted} | ${c.count} |`),
    '',
  ];
  return lines.join('\n');
}

export function toText(title: string, r: Report): string {
  const head = `${title}: rows ${r.rows}, macro-F1 ${pct(r.macroF1)}%, accuracy ${pct(r.accuracy)}%`;
  const tags = r.perTag.map(
    (s) =>
      `  ${s.tag.padEnd(28)} n=${String(s.support).padStart(5)}  P ${pct(s.precision).padStart(5)}  R ${pct(s.recall).padStart(5)}  ` +
      `F1 ${pct(s.f1).padStart(5)}`,
  );
  const conf = r.confusions.slice(0, 8).map((c) => `  ${c.truth} → ${c.predicted}: ${c.count}`);
  return [head, ...tags, ' top confusions:', ...conf].join('\n');
}
