/**
 * One log line per request, when it completes: id, method, route, status, time. Never headers, bodies
 * or query values beyond the path, so no key or prompt text can reach a log line.
 */
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Metrics } from '../metrics/index.ts';

// Probes arrive every few seconds from load balancers and Prometheus: at info they would drown the log.
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export class RequestLog extends LogController {
  constructor(private readonly metrics?: Pick<Metrics, 'request'>) {
    super();
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      reqId: request.id,
      method: request.method,
      path: request.url.split('?', 1)[0]!.slice(0, 200),
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 100) / 100,
    };
    this.metrics?.request(line.route ?? 'unmatched', line.method, line.status, reply.elapsedTime / 1000);
    if (error) reply.log.error({ ...line, err: { type: error.name } }, 'request errored');
    else if (reply.statusCode < 400 && PROBES.has(line.route ?? '')) reply.log.debug(line, 'request');
    else reply.log.info(line, 'request');
  }
}
