/**
 * The optional LLM classifier over any OpenAI-compatible `/chat/completions` endpoint. Bounded in every
 * direction: a concurrency cap, a timeout per attempt, a few retries with backoff. It never throws: a
 * failure yields undefined and the caller keeps the built-in answer.
 */
import type { Classification } from './interface.ts';
import { buildLlmRequest, parseLlmAnswer } from './llm-prompt.ts';
import type { Transcript } from './transcript.ts';

export type LlmMode = 'off' | 'low-confidence' | 'all';

export interface LlmOptions {
  /** Base URL (`https://host/v1`) or the full `/chat/completions` URL. */
  url: string;
  model: string;
  key?: string;
  mode: LlmMode;
  timeoutMs: number; // per attempt
  retries: number; // attempts after the first
  concurrency: number; // requests in flight at once
  /** In `low-confidence` mode, rows whose built-in confidence is below this go to the LLM (default 0.5). */
  below?: number;
}

/** The LLM gives no calibrated probability; a fixed confidence marks its answers as trusted. */
export const LLM_CONFIDENCE = 0.9;
const BACKOFF_MS = 200;
const MAX_RETRY_AFTER_MS = 5000;

export function chatCompletionsUrl(url: string): string {
  const base = url.replace(/\/+$/, '');
  return base.endsWith('/chat/completions') ? base : `${base}/chat/completions`;
}

/**
 * @example
 * const llm = new LlmClassifier({
 *   url: 'http://localhost:8080/v1', model: 'qwen', mode: 'all', timeoutMs: 5000, retries: 2, concurrency: 4,
 * });
 * await llm.classifyTranscript(transcript); // { tag: 'math', confidence: 0.9, path: 'llm' } or undefined
 */
export class LlmClassifier {
  readonly version: string;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly endpoint: string;

  constructor(
    private readonly options: LlmOptions,
    private readonly fetchFn: typeof fetch = fetch,
  ) {
    this.endpoint = chatCompletionsUrl(options.url);
    this.version = `llm-${options.model}`;
  }

  /** Whether a row with this built-in answer should be asked of the LLM, per the mode. */
  wants(builtin: Classification): boolean {
    if (this.options.mode === 'all') return true;
    return this.options.mode === 'low-confidence' && builtin.confidence < (this.options.below ?? 0.5);
  }

  async classifyTranscript(t: Transcript): Promise<Classification | undefined> {
    await this.acquire();
    try {
      const body = JSON.stringify(buildLlmRequest(this.options.model, t));
      for (let attempt = 0; attempt <= this.options.retries; attempt++) {
        const outcome = await this.attempt(body);
        if (typeof outcome === 'string') return { tag: outcome, confidence: LLM_CONFIDENCE, path: 'llm' };
        if (outcome.final) return undefined;
        if (attempt < this.options.retries) await sleep(outcome.retryAfterMs ?? BACKOFF_MS * 2 ** attempt * (0.5 + Math.random()));
      }
      return undefined;
    } finally {
      this.release();
    }
  }

  /** A tag, or why not: `final` when retrying cannot help (4xx, an answer outside the schema). */
  private async attempt(body: string): Promise<string | { final: boolean; retryAfterMs?: number }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.key) headers.authorization = `Bearer ${this.options.key}`;
    try {
      const res = await this.fetchFn(this.endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.options.timeoutMs) });
      if (!res.ok) {
        await res.body?.cancel();
        const retryable = res.status === 429 || res.status === 408 || res.status >= 500;
        return { final: !retryable, retryAfterMs: retryAfter(res.headers) };
      }
      const tag = parseLlmAnswer(await res.json().catch(() => undefined));
      return tag ?? { final: true };
    } catch {
      return { final: false }; // timeout, connection refused or reset: worth another try
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.options.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

function retryAfter(h: Headers): number | undefined {
  const ms = Number(h.get('retry-after-ms'));
  if (ms > 0) return Math.min(ms, MAX_RETRY_AFTER_MS);
  const s = Number(h.get('retry-after'));
  return s > 0 ? Math.min(s * 1000, MAX_RETRY_AFTER_MS) : undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
