/**
 * Both backends (memory and Redis) come from rate-limiter-flexible and differ only in how they build a
 * limiter object; this class holds the shared logic: which limiter a call spends, refunds on refusal.
 */
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { secondsToUtcMidnight, utcDay } from '../shares/window.ts';
import { INGEST_WINDOW_SECONDS, type RateDecision, type RateLimiter, type RateLimits, type RateSubject } from './interface.ts';

/** Builds one fixed-window limiter: `points` per `duration` seconds, its keys under `keyPrefix`. */
export type LimiterFactory = (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;

export class FlexibleRateLimiter implements RateLimiter {
  private readonly perKey: RateLimiterAbstract;
  private readonly perAccount: RateLimiterAbstract;
  private readonly adminPerKey: RateLimiterAbstract;
  private readonly ingestPerAccount: RateLimiterAbstract;
  private readonly ingestBudget: number;

  constructor(
    private readonly limits: RateLimits,
    make: LimiterFactory,
    private readonly onPing: () => Promise<void> = async () => undefined,
    private readonly onClose: () => Promise<void> = async () => undefined,
  ) {
    // The prefixes 'key' and 'account' are the read limits' since before the other limits existed.
    this.perKey = make({ keyPrefix: 'key', points: limits.perMinute, duration: 60 });
    this.perAccount = make({ keyPrefix: 'account', points: limits.perDay, duration: 86_400 });
    this.adminPerKey = make({ keyPrefix: 'admin', points: limits.adminPerMinute, duration: 60 });
    this.ingestBudget = limits.ingestEventsPerSecond * INGEST_WINDOW_SECONDS;
    this.ingestPerAccount = make({ keyPrefix: 'ingest', points: this.ingestBudget, duration: INGEST_WINDOW_SECONDS });
  }

  async hit(subject: RateSubject, nowMs: number): Promise<RateDecision> {
    const key = await consume(this.perKey, subject.keyId, 1, {});
    if (!key.ok) return refused(this.limits.perMinute, key.res, nowMs);

    // The day is part of the key, so the account's window is the UTC day, not 24 h from its first request.
    const dayKey = `${subject.account}:${utcDay(nowMs)}`;
    const account = await consume(this.perAccount, dayKey, 1, { customDuration: secondsToUtcMidnight(nowMs) });
    if (!account.ok) {
      // A refused request counts against nothing: give the key its point back.
      await this.perKey.reward(subject.keyId, 1);
      return refused(this.limits.perDay, account.res, nowMs);
    }
    const minute = { limit: this.limits.perMinute, res: key.res };
    const day = { limit: this.limits.perDay, res: account.res };
    const binding = day.res.remainingPoints < minute.res.remainingPoints ? day : minute;
    return allowed(binding.limit, binding.res, nowMs);
  }

  async hitAdmin(subject: RateSubject, nowMs: number): Promise<RateDecision> {
    const key = await consume(this.adminPerKey, subject.keyId, 1, {});
    return key.ok ? allowed(this.limits.adminPerMinute, key.res, nowMs) : refused(this.limits.adminPerMinute, key.res, nowMs);
  }

  async takeEvents(subject: RateSubject, events: number, nowMs: number): Promise<RateDecision> {
    // An empty batch still costs one, so requests cannot be free; one larger than the window's
    // whole budget costs all of it (it passes only into a fresh window, instead of never).
    const cost = Math.min(Math.max(1, events), this.ingestBudget);
    const taken = await consume(this.ingestPerAccount, subject.account, cost, {});
    if (taken.ok) return allowed(this.ingestBudget, taken.res, nowMs);
    // The library counted the refused batch; a refused batch is stored nowhere and costs nothing.
    await this.ingestPerAccount.reward(subject.account, cost);
    return refused(this.ingestBudget, taken.res, nowMs);
  }

  ping(): Promise<void> {
    return this.onPing();
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

type Consumed = { ok: true; res: RateLimiterRes } | { ok: false; res: RateLimiterRes };

async function consume(limiter: RateLimiterAbstract, key: string, points: number, options: { customDuration?: number }): Promise<Consumed> {
  try {
    return { ok: true, res: await limiter.consume(key, points, options) };
  } catch (err) {
    // rate-limiter-flexible rejects with a RateLimiterRes when over the limit, and with an Error when
    // its store fails; only the first is a refusal.
    if (err instanceof RateLimiterRes) return { ok: false, res: err };
    throw err;
  }
}

function allowed(limit: number, res: RateLimiterRes, nowMs: number): RateDecision {
  return { allowed: true, limit, remaining: res.remainingPoints, resetAtMs: nowMs + res.msBeforeNext, retryAfterSeconds: 0 };
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
