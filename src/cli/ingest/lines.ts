/**
 * Splits a byte stream into numbered lines without ever holding more than one line (up to `maxBytes`)
 * plus one chunk: a longer line is not kept, only reported as `oversize` with the start of it (enough
 * to find its id). Blank lines are numbered but not yielded, exactly as the server skips them, so that
 * the n-th line of a request body is the n-th yielded line of its batch.
 */

export type Line = { line: number; data: Buffer } | { line: number; oversize: true; bytes: number; head: string };

/** The start of an oversize line that is kept, for its id. */
const HEAD_BYTES = 4096;
const NEWLINE = 0x0a;

/** Whether the server (which trims each line with String.prototype.trim) would skip this line. */
export function isBlank(data: Buffer): boolean {
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) continue;
    // Non-ASCII may be Unicode whitespace (NBSP, BOM, ...), which trim() removes too: decide as it does.
    return b >= 0x80 ? data.toString('utf8').trim() === '' : false;
  }
  return true;
}

export async function* splitLines(chunks: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Line> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let oversize: { bytes: number; head: string } | undefined;
  let line = 0;

  function* finish(tail: Buffer): Generator<Line> {
    line += 1;
    if (oversize) {
      yield { line, oversize: true, bytes: oversize.bytes + tail.length, head: oversize.head };
    } else {
      const data = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
      if (data.length > maxBytes) yield { line, oversize: true, bytes: data.length, head: data.subarray(0, HEAD_BYTES).toString('utf8') };
      else if (!isBlank(data)) yield { line, data };
    }
    pending = [];
    pendingBytes = 0;
    oversize = undefined;
  }

  function keep(part: Buffer): void {
    if (part.length === 0) return;
    if (oversize) return void (oversize.bytes += part.length);
    pending.push(part);
    pendingBytes += part.length;
    if (pendingBytes > maxBytes) {
      const joined = Buffer.concat(pending);
      oversize = { bytes: joined.length, head: joined.subarray(0, HEAD_BYTES).toString('utf8') };
      pending = [];
      pendingBytes = 0;
    }
  }

  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE, start); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      // subarray, not a copy: a line shares its chunk's memory, which a batch of lines bounds anyway.
      yield* finish(chunk.subarray(start, nl));
      start = nl + 1;
    }
    // Copy the tail: keeping a subarray would pin the whole chunk while the line continues.
    keep(Buffer.from(chunk.subarray(start)));
  }
  if (pendingBytes > 0 || oversize) yield* finish(Buffer.alloc(0));
}
