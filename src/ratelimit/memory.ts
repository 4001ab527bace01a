/** In-process limits: right for one server; use Redis when several servers share keys. */
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { FlexibleRateLimiter } from './flexible.ts';
import type { RateLimiter, RateLimits } from './interface.ts';

export function createMemoryRateLimiter(limits: RateLimits): RateLimiter {
  return new FlexibleRateLimiter(limits, (options) => new RateLimiterMemory(options));
}
