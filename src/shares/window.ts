/**
 * The trailing window: `as_of` is yesterday in UTC and the window is the 7 UTC days ending at it,
 * inclusive. The current, incomplete UTC day never counts.
 */
export const WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;

// Every request asks for today's date and every ingested event for its day, from a few hundred days
// at most: keep the answers rather than format a Date each time.
const dayNames = new Map<number, string>();
const MAX_DAY_NAMES = 4096;

/** `YYYY-MM-DD` of the UTC day holding `ms`. */
export function utcDay(ms: number): string {
  const index = Math.floor(ms / DAY_MS);
  let day = dayNames.get(index);
  if (day === undefined) {
    day = new Date(index * DAY_MS).toISOString().slice(0, 10);
    if (dayNames.size >= MAX_DAY_NAMES) dayNames.clear();
    dayNames.set(index, day);
  }
  return day;
}

/** The UTC day `days` after `day` (negative for before). */
export function addDays(day: string, days: number): string {
  return utcDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

export interface Window {
  asOf: string;
  from: string;
  to: string;
  days: number;
}

let lastWindow: { index: number; window: Window } | undefined;

export function trailingWindow(nowMs: number, days = WINDOW_DAYS): Window {
  const index = Math.floor(nowMs / DAY_MS);
  if (lastWindow?.index === index && lastWindow.window.days === days) return lastWindow.window;
  const asOf = new Date((index - 1) * DAY_MS).toISOString().slice(0, 10);
  const window = { asOf, from: addDays(asOf, -(days - 1)), to: asOf, days };
  lastWindow = { index, window };
  return window;
}

/** Seconds until the next UTC midnight: when a per-day limit resets and the window moves. */
export function secondsToUtcMidnight(nowMs: number): number {
  return Math.max(1, Math.ceil((DAY_MS - (nowMs % DAY_MS)) / 1000));
}
