/** Answers the methods a path does not serve with 405 and an Allow header, instead of Fastify's 404. */
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { ApiError } from '../../errors/index.ts';

const ALL: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export function onlyMethods(app: FastifyInstance, url: string, allowed: HTTPMethods[]): void {
  const others = ALL.filter((m) => !allowed.includes(m));
  app.route({
    method: others,
    url,
    config: { refuses: true },
    // Refused in onRequest, before any body is read.
    onRequest: (request, _reply, done) => {
      done(
        new ApiError('methodNotAllowed', `Method ${request.method} is not allowed here; allowed: ${allowed.join(', ')}`, {
          allow: allowed.join(', '),
        }),
      );
    },
    handler: async () => undefined,
  });
}
