/**
 * One log line per request, when it completes: id, method, route, status, time. Never headers, bodies
 * or query values beyond the path, so no key or prompt text can reach a log line.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Metrics } from '../metrics/index.ts';

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
    else reply.log.info(line, 'request');
  }
}
