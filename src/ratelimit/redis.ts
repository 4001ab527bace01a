/**
 * Limits shared by every server that points at one Redis; rate-limiter-flexible keeps each update atomic.
 * While Redis does not answer, each limit falls back to an in-process one (rate-limiter-flexible's
 * insurance limiter): requests keep being served and limited, per server instead of across them, and
 * `onFallback` is told once when that starts and once when Redis answers again.
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { FlexibleRateLimiter } from './flexible.ts';
import type { RateLimiter, RateLimits } from './interface.ts';

export interface RedisRateLimiterOptions extends RateLimits {
  url: string;
  /** Namespaces the keys, so tests and deployments sharing one Redis do not collide. */
  keyPrefix?: string;
  /** Told `true` (with the cause) when Redis stops answering, `false` when it answers again. */
  onFallback?: (active: boolean, cause?: string) => void;
}

/** A Redis that hangs rather than refuses must not hold requests: past this, the in-process limit answers. */
const COMMAND_TIMEOUT_MS = 500;

export async function createRedisRateLimiter(options: RedisRateLimiterOptions): Promise<RateLimiter> {
  const redis = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: true,
    commandTimeout: COMMAND_TIMEOUT_MS,
  });
  // Without an error listener ioredis prints each error, with its stack, to stderr ("Unhandled error event").
  let firstError: unknown;
  let connected = false;
  let fallback = false;
  const enterFallback = (cause: string) => {
    if (!connected || fallback) return;
    fallback = true;
    options.onFallback?.(true, cause);
  };
  redis.on('error', (err: unknown) => {
    firstError ??= err;
    enterFallback((err as { code?: string }).code ?? (err instanceof Error ? err.message : String(err)));
  });
  redis.on('close', () => enterFallback('connection closed'));
  redis.on('ready', () => {
    if (fallback) options.onFallback?.(false);
    fallback = false;
  });
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect(); // else it keeps reconnecting and holds the process open
    throw firstError ?? err; // the socket's error (ECONNREFUSED ...) says more than "Connection is closed"
  }
  connected = true;
  const prefix = options.keyPrefix ?? 'taskshare';
  return new FlexibleRateLimiter(
    options,
    (o) =>
      new RateLimiterRedis({
        storeClient: redis,
        ...o,
        keyPrefix: `${prefix}:${o.keyPrefix}`,
        // Used for any call Redis fails (refused, closed, timed out); the next call tries Redis again.
        insuranceLimiter: new RateLimiterMemory(o),
      }),
    async () => {
      if (fallback) throw new Error('Redis is not answering: rate limits are counted per server meanwhile');
      await redis.ping();
    },
    async () => {
      connected = false;
      redis.disconnect();
    },
  );
}
