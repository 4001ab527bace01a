/**
 * The proxy's events on their way to taskshare: a bounded buffer, sent in batches through the ingest
 * API with the CLI's retrying sender (one batch in flight). Nothing here can slow or fail the proxied
 * traffic: a full buffer drops the new event, a batch the server keeps refusing is dropped, and both
 * are counted and logged (at most once per interval).
 */
import type { Logger } from 'pino';
import { sendBatch } from '../cli/ingest/send.ts';

export interface RecorderOptions {
  url: string;
  key: string;
  /** Events held at most; past it new events are dropped. */
  maxBuffer: number;
  batchSize: number;
  flushMs: number;
  retries: number;
  logger: Logger;
  onSent?: (n: number) => void;
  onDropped?: (n: number, why: string) => void;
}

const LOG_EVERY_MS = 10_000;

export class Recorder {
  private buffer: Array<Record<string, unknown>> = [];
  private inFlight?: Promise<void>;
  private readonly timer: NodeJS.Timeout;
  private droppedSinceLog = 0;
  private lastLog = 0;
  private readonly stopping = new AbortController();

  constructor(private readonly options: RecorderOptions) {
    this.timer = setInterval(() => this.kick(), options.flushMs);
    this.timer.unref();
  }

  get buffered(): number {
    return this.buffer.length;
  }

  add(event: Record<string, unknown>): void {
    if (this.buffer.length >= this.options.maxBuffer) {
      this.drop(1, 'buffer full');
      return;
    }
    this.buffer.push(event);
    if (this.buffer.length >= this.options.batchSize) this.kick();
  }

  /** Sends everything buffered; resolves when nothing is left or in flight. */
  async flush(): Promise<void> {
    while (this.buffer.length > 0 || this.inFlight) {
      this.kick();
      await this.inFlight;
    }
  }

  /** Stops the timer, sends what is left (bounded by the retries), then gives up on any wait. */
  async close(timeoutMs: number): Promise<void> {
    clearInterval(this.timer);
    const timer = setTimeout(() => this.stopping.abort(), timeoutMs);
    await this.flush();
    clearTimeout(timer);
  }

  private kick(): void {
    if (this.inFlight || this.buffer.length === 0) return;
    const batch = this.buffer.splice(0, this.options.batchSize);
    const body = Buffer.from(batch.map((e) => JSON.stringify(e)).join('\n'));
    this.inFlight = sendBatch(body, batch.length, {
      url: this.options.url,
      key: this.options.key,
      retries: this.options.retries,
      stopWaits: this.stopping.signal,
    })
      .then((r) => {
        if (r.ok) this.options.onSent?.(batch.length);
        else this.drop(batch.length, r.aborted ? 'stopped while waiting to retry' : r.message);
      })
      .catch((err: Error) => this.drop(batch.length, err.message))
      .finally(() => {
        this.inFlight = undefined;
        if (this.buffer.length >= this.options.batchSize) this.kick();
      });
  }

  private drop(n: number, why: string): void {
    this.options.onDropped?.(n, why);
    this.droppedSinceLog += n;
    const now = Date.now();
    if (now - this.lastLog >= LOG_EVERY_MS) {
      this.options.logger.warn({ dropped: this.droppedSinceLog, why }, 'proxy dropped events it could not send to taskshare');
      this.droppedSinceLog = 0;
      this.lastLog = now;
    }
  }
}
