/**
 * Every setting of taskshare, in one place: its environment variable, its flag, its schema, its default.
 * `loadConfig` (index.ts) parses them once at start; nothing else reads `process.env`.
 */
import { z } from 'zod';

export interface Setting<S extends z.ZodType = z.ZodType> {
  env: string;
  flag: string;
  schema: S;
  description: string;
  /** Shown masked by `taskshare config`. */
  secret?: boolean;
}

const setting = <S extends z.ZodType>(s: Setting<S>): Setting<S> => s;

/**
 * DuckDB's memory sizes: 64MB (1000^2 bytes), 1GiB (1024^3). The defaults below repeat the store's
 * own: importing them would load DuckDB's native library before the serve command sets its allocator.
 */
const MEMORY_SIZE = /^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i;
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const bool = () =>
  z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
    .transform((v) => (typeof v === 'boolean' ? v : ['true', '1', 'yes'].includes(v)));

export const SETTINGS = {
  port: setting({
    env: 'PORT',
    flag: 'port',
    schema: int(0, 65535).default(8080),
    description: 'TCP port to listen on (0 picks a free one)',
  }),
  host: setting({ env: 'HOST', flag: 'host', schema: z.string().min(1).default('127.0.0.1'), description: 'Address to bind' }),
  dataDir: setting({
    env: 'TASKSHARE_DATA_DIR',
    flag: 'data',
    schema: z.string().min(1).default('./data'),
    description: 'Directory of the embedded DuckDB store and admin.key',
  }),
  duckdbMemoryLimit: setting({
    env: 'TASKSHARE_DUCKDB_MEMORY_LIMIT',
    flag: 'duckdb-memory-limit',
    schema: z.string().regex(MEMORY_SIZE).default('64MB'),
    description:
      "DuckDB's buffer pool to start with; past it, DuckDB evicts table and index blocks to its file, and an insert that still does " +
      'not fit doubles it (up to the max)',
  }),
  duckdbMemoryLimitMax: setting({
    env: 'TASKSHARE_DUCKDB_MEMORY_LIMIT_MAX',
    flag: 'duckdb-memory-limit-max',
    schema: z.string().regex(MEMORY_SIZE).default('1GB'),
    description: "The most DuckDB's memory limit may grow to",
  }),
  leanHeap: setting({
    env: 'TASKSHARE_LEAN_HEAP',
    flag: 'lean-heap',
    schema: z.enum(['off', 'on', 'max']).default('on'),
    description:
      "Memory policy of the server: on grows V8's old generation only 30% past its live data (V8: up to 4x) and has DuckDB's " +
      'allocator return freed pages at once (DuckDB: after 1 s); max also holds the young generation at 1 MB (about 25 MB less ' +
      'while ingesting, about a fifth fewer requests/s under heavy read load); off changes nothing',
  }),
  store: setting({
    env: 'TASKSHARE_STORE',
    flag: 'store',
    schema: z.enum(['auto', 'duckdb', 'postgres']).default('auto'),
    description:
      'Where events and rollups live: the embedded DuckDB file, or PostgreSQL for several servers; auto = PostgreSQL when a ' +
      'database URL is set, else DuckDB',
  }),
  databaseUrl: setting({
    env: 'TASKSHARE_DATABASE_URL',
    flag: 'database-url',
    schema: z.string().default(''),
    description: 'PostgreSQL connection URL: set, it selects the PostgreSQL store',
    secret: true,
  }),
  pgSchema: setting({
    env: 'TASKSHARE_PG_SCHEMA',
    flag: 'pg-schema',
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .default('taskshare'),
    description: 'PostgreSQL schema holding the tables',
  }),
  // Several servers on one store: how soon one sees what another wrote (docs/deploy.md).
  snapshotCheckMs: setting({
    env: 'TASKSHARE_SNAPSHOT_CHECK_MS',
    flag: 'snapshot-check-ms',
    schema: int(100, 60_000).default(1_000),
    description:
      'On a shared store (PostgreSQL), how often the cached snapshot checks whether another server wrote, and the least time ' +
      'between two recomputations: events ingested anywhere show everywhere within about this long',
  }),
  keyCacheMs: setting({
    env: 'TASKSHARE_KEY_CACHE_MS',
    flag: 'key-cache-ms',
    schema: int(0, 3_600_000).default(30_000),
    description: 'How long a server remembers an API key lookup: a key revoked through another server stops working here within this long',
  }),
  demo: setting({
    env: 'TASKSHARE_DEMO',
    flag: 'demo',
    schema: z.enum(['auto', 'on', 'off']).default('auto'),
    description:
      'Load the demo dataset: auto = only into an empty embedded (DuckDB) store, never PostgreSQL; on = always top up; off = never. ' +
      'An interrupted load is completed at the next start unless off',
  }),
  topModels: setting({
    env: 'TASKSHARE_TOP_MODELS',
    flag: 'top-models',
    schema: int(1, 100).default(10),
    description: 'Models listed per tag',
  }),
  rateLimitPerMinute: setting({
    env: 'TASKSHARE_RATE_LIMIT_PER_MINUTE',
    flag: 'rate-limit-per-minute',
    schema: int(1).default(30),
    description: 'Requests per minute per key',
  }),
  rateLimitPerDay: setting({
    env: 'TASKSHARE_RATE_LIMIT_PER_DAY',
    flag: 'rate-limit-per-day',
    schema: int(1).default(500),
    description: 'Requests per UTC day per account',
  }),
  // The read endpoint's limits (above) are the contract's; ingestion and the admin API have their own.
  adminRateLimitPerMinute: setting({
    env: 'TASKSHARE_ADMIN_RATE_LIMIT_PER_MINUTE',
    flag: 'admin-rate-limit-per-minute',
    schema: int(1).default(120),
    description: 'Admin API requests per minute per key',
  }),
  ingestEventsPerSecond: setting({
    env: 'TASKSHARE_INGEST_EVENTS_PER_SECOND',
    flag: 'ingest-events-per-second',
    schema: int(1).default(5_000),
    description: "Ingested events per second per account (counted per minute, so a minute's worth may come in one burst)",
  }),
  redisUrl: setting({
    env: 'TASKSHARE_REDIS_URL',
    flag: 'redis-url',
    schema: z.string().default(''),
    description: 'Redis URL for shared rate limits (empty: in-process memory)',
    secret: true,
  }),
  redisPrefix: setting({
    env: 'TASKSHARE_REDIS_PREFIX',
    flag: 'redis-prefix',
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_:.-]{1,64}$/)
      .default('taskshare'),
    description:
      "Prefix of taskshare's Redis keys: servers sharing limits use the same one, separate deployments on one Redis different ones",
  }),
  sampleRate: setting({
    env: 'TASKSHARE_SAMPLE_RATE',
    flag: 'sample-rate',
    schema: z.coerce.number().min(0).max(1).default(1),
    description: 'Fraction of requests classified and stored, chosen by a hash of the id',
  }),
  confidenceLevel: setting({
    env: 'TASKSHARE_CONFIDENCE_LEVEL',
    flag: 'confidence-level',
    schema: z.coerce.number().min(0.5).max(0.999).default(0.95),
    description: "Confidence level of the share intervals taskshare's own read API gives (0.95: 95%)",
  }),
  minUsers: setting({
    env: 'TASKSHARE_MIN_USERS',
    flag: 'min-users',
    schema: int(0).default(0),
    description:
      'Privacy threshold: a model (or a tag) is listed only when at least this many distinct users sent its requests in the window; 0: off',
  }),
  maxBodyBytes: setting({
    env: 'TASKSHARE_MAX_BODY_BYTES',
    flag: 'max-body-bytes',
    schema: int(1024).default(10 * 1024 * 1024),
    description: 'Largest ingest request body, in bytes (10 MiB)',
  }),
  maxEventsPerRequest: setting({
    env: 'TASKSHARE_MAX_EVENTS',
    flag: 'max-events',
    schema: int(1).default(10_000),
    description: 'Most events in one ingest request',
  }),
  maxRecordBytes: setting({
    env: 'TASKSHARE_MAX_RECORD_BYTES',
    flag: 'max-record-bytes',
    schema: int(256).default(1024 * 1024),
    description: 'Largest single event record, in bytes (1 MiB)',
  }),
  retentionDays: setting({
    env: 'TASKSHARE_RETENTION_DAYS',
    flag: 'retention-days',
    schema: int(8).default(35),
    description: 'Days raw events (and so idempotency by id) are kept; rollups are kept for good',
  }),
  classifierThreshold: setting({
    env: 'TASKSHARE_CLASSIFIER_THRESHOLD',
    flag: 'classifier-threshold',
    schema: z.coerce.number().min(0).max(1).default(0.4),
    description: 'Below this confidence the built-in classifier answers `other`',
  }),
  classifierWorkers: setting({
    env: 'TASKSHARE_CLASSIFIER_WORKERS',
    flag: 'classifier-workers',
    schema: z.union([z.literal('auto'), int(0, 64)]).default('auto'),
    description:
      'Worker threads that run the built-in classifier while ingesting: auto = cores - 1, at most 4 (0 on one core); 0 = on the ' +
      'main thread',
  }),
  llmUrl: setting({
    env: 'TASKSHARE_LLM_URL',
    flag: 'llm-url',
    schema: z.string().default(''),
    description: 'OpenAI-compatible base URL for the optional LLM classifier',
  }),
  llmModel: setting({
    env: 'TASKSHARE_LLM_MODEL',
    flag: 'llm-model',
    schema: z.string().default(''),
    description: 'Model name for the LLM classifier',
  }),
  llmKey: setting({
    env: 'TASKSHARE_LLM_KEY',
    flag: 'llm-key',
    schema: z.string().default(''),
    description: 'API key for the LLM classifier',
    secret: true,
  }),
  llmMode: setting({
    env: 'TASKSHARE_LLM_MODE',
    flag: 'llm-mode',
    schema: z.enum(['off', 'low-confidence', 'all']).default('off'),
    description: 'When to ask the LLM classifier',
  }),
  llmTimeoutMs: setting({
    env: 'TASKSHARE_LLM_TIMEOUT_MS',
    flag: 'llm-timeout-ms',
    schema: int(1).default(10_000),
    description: 'Timeout of one LLM call, in ms',
  }),
  llmRetries: setting({
    env: 'TASKSHARE_LLM_RETRIES',
    flag: 'llm-retries',
    schema: int(0, 10).default(2),
    description: 'Retries of a failed LLM call',
  }),
  litellmApp: setting({
    env: 'TASKSHARE_LITELLM_APP',
    flag: 'litellm-app',
    schema: z.enum(['key_alias', 'team', 'none']).default('key_alias'),
    description:
      "What a LiteLLM payload's `app` is: the virtual key's alias (metadata.user_api_key_alias), its team (team alias, else team " +
      'id), or none',
  }),
  llmConcurrency: setting({
    env: 'TASKSHARE_LLM_CONCURRENCY',
    flag: 'llm-concurrency',
    schema: int(1, 1000).default(8),
    description: 'LLM calls in flight at once',
  }),
  logLevel: setting({
    env: 'TASKSHARE_LOG_LEVEL',
    flag: 'log-level',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    description: 'Log level',
  }),
  shutdownTimeoutMs: setting({
    env: 'TASKSHARE_SHUTDOWN_TIMEOUT_MS',
    flag: 'shutdown-timeout-ms',
    schema: int(0).default(10_000),
    description: 'How long in-flight requests may finish after SIGTERM, in ms',
  }),
  maxUrlLength: setting({
    env: 'TASKSHARE_MAX_URL_LENGTH',
    flag: 'max-url-length',
    schema: int(64, 65536).default(2048),
    description: 'Longest request URL accepted, in characters',
  }),
  metricsAccess: setting({
    env: 'TASKSHARE_METRICS_ACCESS',
    flag: 'metrics-access',
    schema: z.enum(['loopback', 'open', 'key']).default('loopback'),
    description: 'Who may read /metrics: loopback clients without a key, anyone, or admin keys only',
  }),
  // HTTP hardening: timeouts, the connection cap, the failed-auth throttle, the proxy to trust, CORS.
  headersTimeoutMs: setting({
    env: 'TASKSHARE_HEADERS_TIMEOUT_MS',
    flag: 'headers-timeout-ms',
    schema: int(100).default(10_000),
    description: "A request's headers must arrive within this long, in ms (else 408 and the connection closed)",
  }),
  requestTimeoutMs: setting({
    env: 'TASKSHARE_REQUEST_TIMEOUT_MS',
    flag: 'request-timeout-ms',
    schema: int(100).default(60_000),
    description: 'A whole request, headers and body, must arrive within this long, in ms (else 408 and the connection closed)',
  }),
  keepAliveTimeoutMs: setting({
    env: 'TASKSHARE_KEEP_ALIVE_TIMEOUT_MS',
    flag: 'keep-alive-timeout-ms',
    schema: int(100).default(72_000),
    description:
      'An idle keep-alive connection is closed after this long, in ms (longer than the 60 s idle timeout of common load balancers, ' +
      'which otherwise reuse a connection just closed)',
  }),
  maxConnections: setting({
    env: 'TASKSHARE_MAX_CONNECTIONS',
    flag: 'max-connections',
    schema: int(1).default(1024),
    description: 'Most open client connections; past it new ones are closed at once',
  }),
  authFailuresPerMinute: setting({
    env: 'TASKSHARE_AUTH_FAILURES_PER_MINUTE',
    flag: 'auth-failures-per-minute',
    schema: int(0).default(20),
    description:
      'Failed authentications per client address per minute before that address gets 429s for the rest of the minute (0: no throttle)',
  }),
  trustProxy: setting({
    env: 'TASKSHARE_TRUST_PROXY',
    flag: 'trust-proxy',
    schema: z
      .string()
      .regex(/^[A-Za-z0-9:./,\s]+$/)
      .default('false')
      .transform((v): boolean | string => (v === 'false' ? false : v === 'true' ? true : v)),
    description:
      "Whose X-Forwarded-For decides the client address: false (no one), true (any proxy), or the proxies' addresses/CIDRs, " +
      'comma-separated (also loopback, linklocal, uniquelocal)',
  }),
  corsOrigins: setting({
    env: 'TASKSHARE_CORS_ORIGINS',
    flag: 'cors-origins',
    schema: z
      .string()
      .regex(/^(\*|none|[^\s,]+(\s*,\s*[^\s,]+)*)$/)
      .default('*'),
    description: 'Origins a browser may call the classifications endpoint from: *, none, or a comma-separated list',
  }),
  // The rankings page (served at / and /rankings) and the read API it calls.
  publicRankings: setting({
    env: 'TASKSHARE_PUBLIC_RANKINGS',
    flag: 'public-rankings',
    schema: z.enum(['auto', 'true', 'false']).default('auto'),
    description:
      "Whether the rankings page may read taskshare's read API without a key (read only, limited per client address like a key): " +
      'auto = only when bound to a loopback address; false = the page asks for a read key',
  }),
  deploymentName: setting({
    env: 'TASKSHARE_DEPLOYMENT_NAME',
    flag: 'deployment-name',
    schema: z.string().min(1).max(100).default('taskshare'),
    description: 'This deployment\'s name, as the rankings page cites it: "Source: NAME (host/rankings), as of DATE."',
  }),
  banner: setting({
    env: 'TASKSHARE_BANNER',
    flag: 'banner',
    schema: bool().default(true),
    description: 'Print the read key and a curl line at start',
  }),
} satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;
type Parsed = { [K in SettingName]: z.output<(typeof SETTINGS)[K]['schema']> };
/** The parsed settings, with `store: auto` resolved (see loadConfig). */
export type Config = Omit<Parsed, 'store'> & { store: 'duckdb' | 'postgres' };
