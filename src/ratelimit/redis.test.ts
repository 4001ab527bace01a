import { randomUUID } from 'node:crypto';
import { runRateLimiterContract } from './contract.ts';
import { createRedisRateLimiter } from './redis.ts';

// The real Redis this machine runs (CI too); each limiter gets its own key prefix.
const url = process.env.TASKSHARE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
runRateLimiterContract('redis', (limits) => createRedisRateLimiter({ ...limits, url, keyPrefix: `test:${randomUUID()}` }));
