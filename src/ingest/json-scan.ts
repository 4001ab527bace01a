/**
 * Structure of JSON text without parsing it and without recursion: how deeply a record nests, and where
 * each element of a top-level array starts and ends. JSON.parse itself copes with any depth, but code
 * that walks the value afterwards (JSON.stringify, a validator, the request parser) may recurse, and a
 * record 4,000 levels deep overflowed the stack and failed its whole batch. Checking here, before
 * JSON.parse, turns that into a rejection of the one record.
 *
 * @example
 * nestingExceeds('{"a":[[1]]}', 2); // true: the record is 3 levels deep
 * splitJsonArray('[{"id":"a"}, 2]', 64); // { ok: true, elements: [{ start: 1, end: 11, tooDeep: false }, { start: 13, end: 14, ... }] }
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;
const isJsonSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** The index just past the string that opens at `start` (a quote), or -1 when it never closes. */
function stringEnd(text: string, start: number): number {
  for (let from = start + 1; ; ) {
    const q = text.indexOf('"', from);
    if (q === -1) return -1;
    // Escaped when an odd number of backslashes precede it. Each run is counted once: O(n) overall.
    let slashes = 0;
    for (let j = q - 1; j > start && text.charCodeAt(j) === BACKSLASH; j--) slashes++;
    if (slashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** Whether arrays and objects in `text` nest more than `max` levels (a top-level object is level 1). */
export function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end === -1) return false; // not JSON: JSON.parse says so
      i = end - 1;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
  }
  return false;
}

export interface ArrayElement {
  /** `text.slice(start, end)` is the element's text, without surrounding whitespace. */
  start: number;
  end: number;
  /** It nests more than the limit: reject it without parsing. */
  tooDeep: boolean;
}

export type SplitArray = { ok: true; elements: ArrayElement[] } | { ok: false; notArray: boolean };

/**
 * The elements of a top-level JSON array, each with its own depth (an element that is an object is
 * level 1, as an NDJSON line would be). Only the structure is checked here: brackets, strings, commas;
 * each element is then parsed on its own, so one bad element rejects only itself.
 */
export function splitJsonArray(text: string, maxDepth: number): SplitArray {
  let i = 0;
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== OPEN_ARRAY) return { ok: false, notArray: true };
  const broken = { ok: false, notArray: false } as const;
  const elements: ArrayElement[] = [];
  // Kinds of the open brackets, kept only as deep as they matter: past maxDepth + 1 the element is
  // rejected anyway, and a deeper mismatch at worst misplaces where that element ends.
  const open: number[] = [OPEN_ARRAY];
  let depth = 1;
  let start = -1;
  let end = -1;
  let deepest = 0;
  for (i += 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isJsonSpace(c)) continue;
    if (depth === 1 && (c === COMMA || c === CLOSE_ARRAY)) {
      if (start === -1) {
        if (c === CLOSE_ARRAY && elements.length === 0) {
          depth = 0;
          break;
        } // []
        return broken; // [,1] or [1,] or [1,,2]
      }
      elements.push({ start, end, tooDeep: deepest > maxDepth });
      start = -1;
      deepest = 0;
      if (c === CLOSE_ARRAY) {
        depth = 0;
        break;
      }
      continue;
    }
    if (start === -1) start = i; // `[1 2]` becomes one element, `1 2`, which JSON.parse refuses
    if (c === QUOTE) {
      const after = stringEnd(text, i);
      if (after === -1) return broken;
      i = after - 1;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (open.length <= maxDepth + 1) open.push(c);
      depth += 1;
      deepest = Math.max(deepest, depth - 1);
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      if (depth <= 1) return broken;
      if (depth <= open.length) {
        const opener = open.pop();
        if (opener !== (c === CLOSE_ARRAY ? OPEN_ARRAY : OPEN_OBJECT)) return broken;
      }
      depth -= 1;
    }
    end = i + 1;
  }
  if (depth !== 0) return broken; // unterminated
  for (i += 1; i < text.length; i++) if (!isJsonSpace(text.charCodeAt(i))) return broken;
  return { ok: true, elements };
}
