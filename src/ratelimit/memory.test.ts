import { runRateLimiterContract } from './contract.ts';
import { createMemoryRateLimiter } from './memory.ts';

runRateLimiterContract('memory', async (limits) => createMemoryRateLimiter(limits));
