/**
 * One call on the wire: build the request, try it (each try under the timeout and the caller's signal),
 * and retry as the policy says. Returns the last response with its body read, or the error that came
 * without one; never throws. Turning a response into a value or an error is the caller's (body.ts).
 */
import { type RequestOptions, resolveApiBase, serverRoot, type TaskShareCore } from '../core.ts';
import {
  ConnectionError,
  type HTTPClientError,
  RequestAbortedError,
  RequestTimeoutError,
  retryAfterMs,
  SDKValidationError,
} from '../errors.ts';
import { ERR, OK, type Result } from './result.ts';
import { backoffDelay, matchesCode, policyOf, type RetryConfig, sleep } from './retries.ts';

export interface Call {
  method: 'GET' | 'POST' | 'DELETE';
  /** Below the API base (`/classifications/task`), or below the server's root when `root` is set (`/readyz`). */
  path: string;
  root?: boolean;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string | undefined>;
  body?: string | Uint8Array;
  /** The call's own defaults, under the caller's options: ingestion retries 429s, a health probe does not retry. */
  retry429?: boolean;
  retries?: RetryConfig;
}

export interface Received {
  request: Request;
  response: Response;
  /** The whole body as text. */
  body: string;
}

export type SendError = HTTPClientError | SDKValidationError;

const DEFAULT_RETRY_CODES = ['5XX', '408'];

