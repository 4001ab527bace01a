/**
 * The HTTP application: the only layer that knows status codes. Every response, errors included, is
 * JSON in the contract's shape; nothing internal (stack, SQL, paths) ever reaches a client.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ApiError } from '../errors/index.ts';
import { DependencyUnavailableError } from '../store/unavailable.ts';
import type { IngestService } from '../ingest/service.ts';
import type { SnapshotService } from '../snapshots/snapshot.ts';
import type { GuardDeps } from './guard.ts';
import { rawErrorResponse, sendError } from './reply.ts';
import { RequestLog } from './request-log.ts';
import { adminRoutes } from './routes/admin.ts';
import { classificationsRoute } from './routes/classifications.ts';
import { demoRoute, type DemoRouteDeps } from './routes/demo.ts';
import { eventsRoute } from './routes/events.ts';
import { healthRoutes, type HealthDeps } from './routes/health.ts';
import { litellmRoute, type LitellmDeps } from './routes/litellm.ts';
import { otlpRoute } from './routes/otlp.ts';
import { openapiRoutes } from './routes/openapi.ts';

export interface AppDeps extends GuardDeps, HealthDeps, DemoRouteDeps, Pick<LitellmDeps, 'litellmApp'> {
  snapshots: SnapshotService;
  ingest: IngestService;
  logger: Logger;
  maxBodyBytes: number;
  maxEventsPerRequest: number;
  maxRecordBytes: number;
  maxUrlLength: number;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const routeLists = new WeakMap<FastifyInstance, string[]>();

/** `METHOD /path` of every operation the app serves (not the 405 refusals, not HEAD). */
export function servedOperations(app: FastifyInstance): string[] {
  return [...(routeLists.get(app) ?? [])];
}

export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    // pino's Logger type is wider than Fastify's base logger; the instance is the same.
    loggerInstance: deps.logger as unknown as FastifyBaseLogger,
    logController: new RequestLog(deps.metrics),
    // No child logger per request (pino's child() costs on every request): lines name reqId themselves.
    childLoggerFactory: (logger) => logger,
    // An incoming X-Request-Id is kept when it is sane, so a gateway's id follows the request here.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    routerOptions: { maxParamLength: 256 },
    return503OnClosing: true,
    clientErrorHandler: (err: NodeJS.ErrnoException, socket) => {
      // Garbage bytes, oversized headers: Node rejects them before Fastify sees a request.
      if (!socket.writable) return socket.destroy();
      const code = err.code ?? '';
      const response = code === 'HPE_HEADER_OVERFLOW'
        ? rawErrorResponse(431, 'Request Header Fields Too Large', 'Request header fields (or the URL) too large')
        : code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? rawErrorResponse(408, 'Request Timeout', 'Request Timeout')
          : rawErrorResponse(400, 'Bad Request', 'Malformed HTTP request');
      socket.end(response);
    },
  });

  // Hooks in callback style: they run on every request, and avoid a promise each.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    if (request.url.length > deps.maxUrlLength) {
      return done(new ApiError('uriTooLong', `URI Too Long: at most ${deps.maxUrlLength} characters`));
    }
    done();
  });

  app.setErrorHandler((err: FastifyError | ApiError, request, reply) => {
    if (err instanceof ApiError) return sendError(reply, err.status, err.message, err.headers);
    if (err instanceof DependencyUnavailableError) {
      // The database is away: nothing was committed, and the client may retry (ingestion is idempotent).
      request.log.warn({ reqId: request.id, dependency: err.dependency, code: err.causeCode }, 'dependency unavailable');
      return sendError(reply, 503, err.message, { 'retry-after': String(err.retryAfterSeconds) });
    }
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      request.log.error({ reqId: request.id, err: { type: err.name, code: err.code } }, 'request failed');
      return sendError(reply, status, 'Internal Server Error');
    }
    // Fastify's own 4xx (bad JSON, body too large, schema) carry messages meant for clients.
    const message = err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? `Payload Too Large: at most ${deps.maxBodyBytes} bytes` : err.message;
    return sendError(reply, status, message);
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, `Not Found: ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}`));

  // Every served operation, for the test that checks the API description covers them all.
  const routes: string[] = [];
  routeLists.set(app, routes);
  app.addHook('onRoute', (route) => {
    if ((route.config as { refuses?: boolean } | undefined)?.refuses) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
  });

  healthRoutes(app, deps);
  openapiRoutes(app);
  classificationsRoute(app, deps);
  eventsRoute(app, deps);
  litellmRoute(app, deps);
  otlpRoute(app, deps);
  adminRoutes(app, deps);
  demoRoute(app, deps);
  return app;
}
