/**
 * Accepted events that today's snapshot does not count, and why: the window is the 7 UTC days ending
 * yesterday, so events dated today show from tomorrow on, and events before the window are stored but
 * in no current snapshot. Told in the ingest response, so 390 "accepted" events and an empty snapshot
 * are no longer a mystery.
 *
 * @example
 * outsideWindow({ '2026-06-18': 390 }, Date.parse('2026-06-18T10:00:00Z'));
 * // { count: 390, today: 390, older: 0, window: { from: '2026-06-11', to: '2026-06-17' }, reason: '390 ...' }
 */
import { trailingWindow, WINDOW_DAYS } from '../shares/window.ts';

export interface OutsideWindow {
  /** today + older. */
  count: number;
  /** Dated today (UTC) or, within the allowed clock skew, tomorrow: counted once their day has passed. */
  today: number;
  /** Dated before the window's first day: kept (within the retention), but in no current snapshot. */
  older: number;
  /** The window today's snapshot covers, inclusive UTC days. */
  window: { from: string; to: string };
  /** A sentence saying what happened and when the events will count; only when count > 0. */
  reason?: string;
}

export function outsideWindow(acceptedByDay: Readonly<Record<string, number>>, nowMs: number): OutsideWindow {
  const { from, to } = trailingWindow(nowMs);
  let today = 0;
  let older = 0;
  for (const [day, n] of Object.entries(acceptedByDay)) {
    if (day > to) today += n;
    else if (day < from) older += n;
  }
  const count = today + older;
  const result: OutsideWindow = { count, today, older, window: { from, to } };
  if (count === 0) return result;
  const parts: string[] = [];
  if (today > 0)
    parts.push(
      `${today} dated today (UTC) or later count from the next UTC day on: the window is the ${WINDOW_DAYS} days ending yesterday ` +
        `(${from} to ${to})`,
    );
  if (older > 0)
    parts.push(`${older} dated before ${from} are older than the ${WINDOW_DAYS}-day window: stored, but not in today's snapshot`);
  return { ...result, reason: `${count} accepted events are outside the current window: ${parts.join('; ')}` };
}
