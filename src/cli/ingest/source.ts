/**
 * Opens one input (a file path, or `-` for stdin) as a stream of raw bytes, gunzipped when the name ends
 * in .gz or the first bytes are the gzip magic (1f 8b), so piped `.gz` data works as well as files.
 * Bytes are counted before decompression: for a file, that against its size is an honest progress ratio
 * even for .gz, where the uncompressed size is unknown.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { addAbortSignal, pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export interface Input {
  /** The name reports use: the path as given, or `-`. */
  name: string;
  /** Size on disk for a regular file; undefined for stdin, pipes and devices. */
  totalBytes?: number;
  chunks: AsyncIterable<Buffer>;
}

const isGzipMagic = (head: Buffer) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** `signal` ends the reading (Ctrl-C): a blocked stdin read would otherwise never return. */
export async function openInput(
  path: string,
  onBytes: (n: number) => void,
  signal?: AbortSignal,
  stdin: Readable = process.stdin,
): Promise<Input> {
  let raw: Readable;
  let totalBytes: number | undefined;
  if (path === '-') raw = stdin;
  else {
    const info = await stat(path); // throws ENOENT before any stream exists
    if (info.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
    totalBytes = info.isFile() ? info.size : undefined;
    raw = createReadStream(path, { highWaterMark: 256 * 1024 });
  }
  if (signal) addAbortSignal(signal, raw);
  return { name: path, totalBytes, chunks: decode(counted(raw, onBytes), path.endsWith('.gz')) };
}

async function* counted(raw: Readable, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of raw) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    onBytes(buf.length);
    yield buf;
  }
}

async function* decode(chunks: AsyncIterable<Buffer>, namedGz: boolean): AsyncGenerator<Buffer> {
  const it = chunks[Symbol.asyncIterator]();
  // A pipe may hand over fewer than two bytes first; gather enough to see the magic.
  let head: Buffer = Buffer.alloc(0);
  let ended = false;
  while (head.length < 2) {
    const next = await it.next();
    if (next.done) {
      ended = true;
      break;
    }
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (ended) return;
    for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
  }
  if (!namedGz && !isGzipMagic(head)) return yield* all();
  const gunzip = createGunzip();
  // pipeline, not pipe: a read error or a corrupt stream must reach the loop below as a thrown error.
  pipeline(Readable.from(all(), { objectMode: false }), gunzip, () => {});
  yield* gunzip as AsyncIterable<Buffer>;
}
