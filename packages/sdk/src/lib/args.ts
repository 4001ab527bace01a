/** Checks of what a caller passes, before anything is sent: each failure is an SDKValidationError naming the argument. */
import { SDKValidationError } from '../errors.ts';

export type Checked<T> = T | SDKValidationError;

export function requestObject(name: string, v: unknown): Checked<Record<string, unknown>> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) return new SDKValidationError(name, `expected an object, got ${typeof v}`, v);
  return v as Record<string, unknown>;
}

export function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[]): Checked<T | undefined> {
  if (v === undefined) return undefined;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  return new SDKValidationError(name, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(v)}`, v);
}

export function text(
  name: string,
  v: unknown,
  opts: { max?: number; pattern?: RegExp; hint?: string; required?: boolean } = {},
): Checked<string | undefined> {
  if (v === undefined && !opts.required) return undefined;
  if (typeof v !== 'string') return new SDKValidationError(name, `expected a string, got ${v === null ? 'null' : typeof v}`, v);
  if (v === '') return new SDKValidationError(name, 'expected a non-empty string', v);
  if (opts.max !== undefined && v.length > opts.max)
    return new SDKValidationError(name, `at most ${opts.max} characters, got ${v.length}`, v);
  if (opts.pattern && !opts.pattern.test(v)) return new SDKValidationError(name, opts.hint ?? `does not match ${opts.pattern}`, v);
  return v;
}

/** A UTC calendar date: `YYYY-MM-DD`, or a Date (its UTC day). */
export function utcDate(name: string, v: unknown): Checked<string | undefined> {
  if (v === undefined) return undefined;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return new SDKValidationError(name, 'an invalid Date', v);
    return v.toISOString().slice(0, 10);
  }
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)) return v;
  return new SDKValidationError(name, `expected a UTC date YYYY-MM-DD (or a Date), got ${JSON.stringify(v)}`, v);
}

/** The first argument error of a list of checks, if any. */
export const firstError = (...checks: unknown[]): SDKValidationError | undefined =>
  checks.find((c): c is SDKValidationError => c instanceof SDKValidationError);
