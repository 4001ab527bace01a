/**
 * CSV forms of taskshare's own read API (RFC 4180, a header row, CRLF line ends): one row per
 * (window end, tag, model), numbers written exactly as JSON writes them, so the two agree to the digit.
 * The row with an empty `model` is the tag as a whole; each listed model follows it with its shares.
 * A field the JSON leaves out (spend without cost data, an estimate without a correction) is empty.
 */
import type { TaskshareResponse } from '../shares/taskshare.ts';
import type { HistoryResponse } from '../snapshots/taskshare.ts';

export const CSV_TYPE = 'text/csv; charset=utf-8; header=present';

const field = (v: string | number): string => {
  const s = typeof v === 'number' ? JSON.stringify(v) : v;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const lines = (rows: Array<Array<string | number>>) => `${rows.map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;

export const CLASSIFICATIONS_COLUMNS = [
  'as_of',
  'from',
  'to',
  'window_days',
  'app',
  'tag',
  'display_name',
  'macro_category',
  'model',
  'usage_share',
  'token_share',
  'category_usage_share',
  'category_token_share',
  'usage_share_low',
  'usage_share_high',
  'token_share_low',
  'token_share_high',
  'spend_share',
  'estimated_usage_share',
  'estimated_usage_share_low',
  'estimated_usage_share_high',
  'previous_usage_share',
  'previous_token_share',
  'change_pp_usage',
  'change_pp_token',
  'tag_usage_share',
  'tag_token_share',
  'tag_spend_share',
] as const;

export function classificationsCsv({ data }: TaskshareResponse): string {
  const rows: Array<Array<string | number>> = [[...CLASSIFICATIONS_COLUMNS]];
  for (const c of data.classifications) {
    const tag = [data.as_of, data.from, data.to, data.window_days, data.app ?? '', c.tag, c.display_name, c.macro_category];
    const shares = [
      c.usage_share,
      c.token_share,
      c.category_usage_share,
      c.category_token_share,
      ...c.usage_share_interval,
      ...c.token_share_interval,
      c.spend_share ?? '',
      c.estimated_usage_share ?? '',
      ...(c.estimated_usage_share_interval ?? ['', '']),
      c.previous.usage_share,
      c.previous.token_share,
      c.change_pp.usage,
      c.change_pp.token,
    ];
    rows.push([...tag, '', ...shares, '', '', '']);
    for (const m of c.models) rows.push([...tag, m.id, ...shares, m.tag_usage_share, m.tag_token_share, m.tag_spend_share ?? '']);
  }
  return lines(rows);
}

export const HISTORY_COLUMNS = [
  'as_of',
  'from',
  'to',
  'window_days',
  'app',
  'tag',
  'macro_category',
  'model',
  'usage_share',
  'token_share',
] as const;

export function historyCsv({ data }: HistoryResponse): string {
  const rows: Array<Array<string | number>> = [[...HISTORY_COLUMNS]];
  for (const p of data.points) {
    for (const c of p.classifications)
      rows.push([p.as_of, p.from, p.to, data.window_days, data.app ?? '', c.tag, c.macro_category, '', c.usage_share, c.token_share]);
  }
  return lines(rows);
}
