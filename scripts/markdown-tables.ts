/**
 * Pads the cells of every Markdown table in `md` so that its columns line up in plain text, the way a
 * formatter would: the generated docs stay readable in a terminal and their diffs show changed numbers,
 * not changed widths. Alignment comes from the delimiter row (`---:` right, `:---:` centre).
 */
export function alignTables(md: string): string {
  const lines = md.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    if (!lines[i]!.startsWith('|')) {
      out.push(lines[i++]!);
      continue;
    }
    const block: string[] = [];
    while (i < lines.length && lines[i]!.startsWith('|')) block.push(lines[i++]!);
    out.push(...alignTable(block));
  }
  return out.join('\n');
}

const cellsOf = (line: string): string[] =>
  line
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());

function alignTable(block: string[]): string[] {
  const rows = block.map(cellsOf);
  const delimiter = rows[1];
  if (delimiter === undefined || !delimiter.every((c) => /^:?-+:?$/.test(c))) return block;
  const align = delimiter.map((c) => (c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : 'left'));
  const widths = align.map((_, k) => Math.max(3, ...rows.filter((_, r) => r !== 1).map((row) => [...(row[k] ?? '')].length)));
  return rows.map((row, r) => {
    const cells = widths.map((w, k) => {
      if (r === 1) return align[k] === 'right' ? `${'-'.repeat(w - 1)}:` : align[k] === 'center' ? `:${'-'.repeat(w - 2)}:` : '-'.repeat(w);
      const text = row[k] ?? '';
      const pad = w - [...text].length;
      if (align[k] === 'right') return ' '.repeat(pad) + text;
      if (align[k] === 'center') return ' '.repeat(Math.floor(pad / 2)) + text + ' '.repeat(Math.ceil(pad / 2));
      return text + ' '.repeat(pad);
    });
    return `| ${cells.join(' | ')} |`;
  });
}
