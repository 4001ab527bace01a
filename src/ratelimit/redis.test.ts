// test-needs: redis
import { randomUUID } from 'node:crypto';
import { describe } from 'node:test';
import { servicesMissing } from '../../test/helpers/services.ts';
import { runRateLimiterContract } from './contract.ts';
import { createRedisRateLimiter } from './redis.ts';

// The real Redis this machine runs (CI too); each limiter gets its own key prefix.
const url = process.env.TASKSHARE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// Outside CI, without a Redis to talk to, the suite says so and skips; under CI=true it runs.
const missing = await servicesMissing({ redis: true });
describe('Redis rate limiter', { skip: missing }, () => {
  runRateLimiterContract('redis', (limits) => createRedisRateLimiter({ ...limits, url, keyPrefix: `test:${randomUUID()}` }));
});
