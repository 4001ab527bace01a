/**
 * The one wiring place: configuration in, concrete adapters built, services given their interfaces,
 * the HTTP server started. Nothing else names DuckDB, Redis or the built-in classifier.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { bootstrap } from './auth/bootstrap.ts';
import { KeyService } from './auth/keys.ts';
import { AuthThrottle } from './auth/throttle.ts';
import { classifierOptions } from './classify/from-config.ts';
import { createClassifier } from './classify/index.ts';
import { startClassifierPool } from './classify/pool/from-config.ts';
import type { ClassifierPool } from './classify/pool/pool.ts';
import { committedCorrection } from './classify/weights.ts';
import type { Config } from './config/index.ts';
import { DEMO_EVENTS } from './demo/generate.ts';
import { prepareDemo, removeDemo } from './demo/lifecycle.ts';
import { listenFailure, redisFailure, step, storeFailure } from './errors/startup.ts';
import { buildApp } from './http/app.ts';
import { IngestService } from './ingest/service.ts';
import { Metrics } from './metrics/index.ts';
import type { RateLimiter } from './ratelimit/interface.ts';
import { createMemoryRateLimiter } from './ratelimit/memory.ts';
import { addDays, utcDay } from './shares/window.ts';
import { SnapshotService } from './snapshots/snapshot.ts';
import { TaskshareService } from './snapshots/taskshare.ts';
import { DuckDbStore } from './store/duckdb/duckdb-store.ts';
import type { Store } from './store/interface.ts';
import { makePrivateDir } from './util/private-dir.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  store: Store;
  logger: Logger;
  /**
   * Created at first start; kept in `<data>/read.key` and printed at every start. Undefined on a
   * shared store whose keys another server made (see auth/bootstrap.ts).
   */
  readKey: string | undefined;
  adminKey: string | undefined;
  /** Whether the rankings page (at `url`/) reads without a key: TASKSHARE_PUBLIC_RANKINGS resolved. */
  publicRankings: boolean;
  /** The classifier's worker threads, when configured (tests crash a worker through it). */
  classifierPool?: ClassifierPool;
  /** Stops accepting, lets in-flight requests finish (bounded by the shutdown timeout), closes the store. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Where log lines go; stdout by default. */
  logDestination?: pino.DestinationStream;
  /** Overrides for tests: the clock. */
  now?: () => number;
}

const LOG_FLUSH_MS = 250;

/** TASKSHARE_PUBLIC_RANKINGS: `auto` is public only on a loopback address, where only this machine can read. */
export function rankingsArePublic(config: Pick<Config, 'publicRankings' | 'host'>): boolean {
  if (config.publicRankings !== 'auto') return config.publicRankings === 'true';
  return /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i.test(config.host);
}

function flushLogs(destination: unknown, sync: boolean): void {
  const d = destination as { flush?: () => void; flushSync?: () => void };
  try {
    if (sync) d.flushSync?.();
    else d.flush?.();
  } catch {
    // Nothing buffered, or the stream is not open yet: nothing to lose.
  }
}

