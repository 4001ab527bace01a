/**
 * The client's settings and nothing else: `TaskShareCore` is what the standalone functions take (import
 * only the functions you use), and `TaskShare` (sdk.ts) wraps one in resource groups.
 *
 * @example
 * const core = new TaskShareCore({ apiKey: process.env.TASKSHARE_KEY, serverURL: 'http://127.0.0.1:8080/api/v1' });
 * const res = await classificationsGetTaskClassifications(core, { window: '7d' });
 * if (res.ok) console.log(res.value.data.asOf);
 */
import { SDKValidationError } from './errors.ts';
import { DEFAULT_RETRY, type RetryConfig, type RetryEvent } from './lib/retries.ts';

export interface TaskShareOptions {
  /** A key (`tsk_...`), or a function that returns one; none for a server with public rankings. */
  apiKey?: string | (() => Promise<string>) | undefined;
  /**
   * The API base, as for the official SDK: `https://taskshare.example.com/api/v1`. A URL without a path
   * gets `/api/v1`; in a browser a relative one (`/api/v1`) is resolved against the page. Default
   * `http://127.0.0.1:8080/api/v1`.
   */
  serverURL?: string | undefined;
  /** Sent as HTTP-Referer: your app's URL, for attribution. */
  httpReferer?: string | undefined;
  /** Sent as X-OpenRouter-Title. */
  appTitle?: string | undefined;
  /** Sent as X-OpenRouter-Categories (comma-separated). */
  appCategories?: string | undefined;
  /** Default retries of every call; see RetryConfig. Default: backoff, connection errors and 5XX, one minute at most. */
  retryConfig?: RetryConfig | undefined;
  /** Time limit of each try, in ms (none by default). */
  timeoutMs?: number | undefined;
  /** Replaces the global fetch (a proxy agent, a test double, an instrumented fetch). */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
}

/** Options of one call; they win over the client's. */
export interface RequestOptions {
  retries?: RetryConfig;
  /** Statuses retried, exact ("503") or classes ("5XX"); default ["5XX", "408"] (429 is RetryConfig.retry429). */
  retryCodes?: string[];
  timeoutMs?: number;
  /** Aborts the request in flight and any wait between tries (RequestAbortedError). */
  signal?: AbortSignal;
  /** Ends only the waits between tries: a request in flight still completes, but no new try starts (RequestAbortedError). */
  retrySignal?: AbortSignal;
  /** Told of each retry before its wait. */
  onRetry?: (event: RetryEvent) => void;
  /** Passed to the Request; method and body are the SDK's. */
  fetchOptions?: Omit<RequestInit, 'method' | 'body'>;
  serverURL?: string;
}

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8080/api/v1';

/** The API base without a trailing slash, or the argument error. */
export function resolveApiBase(serverURL: string | undefined): string | SDKValidationError {
  const given = serverURL ?? DEFAULT_SERVER_URL;
  let url: URL;
  try {
    url = new URL(given, (globalThis as { location?: { href?: string } }).location?.href);
  } catch {
    return new SDKValidationError('serverURL', 'expected an http(s) URL such as http://127.0.0.1:8080/api/v1', given);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return new SDKValidationError('serverURL', `expected http: or https:, got ${url.protocol}`, given);
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path === '' ? '/api/v1' : path}`;
}

/** The server's root (where /readyz is): the API base less its `/api/v1`. */
export const serverRoot = (apiBase: string): string => apiBase.replace(/\/api\/v1$/, '');

export class TaskShareCore {
  readonly _options: TaskShareOptions & { retryConfig: RetryConfig };
  /** The API base, or why serverURL is unusable (every call then returns it). */
  readonly _baseURL: string | SDKValidationError;

  constructor(options: TaskShareOptions = {}) {
    this._options = { ...options, retryConfig: options.retryConfig ?? DEFAULT_RETRY };
    this._baseURL = resolveApiBase(options.serverURL);
  }
}
