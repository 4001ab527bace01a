/**
 * A command run on a real pseudo-terminal (util-linux `script`, `stty cols`), and a small screen model
 * of what it wrote: enough of VT100 for the progress bar (cursor save/restore, column moves, line
 * clears) to tell what a person would see.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';

export const haveScript = () => spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

export interface Tty {
  child: ChildProcessWithoutNullStreams;
  /** Everything written to the terminal so far. */
  output(): string;
  /** Types on the keyboard: '\x03' is Ctrl-C (the terminal turns it into SIGINT and echoes "^C"). */
  type(keys: string): void;
  exit: Promise<number | null>;
}

/** `argv` (node and its arguments) on a terminal `columns` wide, with `env` added. */
export function onTerminal(argv: string[], columns: number, env: Record<string, string>): Tty {
  const quoted = argv.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const child = spawn('script', ['-qfec', `stty cols ${columns} rows 40; exec ${quoted}`, '/dev/null'], {
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, type: (keys) => child.stdin.write(keys), exit };
}

/** The screen after `text`: its lines, trailing blanks trimmed. */
export function render(text: string): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  let saved = { row: 0, col: 0 };
  const line = () => {
    while (rows.length <= row) rows.push([]);
    return rows[row]!;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\x1b') {
      const csi = /^\[(\??)([\d;]*)([A-Za-z])/.exec(text.slice(i + 1));
      if (csi) {
        const [all, , n, op] = csi;
        if (op === 'G') col = Math.max(0, Number(n || 1) - 1);
        else if (op === 'K' && (n === '' || n === '0')) line().length = Math.min(line().length, col);
        else if (op === 'K' && n === '2') line().length = 0;
        i += all.length;
      } else if (text[i + 1] === '7' || text[i + 1] === '8') {
        if (text[i + 1] === '7') saved = { row, col };
        else ({ row, col } = saved);
        i += 1;
      }
    } else if (c === '\r') col = 0;
    else if (c === '\n') row += 1;
    else {
      const l = line();
      while (l.length < col) l.push(' ');
      l[col] = c;
      col += 1;
    }
  }
  return rows.map((r) => r.join('').trimEnd());
}

/** The lines a progress display drew in place: each redraw goes to column 1, writes, and clears the rest. */
export function redraws(text: string): string[] {
  return text
    .split('\x1b[1G')
    .slice(1)
    .filter((part) => part.includes('\x1b[0K'))
    .map((part) => part.slice(0, part.indexOf('\x1b[0K')));
}
