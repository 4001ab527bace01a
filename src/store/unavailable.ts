/**
 * A dependency (the database, for now) that does not answer: the request gets a 503 with Retry-After
 * instead of a 500, and nothing was committed, so the client's retry is safe (ingestion is idempotent).
 */
export class DependencyUnavailableError extends Error {
  override name = 'DependencyUnavailableError';
  readonly statusCode = 503;
  constructor(
    readonly dependency: string,
    readonly retryAfterSeconds: number,
    readonly causeCode: string,
  ) {
    super(`Service Unavailable: the ${dependency} is not answering; retry later`);
  }
}

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** SQLSTATE classes that mean "not now" rather than "wrong": connection (08), resources (53), operator intervention (57). */
const TRANSIENT_SQLSTATE = /^(08|53|57)/;
const TRANSIENT_MESSAGE = new RegExp(
  [
    'Connection terminated',
    'timeout exceeded when trying to connect',
    'Client has encountered a connection error',
    'Connection is closed',
    'the database system is (starting up|shutting down)',
  ].join('|'),
  'i',
);

/** Whether a PostgreSQL client error means the server is away (or overloaded) rather than a bug. */
export function isTransientDatabaseError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || (code.length === 5 && TRANSIENT_SQLSTATE.test(code)))) return true;
  return err instanceof Error && TRANSIENT_MESSAGE.test(err.message);
}

/** Serialization failures and deadlocks: the transaction was rolled back whole and may simply be run again. */
export function isRetryableTransactionError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === '40001' || code === '40P01';
}
