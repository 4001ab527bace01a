/**
 * The rejects files: one NDJSON line per rejected input line, `{"file","line","id"?,"reason"}`. Never
 * the record itself: it may hold prompt text, which taskshare does not store or log anywhere.
 * A file is created (truncated) at its first rejection, so a re-run replaces the last run's list.
 */

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

export interface RejectEntry {
  file: string;
  line: number;
  id?: string;
  reason: string;
}

export class RejectsWriter {
  private readonly streams = new Map<string, WriteStream>();
  private failure: Error | undefined;

  /** `path` for every file when set (--rejects), else `<file>.rejects.ndjson` beside each input. */
  constructor(private readonly path?: string) {}

  pathFor(file: string): string {
    return this.path ?? (file === '-' ? 'stdin.rejects.ndjson' : `${file}.rejects.ndjson`);
  }

  /** The files written so far. */
  get written(): string[] {
    return [...this.streams.keys()];
  }

  async write(entry: RejectEntry): Promise<void> {
    if (this.failure) throw this.failure;
    const path = this.pathFor(entry.file);
    let stream = this.streams.get(path);
    if (!stream) {
      stream = createWriteStream(path, { flags: 'w' });
      stream.on('error', (err) => {
        this.failure ??= err;
      });
      this.streams.set(path, stream);
    }
    const { file, line, id, reason } = entry;
    if (!stream.write(`${JSON.stringify(id === undefined ? { file, line, reason } : { file, line, id, reason })}\n`)) {
      await Promise.race([once(stream, 'drain'), once(stream, 'error')]).catch(() => {});
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.streams.values()].map((s) => (s.errored ? undefined : new Promise<void>((resolve) => s.end(resolve)))));
    if (this.failure) throw new Error(`cannot write the rejects file: ${this.failure.message}`);
  }
}
