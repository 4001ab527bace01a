/**
 * Both backends (memory and Redis) come from rate-limiter-flexible and differ only in the limiter
 * objects they build; this class holds the shared logic: key first, then account, refund on refusal.
 */
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { secondsToUtcMidnight, utcDay } from '../shares/window.ts';
import type { RateDecision, RateLimiter, RateLimits, RateSubject } from './interface.ts';

export class FlexibleRateLimiter implements RateLimiter {
  constructor(
    private readonly limits: RateLimits,
    private readonly perKey: RateLimiterAbstract,
    private readonly perAccount: RateLimiterAbstract,
    private readonly onPing: () => Promise<void> = async () => undefined,
    private readonly onClose: () => Promise<void> = async () => undefined,
  ) {}

  async hit(subject: RateSubject, nowMs: number): Promise<RateDecision> {
    const key = await consume(this.perKey, subject.keyId, {});
    if (!key.ok) return refused(this.limits.perMinute, key.res, nowMs);

    // The day is part of the key, so the account's window is the UTC day, not 24 h from its first request.
    const dayKey = `${subject.account}:${utcDay(nowMs)}`;
    const account = await consume(this.perAccount, dayKey, { customDuration: secondsToUtcMidnight(nowMs) });
    if (!account.ok) {
      // A refused request counts against nothing: give the key its point back.
      await this.perKey.reward(subject.keyId, 1);
      return refused(this.limits.perDay, account.res, nowMs);
    }
    const minute = { limit: this.limits.perMinute, res: key.res };
    const day = { limit: this.limits.perDay, res: account.res };
    const binding = day.res.remainingPoints < minute.res.remainingPoints ? day : minute;
    return {
      allowed: true,
      limit: binding.limit,
      remaining: binding.res.remainingPoints,
      resetAtMs: nowMs + binding.res.msBeforeNext,
      retryAfterSeconds: 0,
    };
  }

  ping(): Promise<void> {
    return this.onPing();
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

type Consumed = { ok: true; res: RateLimiterRes } | { ok: false; res: RateLimiterRes };

async function consume(limiter: RateLimiterAbstract, key: string, options: { customDuration?: number }): Promise<Consumed> {
  try {
    return { ok: true, res: await limiter.consume(key, 1, options) };
  } catch (err) {
    // rate-limiter-flexible rejects with a RateLimiterRes when over the limit, and with an Error when
    // its store fails; only the first is a refusal.
    if (err instanceof RateLimiterRes) return { ok: false, res: err };
    throw err;
  }
}

function refused(limit: number, res: RateLimiterRes, nowMs: number): RateDecision {
  return {
    allowed: false,
    limit,
    remaining: 0,
    resetAtMs: nowMs + res.msBeforeNext,
    retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  };
}
