/**
 * How CLI commands call the running server: the URL and key of a Connection (connection.ts).
 * Failures become CliError with a sentence a person can act on.
 */
import { type Connection, refusedKeyMessage } from './connection.ts';
import { CliError } from './errors.ts';

export { CliError } from './errors.ts';

export async function call<T>(method: string, path: string, conn: Connection, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${conn.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${conn.key}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new CliError(
      `cannot reach the server at ${conn.url} ` +
        `(${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}); is it ` +
        `running? Pass --url or set TASKSHARE_URL if it is elsewhere.`,
    );
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(`the server answered ${response.status} with a body that is not JSON`);
  }
  if (!response.ok) {
    const message = (json as { error?: { message?: string } }).error?.message ?? response.statusText;
    if (response.status === 401) throw new CliError(refusedKeyMessage(conn, message));
    throw new CliError(`${response.status}: ${message}`);
  }
  return json as T;
}
