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
  stop(): void;
}

/** A bar on `stream` (stderr), or nothing when it is not a terminal. */
export function progressView(stream: NodeJS.WriteStream, enabled: boolean): ProgressView {
  if (!enabled || !stream.isTTY) return { update() {}, stop() {} };
  const started = Date.now();
  let latest: Readonly<IngestStats> | undefined;
  let bar: SingleBar | undefined;
  const draw = () => {
    if (!latest) return;
    const known = latest.totalBytes !== undefined && latest.totalBytes > 0;
    if (!bar) {
      bar = new SingleBar({
        stream,
        hideCursor: true,
        clearOnComplete: true,
        format: known
          ? '{bar} {percentage}% | {read} / {size} | {lines} events | {rate} ev/s | ETA {remaining}{waiting}'
          : '{read} read | {lines} events | {rate} ev/s{waiting}',
      });
      bar.start(known ? latest.totalBytes! : 1, 0, payload(latest));
    }
    bar.update(known ? Math.min(latest.bytesDone, latest.totalBytes!) : 0, payload(latest));
  };
  const payload = (s: Readonly<IngestStats>) => ({
    read: formatBytes(s.totalBytes === undefined ? s.bytes : s.bytesDone),
    size: formatBytes(s.totalBytes ?? 0),
    lines: s.lines.toLocaleString('en-US'),
    rate: Math.round(s.lines / Math.max(0.001, (Date.now() - started) / 1000)).toLocaleString('en-US'),
    remaining: eta(s),
    waiting: s.waiting ? ` | ${s.waiting.reason}, retrying in ${Math.max(0, Math.ceil((s.waiting.until - Date.now()) / 1000))} s` : '',
  });
  // The average since the start, not cli-progress's recent window: 429 waits are part of the pace, and
  // a window would swing between "instant" and "never" around each one.
  const eta = (s: Readonly<IngestStats>) => {
    if (!s.totalBytes || s.bytesDone === 0) return '-';
    return formatDuration(((Date.now() - started) / s.bytesDone) * Math.max(0, s.totalBytes - s.bytesDone));
  };
  const timer = setInterval(draw, 250);
  timer.unref();
  return {
    update(stats) {
      latest = stats;
    },
    stop() {
      clearInterval(timer);
      bar?.stop();
    },
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
