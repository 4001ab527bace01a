/**
 * Liveness, readiness and metrics: no key needed for the first two, and none counts against a limit.
 * /readyz names the part that fails (store, redis) with a 503; a check that resolves to a string is a
 * degraded part (Redis away: limits per server), reported with a 200.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from '../../metrics/index.ts';
import { type GuardDeps, guard } from '../guard.ts';
import { sendError, sendJson } from '../reply.ts';
import { onlyMethods } from './methods.ts';

export interface HealthDeps extends GuardDeps {
  /** Each check resolves (to a string when the part is degraded, to anything else when it is fine) or rejects. */
  checks: Record<string, () => Promise<unknown>>;
  metrics: Metrics;
  /** 'open': anyone; 'loopback': open to loopback clients, an admin key otherwise; 'key': an admin key always. */
  metricsAccess: 'open' | 'loopback' | 'key';
  checkTimeoutMs?: number;
}

// request.ip is the connection's peer unless TASKSHARE_TRUST_PROXY names proxies: behind a trusted
// proxy, the client it forwards for decides, so /metrics is not open to everyone through it.
const isLoopback = (request: FastifyRequest) => /^(127\.|::1$|::ffff:127\.)/.test(request.ip ?? '');

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);
}

export function healthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  app.get('/healthz', async (_request, reply) => sendJson(reply, 200, { status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const results = await Promise.all(
      Object.entries(deps.checks).map(async ([name, check]) => {
        try {
          const degraded = await withTimeout(check(), deps.checkTimeoutMs ?? 2_000);
          return [name, typeof degraded === 'string' ? degraded : 'ok'] as const;
        } catch {
          return [name, 'failing'] as const;
        }
      }),
    );
    const failing = results.filter(([, s]) => s === 'failing').map(([n]) => n);
    if (failing.length > 0) return sendError(reply, 503, `Not ready: ${failing.join(', ')} not answering`, { 'retry-after': '5' });
    return sendJson(reply, 200, { status: 'ready', checks: Object.fromEntries(results) });
  });
  const adminOnly = guard(deps, 'admin', 'admin');
  app.get(
    '/metrics',
    {
      onRequest: (request, reply, done) => {
        if (deps.metricsAccess === 'open' || (deps.metricsAccess === 'loopback' && isLoopback(request))) return done();
        adminOnly(request, reply).then(() => done(), done);
      },
    },
    async (_request, reply) => {
      reply.header('content-type', deps.metrics.registry.contentType);
      return deps.metrics.registry.metrics();
    },
  );
  for (const url of ['/healthz', '/readyz', '/metrics']) onlyMethods(app, url, ['GET', 'HEAD']);
}
