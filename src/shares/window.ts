/**
 * The trailing window: `as_of` is yesterday in UTC and the window is the 7 UTC days ending at it,
 * inclusive. The current, incomplete UTC day never counts.
 */
export const WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of the UTC day holding `ms`. */
export function utcDay(ms: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
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

export function trailingWindow(nowMs: number, days = WINDOW_DAYS): Window {
  const asOf = utcDay(nowMs - DAY_MS);
  return { asOf, from: addDays(asOf, -(days - 1)), to: asOf, days };
}

/** Seconds until the next UTC midnight: when a per-day limit resets and the window moves. */
export function secondsToUtcMidnight(nowMs: number): number {
  return Math.max(1, Math.ceil((DAY_MS - (nowMs % DAY_MS)) / 1000));
}
