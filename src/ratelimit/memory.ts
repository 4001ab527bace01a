/** In-process limits: right for one server; use Redis when several servers share keys. */
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { RateLimiter, RateLimits } from './interface.ts';
import { FlexibleRateLimiter } from './flexible.ts';

export function createMemoryRateLimiter(limits: RateLimits): RateLimiter {
  return new FlexibleRateLimiter(limits, (options) => new RateLimiterMemory(options));
}
