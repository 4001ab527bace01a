/**
 * Authentication, rate limiting and scopes, in that order, as one onRequest hook per route: it runs
 * before the body is read, so a refused request never gets its body buffered. Each route names the
 * limit it spends (the read endpoint's, the admin API's; ingestion spends events, which only its route
 * can count, so it calls `enforce` itself). Every authenticated request counts against its limit
 * whatever its outcome (a 403 too, but on the ingest routes, where a refused request has no events
 * counted yet); a 401 counts against nothing, since there is no key to count it on, but against the
 * client address's failed-auth throttle.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KeyService } from '../auth/keys.ts';
import type { AuthThrottle } from '../auth/throttle.ts';
import { ApiError } from '../errors/index.ts';
import type { RateDecision, RateLimiter } from '../ratelimit/interface.ts';
import type { ApiKeyRecord, Scope } from '../store/interface.ts';

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: ApiKeyRecord;
  }
}

export interface GuardDeps {
  keys: KeyService;
  limiter: RateLimiter;
  now: () => number;
  /** Failed authentications per client address (`request.ip`, which honours the trusted proxies). */
  authThrottle?: AuthThrottle;
  /** Told of every refusal, for metrics. */
  onRateLimited?: () => void;
}

/** The raw values of a header: Node keeps only the first Authorization, and a doubled one is a bad request. */
function headerValues(request: FastifyRequest, name: string): string[] {
  const raw = request.raw.rawHeaders;
  const values: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) values.push(raw[i + 1]!);
  return values;
}

/** Which limit a route spends: see RateLimiter. 'ingest' spends nothing here (its route spends events). */
export type LimitKind = 'read' | 'admin' | 'ingest';

/** Sets the rate-limit headers of a decision and refuses with a 429 when it is not allowed. */
export function enforce(deps: GuardDeps, reply: FastifyReply, decision: RateDecision): void {
  reply.headers({
    'x-ratelimit-limit': String(decision.limit),
    'x-ratelimit-remaining': String(decision.remaining),
    'x-ratelimit-reset': String(decision.resetAtMs),
  });
  if (!decision.allowed) {
    deps.onRateLimited?.();
    throw new ApiError('rateLimited', undefined, { 'retry-after': String(decision.retryAfterSeconds) });
  }
}

/**
 * `anonymousRead`: a request without Authorization is let through as a reader (never more than the
 * read scope), counted per client address against the read limits as a key would be. For the public
 * rankings page; a request that does send a key is checked as always.
 */
export function guard(deps: GuardDeps, scope: Scope, limit: LimitKind, options: { anonymousRead?: boolean } = {}) {
  const anonymous = options.anonymousRead === true && scope === 'read' && limit === 'read';
  return async function checkKey(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const values = headerValues(request, 'authorization');
    if (values.length > 1) throw new ApiError('badRequest', 'Invalid request: more than one Authorization header');
    if (values.length === 0 && anonymous) {
      const address = `anonymous:${request.ip}`;
      enforce(deps, reply, await deps.limiter.hit({ keyId: address, account: address }, deps.now()));
      return;
    }
    if (values.length === 0) throw new ApiError('missingAuth');
    const now = deps.now();
    const throttled = deps.authThrottle?.retryAfterSeconds(request.ip, now) ?? 0;
    // A throttled address still reaches the keys already known valid (no store lookup), so a flood of
    // bad keys from a shared address does not lock out its real clients.
    const auth = throttled > 0 ? deps.keys.authenticateCached(values[0]) : await deps.keys.authenticate(values[0]);
    if (auth === undefined) {
      deps.onRateLimited?.();
      throw new ApiError('rateLimited', 'Too many failed authentications from this address', { 'retry-after': String(throttled) });
    }
    if (auth.kind !== 'valid') {
      if (auth.kind !== 'missing') deps.authThrottle?.failed(request.ip, now);
      throw new ApiError(auth.kind === 'missing' ? 'missingAuth' : auth.kind === 'malformed' ? 'invalidAuth' : 'invalidKey');
    }

    const subject = { keyId: auth.key.id, account: auth.key.account };
    if (limit === 'read') enforce(deps, reply, await deps.limiter.hit(subject, now));
    if (limit === 'admin') enforce(deps, reply, await deps.limiter.hitAdmin(subject, now));
    if (!auth.key.scopes.includes(scope)) {
      throw new ApiError('forbidden', `This API key lacks the "${scope}" scope`);
    }
    request.apiKey = auth.key;
  };
}
