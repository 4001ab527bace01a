/**
 * The rate-limit seam, one limit per kind of call:
 * - `hit`: the read endpoint (`GET /classifications/task`), the contract's limits: per key per
 *   minute and per account per UTC day. A request refused here counts against neither.
 * - `hitAdmin`: the admin API, per key per minute, so an account that spent its reads still
 *   administers its keys.
 * - `takeEvents`: ingestion, in events per account, so a gateway's batches cost what they carry and
 *   never touch the read limits. A batch over the remaining budget is refused whole and costs nothing.
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
  /** The limit that binds now: the refusing one, or the one with fewer requests (events) left. */
  limit: number;
  remaining: number;
  /** Epoch milliseconds when that limit's window resets. */
  resetAtMs: number;
  /** Whole seconds to wait before retrying; 0 when allowed. */
  retryAfterSeconds: number;
}

export interface RateLimits {
  /** Read endpoint: requests per minute per key. */
  perMinute: number;
  /** Read endpoint: requests per UTC day per account. */
  perDay: number;
  /** Admin API: requests per minute per key. */
  adminPerMinute: number;
  /** Ingestion: events per second per account, counted over a window of INGEST_WINDOW_SECONDS. */
  ingestEventsPerSecond: number;
}

/**
 * The ingest budget is counted per minute (eventsPerSecond x 60), so one batch of up to a minute's
 * worth fits; a batch larger than the whole window waits for a fresh window and takes all of it.
 */
export const INGEST_WINDOW_SECONDS = 60;

export interface RateLimiter {
  hit(subject: RateSubject, nowMs: number): Promise<RateDecision>;
  hitAdmin(subject: RateSubject, nowMs: number): Promise<RateDecision>;
  takeEvents(subject: RateSubject, events: number, nowMs: number): Promise<RateDecision>;
  /** Resolves when the backend answers; for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
