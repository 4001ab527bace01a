/**
 * Failed authentications per client address, so a flood of bad keys costs one cheap check each instead
 * of a hash and a store lookup. A fixed one-minute window per address; past the limit the address is
 * refused until its window ends. The addresses live in an LRU, so a flood from many addresses evicts
 * the oldest windows instead of growing without bound.
 *
 * @example
 * const throttle = new AuthThrottle({ failuresPerMinute: 20 });
 * if (throttle.retryAfterSeconds(ip, Date.now()) > 0) refuse429();
 * else if (!authenticated) throttle.failed(ip, Date.now());
 */
import { LRUCache } from 'lru-cache';

export interface AuthThrottleOptions {
  failuresPerMinute: number;
  /** Addresses tracked at once (100,000 by default: a few MB). */
  maxAddresses?: number;
}

const WINDOW_MS = 60_000;

export class AuthThrottle {
  private readonly windows: LRUCache<string, { failures: number; endsAt: number }>;

  constructor(private readonly options: AuthThrottleOptions) {
    this.windows = new LRUCache({ max: options.maxAddresses ?? 100_000 });
  }

  /** Seconds until `address` may try again; 0 when it may now. Synchronous: it runs on every request. */
  retryAfterSeconds(address: string, now: number): number {
    const w = this.windows.peek(address);
    if (w === undefined || w.endsAt <= now || w.failures < this.options.failuresPerMinute) return 0;
    return Math.max(1, Math.ceil((w.endsAt - now) / 1000));
  }

  failed(address: string, now: number): void {
    const w = this.windows.get(address);
    if (w === undefined || w.endsAt <= now) this.windows.set(address, { failures: 1, endsAt: now + WINDOW_MS });
    else w.failures += 1;
  }
}