/** The innermost message of a fetch failure: `connect ECONNREFUSED 127.0.0.1:9`, not `fetch failed`. */
export function causeOf(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

function checkOptions(options: RequestOptions): SDKValidationError | undefined {
  const t = options.timeoutMs;
  if (t !== undefined && !(typeof t === 'number' && (t === -1 || (Number.isFinite(t) && t >= 0))))
    return new SDKValidationError('options.timeoutMs', 'expected a number of milliseconds >= 0', t);
  return undefined;
}

async function buildUrl(core: TaskShareCore, call: Call, options: RequestOptions): Promise<string | SDKValidationError> {
  const base = options.serverURL !== undefined ? resolveApiBase(options.serverURL) : core._baseURL;
  if (typeof base !== 'string') return base;
  const url = new URL((call.root ? serverRoot(base) : base) + call.path);
  for (const [name, value] of Object.entries(call.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

async function headersOf(core: TaskShareCore, call: Call, options: RequestOptions): Promise<Headers> {
  const o = core._options;
  const headers = new Headers(options.fetchOptions?.headers);
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== '' && !headers.has(name)) headers.set(name, value);
  };
  for (const [name, value] of Object.entries(call.headers ?? {})) set(name, value);
  set('accept', 'application/json');
  const key = typeof o.apiKey === 'function' ? await o.apiKey() : o.apiKey;
  set('authorization', key ? `Bearer ${key}` : undefined);
  set('HTTP-Referer', o.httpReferer);
  set('X-OpenRouter-Title', o.appTitle);
  set('X-OpenRouter-Categories', o.appCategories);
  return headers;
}

type Try = { ok: true; received: Received } | { ok: false; error: HTTPClientError };

/** One try: the request and its whole body, under the timeout and the signal. */
async function once(core: TaskShareCore, url: string, init: RequestInit, timeoutMs: number, signal?: AbortSignal): Promise<Try> {
  if (signal?.aborted) return { ok: false, error: new RequestAbortedError('The request was aborted', { cause: signal.reason }) };
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer =
    timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs)
      : undefined;
  const request = new Request(url, { ...init, signal: controller.signal });
  try {
    const response = await (core._options.fetch ?? fetch)(request);
    const body = await response.text();
    return { ok: true, received: { request, response, body } };
  } catch (err) {
    if (timedOut) return { ok: false, error: new RequestTimeoutError(`No answer within ${timeoutMs} ms from ${url}`, { cause: err }) };
    if (signal?.aborted) return { ok: false, error: new RequestAbortedError('The request was aborted', { cause: err }) };
    return { ok: false, error: new ConnectionError(`Unable to reach ${new URL(url).origin}: ${causeOf(err)}`, { cause: err }) };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Both signals in one, for the waits (AbortSignal.any is newer than some browsers this supports), and
 * how to let go of them: a caller's signal outlives many calls, so the listeners must not pile up on it.
 */
function either(a?: AbortSignal, b?: AbortSignal): { signal: AbortSignal | undefined; release: () => void } {
  if (!a || !b) return { signal: a ?? b, release: () => {} };
  const c = new AbortController();
  const onAbort = () => c.abort();
  if (a.aborted || b.aborted) c.abort();
  else for (const s of [a, b]) s.addEventListener('abort', onAbort, { once: true });
  return {
    signal: c.signal,
    release: () => {
      for (const s of [a, b]) s.removeEventListener('abort', onAbort);
    },
  };
}

export async function send(core: TaskShareCore, call: Call, options: RequestOptions = {}): Promise<Result<Received, SendError>> {
  const bad = checkOptions(options);
  if (bad) return ERR(bad);
  const url = await buildUrl(core, call, options);
  if (typeof url !== 'string') return ERR(url);
  const signal = options.signal ?? options.fetchOptions?.signal ?? undefined;
  const init: RequestInit = {
    ...options.fetchOptions,
    method: call.method,
    headers: await headersOf(core, call, options),
    // Uint8Array is a BufferSource; the cast only narrows its buffer type for the DOM typings.
    body: call.body as BodyInit | undefined,
  };
  const policy = policyOf(options.retries ?? call.retries ?? core._options.retryConfig, { retry429: call.retry429 });
  const codes = options.retryCodes ?? DEFAULT_RETRY_CODES;
  const timeoutMs = options.timeoutMs ?? core._options.timeoutMs ?? -1;
  const waits = either(signal, options.retrySignal);
  try {
    return await tries(core, url, init, { policy, codes, timeoutMs, signal, waits: waits.signal, onRetry: options.onRetry });
  } finally {
    waits.release();
  }
}

interface TryPlan {
  policy: ReturnType<typeof policyOf>;
  codes: NonNullable<RequestOptions['retryCodes']>;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  waits: AbortSignal | undefined;
  onRetry: RequestOptions['onRetry'];
}

/** Tries until an answer stands: the retry policy's loop. */
async function tries(core: TaskShareCore, url: string, init: RequestInit, plan: TryPlan): Promise<Result<Received, SendError>> {
  const { policy, codes, timeoutMs, signal, waits } = plan;
  const started = Date.now();
  let retries = 0;
  let retries429 = 0;
  for (;;) {
    const tried = await once(core, url, init, timeoutMs, signal);
    let delay: number;
    let retryAfter = false;
    if (!tried.ok) {
      if (!(tried.error instanceof ConnectionError) || !policy.enabled || !policy.connection || retries >= policy.maxRetries)
        return ERR(tried.error);
      delay = backoffDelay(policy.backoff, retries++);
    } else {
      const { response } = tried.received;
      const is429 = response.status === 429;
      if (!policy.enabled || !(is429 ? policy.retry429 : matchesCode(response.status, codes))) return OK(tried.received);
      if (is429 ? retries429 >= policy.max429Retries : retries >= policy.maxRetries) return OK(tried.received);
      const after = retryAfterMs(response.headers);
      if (after !== undefined && after > policy.maxRetryAfterMs) return OK(tried.received);
      retryAfter = after !== undefined;
      delay = after ?? backoffDelay(policy.backoff, is429 ? retries429 : retries);
      if (is429) retries429++;
      else retries++;
    }
    // Bounded: a wait that would end past maxElapsedTime is not started, and the last answer stands.
    if (Date.now() - started + delay > policy.backoff.maxElapsedTime) return tried.ok ? OK(tried.received) : ERR(tried.error);
    plan.onRetry?.({
      attempt: retries + retries429,
      delayMs: delay,
      statusCode: tried.ok ? tried.received.response.status : undefined,
      error: tried.ok ? undefined : tried.error,
      retryAfter,
    });
    if (!(await sleep(delay, waits))) return ERR(new RequestAbortedError('The request was aborted while waiting to retry'));
  }
}
