/**
 * How CLI commands call the running server: @taskshare/sdk at the URL and with the key of a
 * Connection (connection.ts). Failures become CliError with a sentence a person can act on.
 */
import { ApiResponseError, ConnectionError, SDKValidationError, TaskShare, TaskShareError } from '@taskshare/sdk';
import { type Connection, refusedKeyMessage } from './connection.ts';
import { CliError } from './errors.ts';

export { CliError } from './errors.ts';

/** The SDK for `conn`. No retries: a command says at once what is wrong. */
export const client = (conn: Connection): TaskShare =>
  new TaskShare({ apiKey: conn.key, serverURL: `${conn.url}/api/v1`, retryConfig: { strategy: 'none' } });

/** The innermost message of an error: `connect ECONNREFUSED 127.0.0.1:9`, not `fetch failed`. */
export function innermost(err: Error): string {
  let e: Error = err;
  while (e.cause instanceof Error) e = e.cause;
  return e.message;
}

/** An SDK failure as the sentence the CLI prints. */
export function cliError(err: unknown, conn: Connection): unknown {
  if (err instanceof ConnectionError) {
    return new CliError(
      `cannot reach the server at ${conn.url} (${innermost(err)}); is it running? Pass --url or set TASKSHARE_URL if it is elsewhere.`,
    );
  }
  if (err instanceof ApiResponseError) {
    if (err.statusCode === 401) return new CliError(refusedKeyMessage(conn, err.error.message));
    return new CliError(`${err.statusCode}: ${err.error.message}`);
  }
  if (err instanceof TaskShareError) {
    let json = true;
    try {
      JSON.parse(err.body);
    } catch {
      json = false;
    }
    return new CliError(
      json
        ? `${err.statusCode}: ${err.rawResponse.statusText || err.message}`
        : `the server answered ${err.statusCode} with a body that is not JSON`,
    );
  }
  if (err instanceof SDKValidationError) return new CliError(err.message);
  return err;
}

/** `body(sdk)` for `conn`, its failure as a CliError. */
export async function call<T>(conn: Connection, body: (sdk: TaskShare) => Promise<T>): Promise<T> {
  try {
    return await body(client(conn));
  } catch (err) {
    throw cliError(err, conn);
  }
}
