/**
 * A one-pass tokenizer that produces word hashes instead of strings: the classifier must handle
 * 20,000+ requests a second on one core, and allocating a string per word would cost most of that.
 *
 * Words are runs of letters and digits (ASCII lowercased, digits folded to 0 so numbers do not split
 * the vocabulary). Each CJK character is a word of its own, so word bigrams over Chinese or Japanese
 * text are character bigrams, which is how those languages are usually featurized without a segmenter.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Mix two 32-bit hashes (used for bigrams and namespaces). */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a of a string, as the tokenizer would hash it if the string were one word. */
export function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

const isCjk = (c: number): boolean =>
  (c >= 0x4e00 && c <= 0x9fff) ||
  (c >= 0x3400 && c <= 0x4dbf) ||
  (c >= 0x3040 && c <= 0x30ff) ||
  (c >= 0xac00 && c <= 0xd7af) ||
  (c >= 0xf900 && c <= 0xfaff);

/** Letters of other scripts (Latin-1 and extended, Greek, Cyrillic, Hebrew, Arabic, Indic, Thai). */
const isOtherLetter = (c: number): boolean => (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x370 && c <= 0xe7f);

/** Where the tokenizer writes; reused between calls so a classification allocates nothing here. */
export interface TokenBuffer {
  words: Uint32Array;
  /** Hash of the first 5 characters of words longer than 5 characters, else 0: a cheap stemmer. */
  prefixes: Uint32Array;
  count: number;
  cjk: number;
  code: number;
  digits: number;
  lines: number;
  pipes: number;
  /** Words before the first line break (all of them when there is none): where an instruction usually is. */
  firstLine: number;
}

export function newTokenBuffer(capacity = 4096): TokenBuffer {
  return {
    words: new Uint32Array(capacity),
    prefixes: new Uint32Array(capacity),
    count: 0,
    cjk: 0,
    code: 0,
    digits: 0,
    lines: 0,
    pipes: 0,
    firstLine: -1,
  };
}

/** Tokenize `text[from, to)` into `buf` (appending), stopping when the buffer is full. */
export function tokenize(text: string, buf: TokenBuffer, from = 0, to = text.length): void {
  // Counters live in locals for the loop and are written back once (hot path: every character).
  const words = buf.words;
  const prefixes = buf.prefixes;
  const cap = words.length;
  let count = buf.count;
  let cjk = buf.cjk;
  let code = buf.code;
  let digits = buf.digits;
  let lines = buf.lines;
  let pipes = buf.pipes;
  let firstLine = buf.firstLine;
  let h = FNV_OFFSET;
  let len = 0;
  let prefix = 0;
  for (let i = from; i <= to; i++) {
    let c = i < to ? text.charCodeAt(i) : 32;
    if (c >= 97 && c <= 122) {
      h = Math.imul(h ^ c, FNV_PRIME);
      if (++len === 5) prefix = h >>> 0;
      continue;
    }
    let word = false;
    if (c >= 65 && c <= 90) {
      c += 32;
      word = true;
    } else if (c >= 48 && c <= 57) {
      c = 48;
      word = true;
      digits++;
    } else if (c >= 0x80 && isOtherLetter(c)) word = true;
    if (word) {
      h = Math.imul(h ^ c, FNV_PRIME);
      if (++len === 5) prefix = h >>> 0;
      continue;
    }
    if (len > 0 && count < cap) {
      words[count] = h >>> 0;
      prefixes[count++] = len > 5 ? prefix : 0;
    }
    h = FNV_OFFSET;
    len = 0;
    if (c < 0x80) {
      if (c === 10) {
        if (lines++ === 0) firstLine = count;
      } else if (c === 124) pipes++;
      else if (c === 123 || c === 125 || c === 59 || c === 61 || c === 60 || c === 62 || c === 40 || c === 41) code++;
    } else if (isCjk(c)) {
      cjk++;
      if (count < cap) {
        words[count] = Math.imul(FNV_OFFSET ^ c, FNV_PRIME) >>> 0;
        prefixes[count++] = 0;
      }
    }
  }
  buf.count = count;
  buf.cjk = cjk;
  buf.code = code;
  buf.digits = digits;
  buf.lines = lines;
  buf.pipes = pipes;
  buf.firstLine = firstLine;
}

/** Word hashes of a short phrase (for lexicons and tests); allocates, so not for the hot path. */
export function phraseHashes(phrase: string): number[] {
  const buf = newTokenBuffer(64);
  tokenize(phrase, buf);
  return Array.from(buf.words.subarray(0, buf.count));
}
