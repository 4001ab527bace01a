/**
 * What a person sees: a progress bar on a terminal (events/s, bytes, ETA), redrawn from a timer so the
 * ingest loop only updates counters; and the final summary, as text or as one JSON object.
 */
import { SingleBar } from 'cli-progress';
import type { IngestReport, IngestStats } from './ingest-files.ts';

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  for (; n >= 1024 && i < units.length - 1; i++) n /= 1024;
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

const formatDuration = (ms: number) =>
  ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

export interface ProgressView {
  update(stats: Readonly<IngestStats>): void;
  /** Stops drawing and leaves the cursor at the start of an emptied line (Ctrl-C echoes "^C" on the bar's). */
  interrupt(): void;
  stop(): void;
}

/** What one redraw shows; a field left undefined is not known (yet). */
export interface ProgressFields {
  /** 0..1, when the total size is known. */
  fraction?: number;
  read: string;
  size?: string;
  events: string;
  rate: string;
  eta?: string;
  waiting?: string;
}

/** The widest line drawn: a terminal narrower than 80 columns gets its own width. */
export const MAX_WIDTH = 80;
const BAR_MIN = 10;
const BAR_MAX = 30;

/**
 * One line of at most `width` columns. Whole fields are left out when they do not fit, the least useful
 * first (bytes, rate, the bar, ETA), so nothing is cut in the middle; the bar takes the room left, up to 30.
 */
export function progressLine(f: ProgressFields, width: number): string {
  const BAR = '\u0000'; // stands for the bar until its width is known
  // [text, priority]: the higher, the longer it stays.
  const fields: Array<[string | undefined, number]> = [
    [f.fraction === undefined ? undefined : BAR, 3],
    [f.fraction === undefined ? undefined : `${Math.floor(f.fraction * 100)}%`, 7],
    [f.size === undefined ? `${f.read} read` : `${f.read} / ${f.size}`, 1],
    [`${f.events} events`, 6],
    [`${f.rate} ev/s`, 2],
    [f.eta === undefined ? undefined : `ETA ${f.eta}`, 4],
    [f.waiting, 5],
  ];
  const present = fields.filter((x): x is [string, number] => x[0] !== undefined);
  let shown: Array<[string, number]> = [];
  const join = () =>
    shown
      .map(([t]) => t)
      .join(' | ')
      .replace(`${BAR} | `, `${BAR} `);
  const widthOf = () => join().length - (shown.some(([t]) => t === BAR) ? 1 - BAR_MIN : 0);
  // Most useful first, each kept if it still fits; shown in the fields' own order.
  for (const field of [...present].sort((a, b) => b[1] - a[1])) {
    const before = shown;
    shown = present.filter((x) => x === field || before.includes(x));
    if (shown.length > 1 && widthOf() > width) shown = before;
  }
  const line = join();
  if (!line.includes(BAR)) return line.slice(0, width); // a lone field wider than the terminal: nothing left to drop
  const size = Math.min(BAR_MAX, width - (line.length - 1));
  const full = Math.round(Math.min(1, Math.max(0, f.fraction!)) * size);
  return line.replace(BAR, `${'\u2588'.repeat(full)}${'\u2591'.repeat(size - full)}`);
}

/** A bar on `stream` (stderr), or nothing when it is not a terminal. */
export function progressView(stream: NodeJS.WriteStream, enabled: boolean): ProgressView {
  if (!enabled || !stream.isTTY) return { update() {}, interrupt() {}, stop() {} };
  const started = Date.now();
  let latest: Readonly<IngestStats> | undefined;
  let bar: SingleBar | undefined;
  let stopped = false;
  // One column spare: writing into the last one makes some terminals wrap.
  const width = () => Math.min(MAX_WIDTH, stream.columns || MAX_WIDTH) - 1;
  const draw = () => {
    if (!latest || stopped) return;
    const known = latest.totalBytes !== undefined && latest.totalBytes > 0;
    if (!bar) {
      bar = new SingleBar({
        stream,
        hideCursor: true,
        clearOnComplete: true,
        format: (_options, _params, payload: { line: string }) => payload.line,
      });
      bar.start(1, 0, { line: '' });
    }
    bar.update(0, { line: progressLine(fields(latest, known), width()) });
  };
  const fields = (s: Readonly<IngestStats>, known: boolean): ProgressFields => ({
    fraction: known ? Math.min(1, s.bytesDone / s.totalBytes!) : undefined,
    read: formatBytes(s.totalBytes === undefined ? s.bytes : s.bytesDone),
    size: known ? formatBytes(s.totalBytes!) : undefined,
    events: s.lines.toLocaleString('en-US'),
    rate: Math.round(s.lines / Math.max(0.001, (Date.now() - started) / 1000)).toLocaleString('en-US'),
    eta: known ? eta(s) : undefined,
    waiting: s.waiting ? `${s.waiting.reason}, retrying in ${Math.max(0, Math.ceil((s.waiting.until - Date.now()) / 1000))} s` : undefined,
  });
  // The average since the start, not cli-progress's recent window: 429 waits are part of the pace, and
  // a window would swing between "instant" and "never" around each one.
  const eta = (s: Readonly<IngestStats>) => {
    if (!s.totalBytes || s.bytesDone === 0) return '-';
    return formatDuration(((Date.now() - started) / s.bytesDone) * Math.max(0, s.totalBytes - s.bytesDone));
  };
  const timer = setInterval(draw, 250);
  timer.unref();
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    // clearOnComplete empties the bar's line and puts the cursor at its start.
    if (bar) bar.stop();
    else stream.write('\r\x1b[2K');
  };
  return {
    update(stats) {
      latest = stats;
    },
    interrupt: stop,
    stop,
  };
}

/** Why accepted events are missing from today's snapshot: the window is the 7 UTC days ending yesterday. */
function outsideText({ count, today, older }: IngestReport['outside_window']): string {
  if (count === 0) return '';
  const parts: string[] = [];
  if (today > 0) parts.push(`${today.toLocaleString('en-US')} dated today (UTC): they show from tomorrow on, as the window ends yesterday`);
  if (older > 0) parts.push(`${older.toLocaleString('en-US')} older than the 7-day window: stored, but not in today's snapshot`);
  return ` (${parts.join('; ')})`;
}

export function summaryText(report: IngestReport): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const head =
    report.outcome === 'done' ? 'Ingested' : report.outcome === 'interrupted' ? 'Interrupted; partial summary' : 'Failed; partial summary';
  const lines = [
    `${head}:`,
    `  files        ${report.files.length} (${formatBytes(report.bytes)} read)`,
    `  lines        ${n(report.lines)} in ${n(report.batches)} batches`,
    `  accepted     ${n(report.accepted)}`,
    `  duplicates   ${n(report.duplicates)}`,
    `  sampled out  ${n(report.sampled_out)}`,
    `  rejected     ${n(report.rejected)}${report.rejects_files.length > 0 ? ` (reasons in ${report.rejects_files.join(', ')})` : ''}`,
    `  outside window ${n(report.outside_window.count)}${outsideText(report.outside_window)}`,
    `  elapsed      ${formatDuration(report.elapsed_ms)}, ${n(report.events_per_second)} events/s`,
  ];
  if (report.outcome !== 'done') lines.push('Run the same command again to finish: events already sent count as duplicates, never twice.');
  return `${lines.join('\n')}\n`;
}
