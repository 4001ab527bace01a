/**
 * What the proxy reads from an upstream response, as a tap beside the bytes it forwards: the response
 * id, the model and the usage, from a JSON body or from a server-sent-event stream (the final usage
 * chunk of a chat stream, a Responses `response.completed` event, Anthropic's `message_start` and
 * `message_delta`). Compressed responses are inflated for the tap only. Content is never kept: each
 * event is parsed, its three fields kept, and the rest dropped.
 */
import { createBrotliDecompress, createGunzip, createInflate, type Gunzip } from 'node:zlib';
import { normalizeRecord } from '../ingest/normalize.ts';

/** Most bytes of a JSON body, or of one SSE line, the tap holds; past it the usage is not read. */
const MAX_HELD = 8 * 1024 * 1024;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ResponseFacts {
  id?: string;
  model?: string;
  promptTokens?: number;
  completionTokens?: number;
}

export class ResponseTap {
  readonly facts: ResponseFacts = {};
  private readonly usage: Record<string, unknown> = {};
  private held: Buffer[] = [];
  private heldBytes = 0;
  private overflow = false;
  private readonly inflate?: Gunzip;

  constructor(
    private readonly stream: boolean,
    encoding: string | undefined,
  ) {
    const e = (encoding ?? '').toLowerCase();
    this.inflate =
      e === 'gzip'
        ? createGunzip()
        : e === 'br'
          ? (createBrotliDecompress() as unknown as Gunzip)
          : e === 'deflate'
            ? (createInflate() as unknown as Gunzip)
            : undefined;
    this.inflate?.on('data', (c: Buffer) => this.take(c));
    this.inflate?.on('error', () => {
      this.overflow = true;
    });
  }

  write(chunk: Buffer): void {
    if (this.inflate) this.inflate.write(chunk);
    else this.take(chunk);
  }

  /** Resolves when every byte has been read (a compressed tap inflates asynchronously). */
  end(): Promise<ResponseFacts> {
    return new Promise((resolve) => {
      const finish = () => {
        this.finish();
        resolve(this.facts);
      };
      if (!this.inflate) return finish();
      this.inflate.once('end', finish);
      this.inflate.once('error', finish);
      this.inflate.end();
    });
  }

  private take(chunk: Buffer): void {
    if (this.overflow) return;
    if (!this.stream) {
      this.hold(chunk);
      return;
    }
    // SSE: complete lines are parsed as they arrive; a partial line waits for the next chunk.
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      this.hold(chunk.subarray(start, nl));
      this.line(Buffer.concat(this.held).toString('utf8'));
      this.held = [];
      this.heldBytes = 0;
      start = nl + 1;
    }
    if (start < chunk.length) this.hold(chunk.subarray(start));
  }

  private hold(b: Buffer): void {
    this.heldBytes += b.length;
    if (this.heldBytes > MAX_HELD) {
      this.held = [];
      this.heldBytes = 0;
      if (!this.stream) this.overflow = true; // a stream only loses that one line
      return;
    }
    this.held.push(Buffer.from(b));
  }

  private line(text: string): void {
    if (!text.startsWith('data:')) return;
    const data = text.slice(5).trim();
    if (data === '' || data === '[DONE]') return;
    try {
      this.read(JSON.parse(data));
    } catch {
      // Not JSON: nothing to read in it.
    }
  }

  private read(v: unknown): void {
    if (!isObject(v)) return;
    // Responses stream events and Anthropic's message_start wrap the object.
    const inner = isObject(v.response) ? v.response : isObject(v.message) ? v.message : v;
    if (this.facts.id === undefined && typeof inner.id === 'string') this.facts.id = inner.id;
    if (this.facts.model === undefined && typeof inner.model === 'string') this.facts.model = inner.model;
    const usage = isObject(inner.usage) ? inner.usage : isObject(v.usage) ? v.usage : undefined;
    // Later events carry later counts (Anthropic's message_delta has the final output_tokens).
    if (usage) for (const [k, n] of Object.entries(usage)) if (n !== null && n !== undefined) this.usage[k] = n;
  }

  private finish(): void {
    if (!this.stream && !this.overflow && this.held.length > 0) {
      try {
        this.read(JSON.parse(Buffer.concat(this.held).toString('utf8')));
      } catch {
        // Not JSON: no usage.
      }
    } else if (this.stream && this.held.length > 0) this.line(Buffer.concat(this.held).toString('utf8'));
    this.held = [];
    const normalized = normalizeRecord({ usage: this.usage }) as { usage: Record<string, unknown> };
    const p = normalized.usage.prompt_tokens;
    const c = normalized.usage.completion_tokens;
    if (Number.isSafeInteger(p) && (p as number) >= 0) this.facts.promptTokens = p as number;
    if (Number.isSafeInteger(c) && (c as number) >= 0) this.facts.completionTokens = c as number;
  }
}
