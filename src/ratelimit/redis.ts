/** Limits shared by every server that points at one Redis; rate-limiter-flexible keeps each update atomic. */
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { RateLimiter, RateLimits } from './interface.ts';
import { FlexibleRateLimiter } from './flexible.ts';

export interface RedisRateLimiterOptions extends RateLimits {
  url: string;
  /** Namespaces the keys, so tests and deployments sharing one Redis do not collide. */
  keyPrefix?: string;
}

export async function createRedisRateLimiter(options: RedisRateLimiterOptions): Promise<RateLimiter> {
  const redis = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
  // Errors surface on the calls that meet them (a 5xx, a failing /readyz); without a listener ioredis
  // would print each one, with its stack, to stderr.
  let firstError: unknown;
  redis.on('error', (err: unknown) => { firstError ??= err; });
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect(); // else it keeps reconnecting and holds the process open
    throw firstError ?? err; // the socket's error (ECONNREFUSED ...) says more than "Connection is closed"
  }
  const prefix = options.keyPrefix ?? 'taskshare';
  return new FlexibleRateLimiter(
    options,
    (o) => new RateLimiterRedis({ storeClient: redis, ...o, keyPrefix: `${prefix}:${o.keyPrefix}` }),
    async () => { await redis.ping(); },
    async () => { redis.disconnect(); },
  );
}
