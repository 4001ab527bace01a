/**
 * When to try again and how long to wait: exponential backoff with jitter, Retry-After honoured, and
 * every loop bounded (by time, and optionally by count). The shape extends the official SDK's
 * RetryConfig, so a config written for `@openrouter/sdk` works here unchanged.
 */

export interface BackoffStrategy {
  /** First wait, before jitter. */
  initialInterval: number;
  /** No single wait (before jitter) is longer. */
  maxInterval: number;
  /** Each wait is the one before times this. */
  exponent: number;
  /** No retry starts after this long since the first try; a Retry-After that would pass it ends the call instead. */
  maxElapsedTime: number;
}

export type RetryConfig =
  | { strategy: 'none' }
  | {
      strategy: 'backoff';
      backoff?: Partial<BackoffStrategy>;
      /** Retry when the server cannot be reached or the connection breaks (default true). */
      retryConnectionErrors?: boolean;
      /** Retry a 429 after its Retry-After (default false, except for ingestion). */
      retry429?: boolean;
      /** Retries after the first try for connection errors and 5XX (default: as many as maxElapsedTime allows). */
      maxRetries?: number;
      /** Retries of 429s, counted apart (default 20). */
      max429Retries?: number;
      /** A Retry-After longer than this is not waited for: the call fails with the response's error (default 15 minutes). */
      maxRetryAfterMs?: number;
    };

export const DEFAULT_BACKOFF: BackoffStrategy = {
  initialInterval: 500, // ms
  maxInterval: 10_000, // 10 s
  exponent: 2,
  // One minute all told: long enough for a restart or a failover, short enough that a caller notices.
  maxElapsedTime: 60_000,
};
export const DEFAULT_RETRY: RetryConfig = { strategy: 'backoff', retryConnectionErrors: true };

/** Why a retry is about to happen; given to `onRetry` before each wait. */
export interface RetryEvent {
  /** 1 for the first retry. */
  attempt: number;
  /** How long the SDK waits before it. */
  delayMs: number;
  /** The status that asked for it, or undefined after a connection error. */
  statusCode?: number;
  /** The connection error, when that is the reason. */
  error?: Error;
  /** True when the wait is the server's Retry-After. */
  retryAfter: boolean;
}

export interface RetryPolicy {
  enabled: boolean;
  backoff: BackoffStrategy;
  connection: boolean;
  retry429: boolean;
  maxRetries: number;
  max429Retries: number;
  maxRetryAfterMs: number;
}

export function policyOf(config: RetryConfig, defaults: { retry429?: boolean } = {}): RetryPolicy {
  if (config.strategy !== 'backoff')
    return {
      enabled: false,
      backoff: DEFAULT_BACKOFF,
      connection: false,
      retry429: false,
      maxRetries: 0,
      max429Retries: 0,
      maxRetryAfterMs: 0,
    };
  return {
    enabled: true,
    backoff: { ...DEFAULT_BACKOFF, ...config.backoff },
    connection: config.retryConnectionErrors ?? true,
    retry429: config.retry429 ?? defaults.retry429 ?? false,
    maxRetries: config.maxRetries ?? Number.POSITIVE_INFINITY,
    max429Retries: config.max429Retries ?? 20,
    maxRetryAfterMs: config.maxRetryAfterMs ?? 15 * 60_000,
  };
}

/** Exponential, capped, then jittered to between half and all of it, so many clients do not retry in step. */
export function backoffDelay(b: BackoffStrategy, retry: number, random = Math.random): number {
  const base = Math.min(b.maxInterval, b.initialInterval * b.exponent ** retry);
  return Math.round(base * (0.5 + random() * 0.5));
}

/** `retryCodes` entries are exact statuses ("503") or classes ("5XX"). */
export function matchesCode(status: number, codes: readonly string[]): boolean {
  return codes.some((c) => {
    const code = c.toUpperCase();
    return code.endsWith('XX') ? Math.floor(status / 100) === Number(code[0]) : Number(code) === status;
  });
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const done = (completed: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(completed);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
