/**
 * Whether a string can be stored and read back exactly. Both stores encode text as UTF-8: a lone
 * surrogate comes back as U+FFFD, a leading BOM is dropped by DuckDB's reader, and PostgreSQL refuses
 * NUL outright. Any of these failed the whole batch (the store could not match the id it returned);
 * control and invisible format characters also make ids that look equal and are not.
 */

/** A lone surrogate: with the `u` flag a paired one is a single code point, not Cs. */
const LONE_SURROGATE = /\p{Cs}/u;
/** Control (Cc: NUL, C0, DEL, C1) and format (Cf: BOM, zero-width space and joiners, bidi controls) characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

/** Why `value` cannot be stored as an identifier (`id`, `model`, `app`, `user`), or undefined when it can. */
export function identifierProblem(value: string): string | undefined {
  if (LONE_SURROGATE.test(value)) return 'is not well-formed Unicode (it holds a lone surrogate)';
  if (INVISIBLE.test(value)) return 'holds a control or invisible format character (NUL, a BOM, a zero-width space, ...)';
  return undefined;
}
