/** What a standalone function returns: the value, or the error it would have thrown. */
export type Result<T, E = Error> = { ok: true; value: T; error?: never } | { ok: false; error: E; value?: never };

export const OK = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const ERR = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });

/** The class methods' side: the value, or the error thrown. */
export async function unwrap<T, E>(result: Promise<Result<T, E>>): Promise<T> {
  const r = await result;
  if (r.ok) return r.value;
  throw r.error;
}
