/**
 * The rate-limit seam: one call per authenticated request, counting against the key's per-minute
 * limit and its account's per-UTC-day limit. A request refused here counts against neither.
 *
 * @example
 * const d = await limiter.hit({ keyId: 'key_1', account: 'acme' }, Date.now());
 * if (!d.allowed) reply 429 with Retry-After: d.retryAfterSeconds
 */
export interface RateSubject {
  keyId: string;
  account: string;
}

export interface RateDecision {
  allowed: boolean;
  /** The limit that binds now: the refusing one, or the one with fewer requests left. */
  limit: number;
  remaining: number;
  /** Epoch milliseconds when that limit's window resets. */
  resetAtMs: number;
  /** Whole seconds to wait before retrying; 0 when allowed. */
  retryAfterSeconds: number;
}

export interface RateLimits {
  perMinute: number;
  perDay: number;
}

export interface RateLimiter {
  hit(subject: RateSubject, nowMs: number): Promise<RateDecision>;
  /** Resolves when the backend answers; for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
