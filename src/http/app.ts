/**
 * The HTTP application: the only layer that knows status codes. Every response, errors included, is
 * JSON in the contract's shape; nothing internal (stack, SQL, paths) ever reaches a client.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ApiError } from '../errors/index.ts';
import type { IngestService } from '../ingest/service.ts';
import type { SnapshotService } from '../snapshots/snapshot.ts';
import type { TaskshareService } from '../snapshots/taskshare.ts';
import { DependencyUnavailableError } from '../store/unavailable.ts';
import type { GuardDeps } from './guard.ts';
import { answerInContractShape, clientErrorHandler, continueAfterGuard } from './node-answers.ts';
import { sendError } from './reply.ts';
import { RequestLog } from './request-log.ts';
import { adminRoutes } from './routes/admin.ts';
import { classificationsRoute } from './routes/classifications.ts';
import { type DemoRouteDeps, demoRoute } from './routes/demo.ts';
import { eventsRoute } from './routes/events.ts';
import { type HealthDeps, healthRoutes } from './routes/health.ts';
import { type LitellmDeps, litellmRoute } from './routes/litellm.ts';
import { openapiRoutes } from './routes/openapi.ts';
import { otlpRoute } from './routes/otlp.ts';
import { type PageDeps, pageRoutes } from './routes/page.ts';
import { taskshareRoutes } from './routes/taskshare.ts';

export interface AppDeps extends GuardDeps, HealthDeps, DemoRouteDeps, Pick<LitellmDeps, 'litellmApp'>, PageDeps {
  snapshots: SnapshotService;
  /** taskshare's own read API (windows, dates, history). */
  taskshare: TaskshareService;
  ingest: IngestService;
  logger: Logger;
  maxBodyBytes: number;
  maxEventsPerRequest: number;
  maxRecordBytes: number;
  maxUrlLength: number;
  connections: ConnectionLimits;
  /** Fastify's `trustProxy`: which proxies' X-Forwarded-For decides `request.ip`. */
  trustProxy: boolean | string;
  /** `*`, `none` or a comma-separated list: who may call the classifications endpoint from a browser. */
  corsOrigins: string;
}

/** How long a client may take, and how many may be connected: see "Request limits and timeouts" in docs/api.md. */
export interface ConnectionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const MAX_PARAM_LENGTH = 256;

const routeLists = new WeakMap<FastifyInstance, string[]>();

/** `METHOD /path` of every operation the app serves (not the 405 refusals, not HEAD). */
export function servedOperations(app: FastifyInstance): string[] {
  return [...(routeLists.get(app) ?? [])];
}

const notFound = (request: FastifyRequest) =>
  new ApiError('notFound', `Not Found: ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}`);

export function buildApp(deps: AppDeps): FastifyInstance {
  // Node requires headersTimeout <= requestTimeout, and checks both every connectionsCheckingInterval
  // (30 s by default), so that interval is a fraction of the shorter one.
  const headersTimeout = Math.min(deps.connections.headersTimeoutMs, deps.connections.requestTimeoutMs);
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
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    trustProxy: deps.trustProxy,
    // Headers must arrive within headersTimeout, the whole request within requestTimeout (408 then).
    requestTimeout: deps.connections.requestTimeoutMs,
    keepAliveTimeout: deps.connections.keepAliveTimeoutMs,
    http: {
      headersTimeout,
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeout / 4))),
      // Node would answer a missing Host with an empty 400; the onRequest hook below answers instead.
      requireHostHeader: false,
    },
    // Fastify's own 503 while closing has its own body shape; the closing hook below answers instead.
    return503OnClosing: false,
    // A bad URL or an overlong path parameter: Fastify answers before routing, with its own shape.
    frameworkErrors: (err, request, reply) => {
      reply.header('x-request-id', request.id).header('connection', 'close');
      const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
      const message =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? `URI Too Long: a path segment is longer than ${MAX_PARAM_LENGTH} characters`
          : 'Bad Request: the URL is not valid';
      sendError(reply, status, message);
    },
    clientErrorHandler,
  });
  app.server.maxConnections = deps.connections.maxConnections;
  answerInContractShape(app.server);

  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  // Hooks in callback style: they run on every request, and avoid a promise each.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    if (closing) return done(new ApiError('unavailable', 'Service Unavailable: the server is shutting down'));
    if (request.url.length > deps.maxUrlLength) {
      return done(new ApiError('uriTooLong', `URI Too Long: at most ${deps.maxUrlLength} characters`));
    }
    if (request.headers.host === undefined && request.raw.httpVersionMajor === 1 && request.raw.httpVersionMinor >= 1) {
      return done(new ApiError('badRequest', 'Bad Request: HTTP/1.1 requires a Host header'));
    }
    // Refused here, before any body is read (the not-found route would otherwise read one).
    if (request.is404) return done(notFound(request));
    done();
  });

  app.addHook('preParsing', continueAfterGuard);

  app.setErrorHandler((err: FastifyError | ApiError, request, reply) => {
    // A refusal before the whole body arrived: the connection closes after the answer, so the rest of
    // the body is neither buffered nor waited for.
    if (!request.raw.complete || closing) reply.header('connection', 'close');
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
    const message =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? `Payload Too Large: at most ${deps.maxBodyBytes} bytes${request.headers['content-encoding'] ? ' once decompressed' : ''}`
        : err.message;
    return sendError(reply, status, message);
  });
  app.setNotFoundHandler((request, reply) => {
    const err = notFound(request);
    sendError(reply, err.status, err.message);
  });

  // Every served operation, for the test that checks the API description covers them all.
  const routes: string[] = [];
  routeLists.set(app, routes);
  app.addHook('onRoute', (route) => {
    // The rankings page's routes are a page, not API operations.
    const config = route.config as { refuses?: boolean; preflight?: boolean; page?: boolean } | undefined;
    if (config?.refuses || config?.preflight || config?.page) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
  });

  healthRoutes(app, deps);
  openapiRoutes(app);
  classificationsRoute(app, deps);
  taskshareRoutes(app, deps);
  eventsRoute(app, deps);
  litellmRoute(app, deps);
  otlpRoute(app, deps);
  adminRoutes(app, deps);
  demoRoute(app, deps);
  pageRoutes(app, deps);
  return app;
}
