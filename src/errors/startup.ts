/**
 * Why a server could not start, as one line a person can act on: what failed and what to do, with
 * no stack and no secret (passwords in URLs are masked). The serve command prints it and exits 1.
 *
 * @example
 * throw new StartupError(`cannot reach PostgreSQL at ${maskUrl(url)} (${reason(err)})`, 'check TASKSHARE_DATABASE_URL');
 */
export class StartupError extends Error {
  override name = 'StartupError';
  constructor(what: string, remedy: string) {
    super(`${what}; ${remedy}`);
  }
}

/**
 * `postgres://user:secret@host/db?sslpassword=x` -> `postgres://user:****@host/db?sslpassword=****`; anything unparsable is
 * hidden whole.
 */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    // libpq also takes secrets as parameters (?password=, ?sslpassword=, ...).
    for (const name of [...u.searchParams.keys()]) if (/pass|secret|key|token/i.test(name)) u.searchParams.set(name, '****');
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** The cause of a failure in a few words: the first line of its message, or its code. */
export function reason(err: unknown): string {
  // A host name with several addresses fails with an AggregateError whose own message is empty.
  const e = err instanceof AggregateError && err.errors.length > 0 ? err.errors[0] : err;
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown })?.code;
  const line = message.split('\n')[0]!.trim();
  return line || (typeof code === 'string' ? code : 'unknown error');
}

/** Runs one start-up step; a failure becomes the StartupError `describe` makes of it. */
export async function step<T>(run: () => Promise<T>, describe: (err: unknown) => StartupError): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw err instanceof StartupError ? err : describe(err);
  }
}

/** The store did not open: PostgreSQL unreachable or refusing, or the DuckDB file held by another server. */
export function storeFailure(store: 'duckdb' | 'postgres', where: string, err: unknown): StartupError {
  const why = reason(err);
  if ((err as Error)?.name === 'SchemaTooNewError') {
    const setting = store === 'postgres' ? 'TASKSHARE_PG_SCHEMA (--pg-schema)' : 'the data directory (--data)';
    return new StartupError(why, `run the taskshare version that wrote it (or newer), or point ${setting} elsewhere (docs/upgrading.md)`);
  }
  if (store === 'postgres') {
    return new StartupError(
      `cannot connect to PostgreSQL at ${maskUrl(where)} (${why})`,
      'check that it is running and that TASKSHARE_DATABASE_URL (--database-url) is right',
    );
  }
  // DuckDB's words for a file written by a newer DuckDB than this taskshare bundles.
  if (/Trying to read a database file with version number|storage version greater than the latest version supported/i.test(why)) {
    return new StartupError(
      `the DuckDB file in ${where} was written by a newer taskshare (its DuckDB storage format is newer than this one reads)`,
      'run the taskshare version that wrote it, or newer (docs/upgrading.md)',
    );
  }
  if (/Could not set lock/i.test(why)) {
    const pid = /\(PID (\d+)\)/.exec(why)?.[1];
    return new StartupError(
      `the data directory ${where} is in use by another taskshare server${pid ? ` (PID ${pid})` : ''}`,
      'stop that server, or give this one another --data directory',
    );
  }
  return new StartupError(
    `cannot open the DuckDB store in ${where} (${why})`,
    'check that the data directory (--data) is writable and not damaged',
  );
}

export function redisFailure(url: string, err: unknown): StartupError {
  return new StartupError(
    `cannot connect to Redis at ${maskUrl(url)} (${reason(err)})`,
    'check that it is running and that TASKSHARE_REDIS_URL (--redis-url) is right, or leave it empty for in-process limits',
  );
}

export function listenFailure(host: string, port: number, err: unknown): StartupError {
  const code = (err as { code?: string }).code;
  if (code === 'EADDRINUSE')
    return new StartupError(
      `cannot listen on ${host}:${port}: the port is in use`,
      'stop the process using it, or choose another with --port (PORT)',
    );
  if (code === 'EACCES')
    return new StartupError(
      `cannot listen on ${host}:${port}: permission denied`,
      'use a port above 1023, or choose another with --port (PORT)',
    );
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new StartupError(`cannot listen on ${host}:${port}: no such local address`, 'choose another with --host (HOST)');
  return new StartupError(`cannot listen on ${host}:${port} (${reason(err)})`, 'check --host and --port');
}
