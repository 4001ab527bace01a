/**
 * Small runtime checks for what the server sends (no dependency): each parser takes the value and its
 * path in the body, returns the typed, camelCase value, and throws Invalid naming the path at the first
 * mismatch. Fields the SDK does not know are left out, never an error, so a newer server is fine.
 */
export class Invalid extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path || 'body'}: ${problem}`);
  }
}

export type Parser<T> = (value: unknown, path: string) => T;
export type JsonObject = Record<string, unknown>;

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

export const obj: Parser<JsonObject> = (v, path) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Invalid(path, `expected an object, got ${kind(v)}`);
  return v as JsonObject;
};
export const str: Parser<string> = (v, path) => {
  if (typeof v !== 'string') throw new Invalid(path, `expected a string, got ${kind(v)}`);
  return v;
};
export const num: Parser<number> = (v, path) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Invalid(path, `expected a number, got ${kind(v)}`);
  return v;
};
export const int: Parser<number> = (v, path) => {
  if (!Number.isInteger(v)) throw new Invalid(path, `expected an integer, got ${kind(v)} ${JSON.stringify(v)}`);
  return v as number;
};
export const bool: Parser<boolean> = (v, path) => {
  if (typeof v !== 'boolean') throw new Invalid(path, `expected a boolean, got ${kind(v)}`);
  return v;
};
/** Any JSON, as sent: for fields whose shape is still the server's to settle (their keys are not renamed). */
export const json: Parser<unknown> = (v) => v;

export const nullable =
  <T>(p: Parser<T>): Parser<T | null> =>
  (v, path) =>
    v === null ? null : p(v, path);

export const array =
  <T>(p: Parser<T>): Parser<T[]> =>
  (v, path) => {
    if (!Array.isArray(v)) throw new Invalid(path, `expected an array, got ${kind(v)}`);
    return v.map((x, i) => p(x, `${path}[${i}]`));
  };

export const pairOf: Parser<[number, number]> = (v, path) => {
  const a = array(num)(v, path);
  if (a.length !== 2) throw new Invalid(path, `expected [low, high], got ${a.length} numbers`);
  return [a[0]!, a[1]!];
};

/** A map of names to values (keys kept as sent). */
export const mapOf =
  <T>(p: Parser<T>): Parser<Record<string, T>> =>
  (v, path) =>
    Object.fromEntries(Object.entries(obj(v, path)).map(([k, x]) => [k, p(x, `${path}.${k}`)]));

const at = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** A required field. */
export function req<T>(o: JsonObject, key: string, path: string, p: Parser<T>): T {
  if (!(key in o)) throw new Invalid(at(path, key), 'missing');
  return p(o[key], at(path, key));
}

/** Copies an optional field onto `target` under `name` when the server sent it, so absent stays absent (not undefined). */
export function opt<T, K extends string>(
  target: Partial<Record<K, T>>,
  name: K,
  o: JsonObject,
  key: string,
  path: string,
  p: Parser<T>,
): void {
  if (key in o && o[key] !== undefined) target[name] = p(o[key], at(path, key));
}