async function buildRateLimiter(config: Config, onFallback: (active: boolean, cause?: string) => void): Promise<RateLimiter> {
  const limits = {
    perMinute: config.rateLimitPerMinute,
    perDay: config.rateLimitPerDay,
    adminPerMinute: config.adminRateLimitPerMinute,
    ingestEventsPerSecond: config.ingestEventsPerSecond,
  };
  if (!config.redisUrl) return createMemoryRateLimiter(limits);
  // Imported only when configured: a server without Redis never loads ioredis.
  const { createRedisRateLimiter } = await import('./ratelimit/redis.ts');
  return createRedisRateLimiter({ ...limits, url: config.redisUrl, keyPrefix: config.redisPrefix, onFallback });
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const now = options.now ?? Date.now;
  // Buffered: a busy server makes one write per 4 KiB of lines, not one per request (a write per line
  // costs more than the line). A quiet server's lines wait at most LOG_FLUSH_MS. Flushed on close.
  const destination = options.logDestination ?? pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const logFlush = setInterval(() => flushLogs(destination, false), LOG_FLUSH_MS);
  logFlush.unref();
  const logger = pino({ level: config.logLevel, base: { service: 'taskshare' } }, destination);
  // What start-up has opened so far, undone in reverse when a later step fails, so a failed start
  // leaves no store, connection, worker or timer behind.
  const opened: Array<() => unknown> = [() => clearInterval(logFlush)];
  const abort = async (err: unknown): Promise<never> => {
    for (const undo of opened.reverse())
      await Promise.resolve()
        .then(undo)
        .catch(() => undefined);
    throw err;
  };
  try {
    makePrivateDir(config.dataDir);
  } catch (err) {
    return abort(err);
  }
  const store: Store = await step<Store>(
    () =>
      config.store === 'postgres'
        ? import('./store/postgres/postgres-store.ts').then((m) =>
            m.PostgresStore.open({ url: config.databaseUrl, schema: config.pgSchema }),
          )
        : DuckDbStore.open({
            dataDir: config.dataDir,
            memoryLimit: config.duckdbMemoryLimit,
            memoryLimitMax: config.duckdbMemoryLimitMax,
            onMemoryLimitRaised: (bytes) =>
              logger.warn({ memoryLimitMB: Math.round(bytes / 1_048_576) }, "an insert did not fit in DuckDB's memory limit: raised it"),
          }),
    (err) => storeFailure(config.store, config.store === 'postgres' ? config.databaseUrl : config.dataDir, err),
  ).catch(abort);
  opened.push(() => store.close());
  const metrics = new Metrics();
  // Logged once per outage, not per request; the gauge and /readyz show it meanwhile.
  const onLimiterFallback = (active: boolean, cause?: string) => {
    metrics.rateLimitFallback(active);
    if (active) logger.warn({ cause }, "Redis is not answering: rate limits are counted in this server's memory until it answers again");
    else logger.info('Redis answers again: rate limits are shared again');
  };
  const limiter = await step(
    () => buildRateLimiter(config, onLimiterFallback),
    (err) => redisFailure(config.redisUrl, err),
  ).catch(abort);
  opened.push(() => limiter.close());
  const keys = new KeyService(store, { cacheTtlMs: config.keyCacheMs });
  const { adminKey, readKey, userHashKey } = await bootstrap(config.dataDir, keys, store).catch(abort);
  if (store.memoryBytes) metrics.watchStoreMemory(() => store.memoryBytes!());
  // The built-in model on worker threads (none: on this thread); stopped after the HTTP server.
  const pool = await startClassifierPool(config, (e) => logger.error(e, 'a classifier worker died; its work is retried')).catch(abort);
  opened.push(() => pool?.close());
  const snapshots = new SnapshotService({
    store,
    topModels: config.topModels,
    minUsers: config.minUsers,
    now,
    versionCheckMs: config.snapshotCheckMs,
    // Shared store: answers follow any server's writes within the check interval, so this server's own
    // writes need not recompute more often than that under continuous ingest.
    minRecomputeMs: store.shared ? config.snapshotCheckMs : 0,
    onComputed: (s) => metrics.snapshotComputed(s),
  });
  const taskshare = new TaskshareService({
    store,
    topModels: config.topModels,
    sampleRate: config.sampleRate,
    confidenceLevel: config.confidenceLevel,
    minUsers: config.minUsers,
    correction: committedCorrection(),
  });
  const ingest = new IngestService({
    store,
    classifier: createClassifier({ ...classifierOptions(config), builtin: pool }),
    sampleRate: config.sampleRate,
    retentionDays: config.retentionDays, // older events are refused: pruning would forget their ids
    userHashKey,
    onCommit: () => snapshots.invalidate(),
    metrics,
    now,
    maxInFlight: Math.max(64, 2 * config.llmConcurrency, 2 * (pool?.capacity ?? 0)),
  });

  // Raw events older than the retention are dropped (their rollups stay); ids older than that are
  // no longer recognised as duplicates, as docs/api.md says. The demo's stay, so that removing it
  // subtracts exactly what it added to the rollups.
  const prune = async () => {
    const removed = await store.pruneEvents(addDays(utcDay(now()), -config.retentionDays), DEMO_EVENTS);
    if (removed > 0) logger.info({ removed }, 'pruned raw events past the retention');
  };
  await prune().catch(abort);
  const pruning = setInterval(
    () => void prune().catch((err: Error) => logger.error({ err: { type: err.name } }, 'pruning failed')),
    6 * 3_600_000,
  );
  pruning.unref();
  opened.push(() => clearInterval(pruning));

  await prepareDemo(config.demo, config.store === 'duckdb', { store, ingest, logger, now, maxDays: config.retentionDays }).catch(abort);

  const app = buildApp({
    keys,
    limiter,
    now,
    snapshots,
    taskshare,
    ingest,
    logger,
    metrics,
    onRateLimited: () => metrics.rateLimited(),
    removeDemo: async () => {
      const removed = await removeDemo(store);
      snapshots.invalidate();
      return removed;
    },
    // Behind a reverse proxy every client can look like loopback (a proxy on this host): then a key.
    metricsAccess: config.metricsAccess === 'loopback' && config.trustProxy !== false ? 'key' : config.metricsAccess,
    // Without Redis the server still serves (limits per server), so that is reported, not a failure.
    checks: config.redisUrl
      ? {
          store: () => store.ping(),
          redis: () =>
            limiter.ping().then(
              () => undefined,
              () => 'degraded: not answering, limits are per server',
            ),
        }
      : { store: () => store.ping() },
    maxBodyBytes: config.maxBodyBytes,
    maxEventsPerRequest: config.maxEventsPerRequest,
    maxRecordBytes: config.maxRecordBytes,
    maxUrlLength: config.maxUrlLength,
    litellmApp: config.litellmApp,
    authThrottle: config.authFailuresPerMinute > 0 ? new AuthThrottle({ failuresPerMinute: config.authFailuresPerMinute }) : undefined,
    connections: {
      headersTimeoutMs: config.headersTimeoutMs,
      requestTimeoutMs: config.requestTimeoutMs,
      keepAliveTimeoutMs: config.keepAliveTimeoutMs,
      maxConnections: config.maxConnections,
    },
    trustProxy: config.trustProxy,
    corsOrigins: config.corsOrigins,
    publicRankings: rankingsArePublic(config),
    deploymentName: config.deploymentName,
  });
  await step(
    () => app.listen({ port: config.port, host: config.host }),
    (err) => listenFailure(config.host, config.port, err),
  ).catch(async (err: unknown) => {
    await app.close().catch(() => undefined);
    return abort(err);
  });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info(
    { url, dataDir: config.dataDir, store: config.store, rateLimiter: config.redisUrl ? 'redis' : 'memory' },
    'taskshare listening',
  );
  flushLogs(destination, true); // the start lines are out before the first request is served

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(pruning);
      const timer = setTimeout(() => app.server.closeAllConnections(), config.shutdownTimeoutMs);
      await app.close();
      clearTimeout(timer);
      await pool?.close();
      await store.close();
      await limiter.close();
      logger.info('taskshare stopped');
      clearInterval(logFlush);
      flushLogs(destination, true);
    })());

  return { app, url, store, logger, readKey, adminKey, publicRankings: rankingsArePublic(config), classifierPool: pool, close };
}
